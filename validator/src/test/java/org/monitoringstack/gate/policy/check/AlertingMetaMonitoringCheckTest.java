package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.policy.PolicyException;

class AlertingMetaMonitoringCheckTest {

  /** The production profile's list (policies/profiles-group-b.md). */
  static final List<String> REQUIRED = List.of(
      "Watchdog",
      "Prometheus(Down|Absent|InstanceDown)",
      "Prometheus.*(ConfigReload|BadConfig|FailedReload).*",
      "PrometheusTSDB.*",
      "Alertmanager(Down|Absent|InstanceDown)",
      "Alertmanager.*(ConfigReload|FailedReload|BadConfig|ConfigInconsistent).*",
      "Alertmanager.*(FailedToSend|NotificationsFail|ClusterFailedToSend).*",
      "PrometheusOperator.*",
      "TargetDown");

  private final AlertingMetaMonitoringCheck check = new AlertingMetaMonitoringCheck();

  @Test
  void passes_when_every_required_alert_exists_across_rules() {
    assertEquals(List.of(), CheckFixtures.messages(check, "pass",
        Map.of("requiredAlerts", REQUIRED)));
  }

  @Test
  void reports_each_missing_alert() {
    String found = ": expected an alert on the monitoring stack's own health whose name matches"
        + " it, found 3 alerts in 1 PrometheusRules, none matching";
    assertEquals(List.of(
        "no PrometheusRule alert matches Prometheus.*(ConfigReload|BadConfig|FailedReload).*"
            + found,
        "no PrometheusRule alert matches PrometheusTSDB.*" + found,
        "no PrometheusRule alert matches"
            + " Alertmanager.*(ConfigReload|FailedReload|BadConfig|ConfigInconsistent).*" + found,
        "no PrometheusRule alert matches"
            + " Alertmanager.*(FailedToSend|NotificationsFail|ClusterFailedToSend).*" + found,
        "no PrometheusRule alert matches PrometheusOperator.*" + found,
        "no PrometheusRule alert matches TargetDown" + found),
        CheckFixtures.messages(check, "fail", Map.of("requiredAlerts", REQUIRED)));
  }

  @Test
  void reports_missing_alerts_on_the_prometheus_when_rules_exist() {
    List<Finding> findings = CheckFixtures.run(check, "fail", Map.of("requiredAlerts", REQUIRED));
    // not on whichever PrometheusRule comes first: the alert is missing from all of them
    assertEquals(List.of("Prometheus/main"),
        findings.stream().map(f -> f.object().display()).distinct().toList());
  }

  @Test
  void reports_the_prometheus_when_there_are_no_rules() {
    List<Finding> findings = CheckFixtures.run(check, "norules",
        Map.of("requiredAlerts", List.of("Watchdog")));
    assertEquals(List.of("no PrometheusRule alert matches Watchdog: expected an alert on the"
        + " monitoring stack's own health whose name matches it, found 0 alerts in 0"
        + " PrometheusRules, none matching"), CheckFixtures.messages(check, findings));
    assertEquals("Prometheus/main", findings.get(0).object().display());
  }

  @Test
  void rejects_a_required_alert_that_is_not_a_regex() {
    PolicyException e = assertThrows(PolicyException.class, () -> CheckFixtures.run(check,
        "pass", Map.of("requiredAlerts", List.of("Prometheus("))));
    assertEquals("check alerting.meta-monitoring: requiredAlerts entry 'Prometheus(' is not a"
        + " regular expression: Unclosed group", e.getMessage());
  }
}
