package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkCoverageCheckTest {

  private final NetworkCoverageCheck check = new NetworkCoverageCheck();

  @Test
  void passes_when_per_component_policies_select_every_pod_both_ways() {
    assertEquals(List.of(), CheckFixtures.reported(check, "pass", Map.of()));
  }

  @Test
  void reports_each_direction_no_policy_selects() {
    String expected = ": expected at least one policy selecting them for each of Ingress and"
        + " Egress, so that traffic is denied unless allowed";
    assertEquals(List.of(
        "Deployment/grafana: its pods in namespace monitoring are selected by no NetworkPolicy"
            + " for Egress" + expected,
        "Prometheus/main: its pods in namespace monitoring are selected by no NetworkPolicy"
            + " for Ingress and Egress" + expected,
        "DaemonSet/node-exporter: its pods in namespace monitoring are selected by no"
            + " NetworkPolicy for Ingress and Egress" + expected),
        CheckFixtures.reported(check, "fail", Map.of()));
  }
}
