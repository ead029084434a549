package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrafanaDashboardsCheckTest {

  private final GrafanaDashboardsCheck check = new GrafanaDashboardsCheck();
  private static final Map<String, Object> PARAMS =
      Map.of("requiredDashboards", List.of("stack health", "^node", "cluster"));

  @Test
  void passes_when_providers_read_mounted_config_maps_with_the_required_dashboards() {
    assertEquals(List.of(), CheckFixtures.reported(check, "pass", PARAMS));
  }

  @Test
  void reports_broken_json_missing_config_maps_unmounted_providers_and_missing_dashboards() {
    String grafana = "Deployment/grafana: Grafana";
    String unusable = " is not a usable dashboard: expected a JSON dashboard with uid and"
        + " title, found ";
    String missing = ": expected a dashboard whose title or uid matches it, found []";
    assertEquals(List.of(
        "ConfigMap/grafana-dashboards-stack: key stack-health.json" + unusable
            + "invalid JSON (Unexpected end-of-input within/between Object entries)",
        "ConfigMap/grafana-dashboards-stack: key nodes.json" + unusable + "no uid",
        grafana + " volume dashboards-gone mounts ConfigMap grafana-dashboards-gone: expected"
            + " that ConfigMap in the render, found none",
        "ConfigMap/grafana-dashboard-providers: Grafana (Deployment/grafana) dashboard provider"
            + " scratch reads"
            + " /var/lib/grafana/scratch: expected a ConfigMap volume mounted at or under it,"
            + " found mounts [/etc/grafana/provisioning/dashboards,"
            + " /var/lib/grafana/dashboards/stack, /var/lib/grafana/dashboards/gone]",
        grafana + " provisions no dashboard matching stack health" + missing,
        grafana + " provisions no dashboard matching ^node" + missing,
        grafana + " provisions no dashboard matching cluster" + missing),
        CheckFixtures.reported(check, "fail", PARAMS));
  }

  @Test
  void reports_a_grafana_without_dashboard_provisioning() {
    assertEquals(List.of("Deployment/grafana: Grafana has no dashboard provisioning: expected a"
        + " mounted ConfigMap with a dashboard provider (providers[].options.path), found none"),
        CheckFixtures.reported(check, "none", PARAMS));
  }
}
