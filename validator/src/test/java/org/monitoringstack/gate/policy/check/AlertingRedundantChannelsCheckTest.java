package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
