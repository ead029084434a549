package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.policy.PolicyFixtures;

class AlertingRedundantChannelsCheckTest {

  private final AlertingRedundantChannelsCheck check = new AlertingRedundantChannelsCheck();
  private static final String TYPES = ": expected at least 2 different integration types (e.g."
      + " slack_configs and email_configs)";

  @Test
  void passes_for_a_templated_external_secret_with_two_channels_and_a_watchdog_route() {
    assertEquals(List.of(), CheckFixtures.messages(check, "pass", Map.of()));
  }

  @Test
  void reports_single_channel_routes_and_a_dropped_watchdog_in_a_suffixed_secret() {
    String in = "Secret/alertmanager-main-config-5h8bk2f9tm: ";
    assertEquals(List.of(
        in + "critical alerts (severity=critical) reach receivers [critical, critical-mail]"
            + " with integration types [webhook_configs]" + TYPES,
        in + "alerts that no specific route takes (default route) reach receivers [default]"
            + " with integration types [webhook_configs]" + TYPES,
        in + "alertname=Watchdog reaches route.routes.0 (receiver null): expected a dead man's"
            + " switch route matching alertname=\"Watchdog\" whose receiver has an integration"),
        CheckFixtures.reported(check, "fail", Map.of()));
  }

  @Test
  void passes_the_single_channel_config_when_the_profile_asks_for_one_type() {
    assertEquals(List.of(
        "Secret/alertmanager-main-config-5h8bk2f9tm: alertname=Watchdog reaches"
            + " route.routes.0 (receiver null): expected a dead man's switch route matching"
            + " alertname=\"Watchdog\" whose receiver has an integration"),
        CheckFixtures.reported(check, "fail", Map.of("minIntegrationTypes", 1)));
  }

  @Test
  void reports_a_missing_secret_and_a_configuration_kept_out_of_git() {
    assertEquals(List.of(
        "Alertmanager/main: runs with configSecret alertmanager-main-config: expected a Secret,"
            + " ExternalSecret or ConfigMap of that name (or with a kustomize name suffix)"
            + " holding alertmanager.yaml in the render, found none",
        "ExternalSecret/alertmanager-second: takes alertmanager.yaml whole from the secret"
            + " store, so the configuration is not in git; expected"
            + " spec.target.template.data with the alertmanager.yaml template"),
        CheckFixtures.reported(check, "missing", Map.of()));
  }

  @Test
  void names_the_receivers_that_exist_and_the_file_in_its_hints_when_it_fails() {
    String file = "fixtures/checks/alerting.redundant-channels/fail.yaml";
    assertEquals(List.of(
        "in " + file + ", give receiver critical or critical-mail a second integration type, or"
            + " add a route with continue: true to a receiver of another type (routes"
            + " route.routes.1, route.routes.2)",
        "in " + file + ", give receiver default a second integration type, or add a route with"
            + " continue: true to a receiver of another type (routes route)",
        "in " + file + ", give receiver null (route route.routes.0) an integration that sends to"
            + " the dead man's switch service (e.g. webhook_configs)"),
        CheckFixtures.run(check, "fail", Map.of()).stream().map(Finding::hint).toList());
  }

  @Test
  void suggests_a_route_to_a_receiver_with_an_integration_when_no_route_matches_the_watchdog() {
    assertEquals("in f.yaml, add a first route {matchers: [alertname=\"Watchdog\"], receiver:"
        + " <R>, repeat_interval: 1m}, where <R> is a receiver whose integration sends to the"
        + " dead man's switch service (e.g. webhook_configs)",
        AlertingRedundantChannelsCheck.watchdogHint("f.yaml", "Watchdog", Optional.empty()));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      // production: the ExternalSecret's template is filled from the file beside it
      "overlays/components/external-secrets/alertmanagerMainConfig-externalSecret.yaml,"
          + " overlays/components/external-secrets/alertmanager.yaml",
      // kind: the secretGenerator's kustomization lists the file beside it
      "base/alertmanager/kustomization.yaml, base/alertmanager/alertmanager.yaml",
      // no alertmanager.yaml beside it: the object's own file
      "base/grafana/grafana-deployment.yaml, base/grafana/grafana-deployment.yaml"
  })
  void points_the_hint_at_the_file_that_holds_the_receivers_in_the_repository(String source,
      String expected) {
    Resource holder = new Resource(new ObjectRef("v1", "Secret", "monitoring",
        "alertmanager-main-config"), Map.of(), new SourceLocation(source, 3));
    AlertmanagerConfigs.Config config =
        new AlertmanagerConfigs.Config(holder, "stringData", "route: {}", "");
    assertEquals(expected, AlertmanagerConfigs.fileToEdit(config, PolicyFixtures.PRODUCTION));
  }
}
