package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonitoringCoverageCheckTest {

  private final MonitoringCoverageCheck check = new MonitoringCoverageCheck();

  @Test
  void passes_with_match_expressions_match_names_pod_monitors_and_exclusions() {
    assertEquals(List.of(), CheckFixtures.reported(check, "pass", Map.of()));
  }

  @Test
  void reports_unscraped_services_wrong_ports_empty_selections_and_unpicked_monitors() {
    String unpicked = ": is picked up by no Prometheus: expected its labels and namespace to"
        + " match the serviceMonitorSelector and serviceMonitorNamespaceSelector of one of"
        + " [Prometheus/main], found no match";
    assertEquals(List.of(
        "Service/grafana: is selected by [ServiceMonitor/grafana] but no endpoint names one of"
            + " its ports: expected an endpoint port in [http], found none",
        "Service/kube-state-metrics: is scraped by no ServiceMonitor or PodMonitor: expected a"
            + " ServiceMonitor whose selector and namespaceSelector select it, with an endpoint"
            + " naming one of its ports [http-metrics], found none selecting it",
        "ServiceMonitor/grafana: endpoint 0 (port web) matches no port of the Services"
            + " [grafana]: expected the name of an existing Service port, found none",
        "ServiceMonitor/kube-state-metrics: selects no Service: expected its selector"
            + " {app.kubernetes.io/name=kube-state-metrics} to match a Service in namespaces"
            + " [platform], found none",
        "ServiceMonitor/kube-state-metrics" + unpicked,
        "ServiceMonitor/leftover: selects no Service: expected its selector unset to match a"
            + " Service in namespaces [monitoring], found none",
        "ServiceMonitor/leftover" + unpicked),
        CheckFixtures.reported(check, "fail", Map.of()));
  }

  @Test
  void requires_the_operator_services_when_the_profile_excludes_nothing() {
    assertEquals(List.of("Service/prometheus-operated: is scraped by no ServiceMonitor or"
        + " PodMonitor: expected a ServiceMonitor whose selector and namespaceSelector select"
        + " it, with an endpoint naming one of its ports [web], found none selecting it"),
        CheckFixtures.reported(check, "pass", Map.of("exclude", List.of())));
  }
}
