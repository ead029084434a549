package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkScrapeAllowedCheckTest {

  private final NetworkScrapeAllowedCheck check = new NetworkScrapeAllowedCheck();

  @Test
  void passes_when_egress_and_ingress_allow_every_scraped_port() {
    assertEquals(List.of(), CheckFixtures.reported(check, "pass", Map.of()));
  }

  @Test
  void reports_blocked_ingress_port_ranges_and_unlabelled_namespaces() {
    String expected = "; expected an egress rule of a policy selecting the Prometheus pods and"
        + " an ingress rule of a policy selecting the target pods, both allowing port ";
    String egress = "no egress rule of NetworkPolicy [default-deny, prometheus] (selecting"
        + " Prometheus/main) allows it";
    assertEquals(List.of(
        "ServiceMonitor/grafana: endpoint 0 (port http): Prometheus/main cannot reach"
            + " Deployment/grafana on TCP port 3000: no ingress rule of NetworkPolicy"
            + " [default-deny, grafana] (selecting Deployment/grafana) allows it" + expected
            + "3000",
        "ServiceMonitor/kube-state-metrics: endpoint 1 (port telemetry): Prometheus/main cannot"
            + " reach Deployment/kube-state-metrics on TCP port 8081: " + egress + expected
            + "8081",
        "PodMonitor/shop: endpoint 0 (port metrics): Prometheus/main cannot reach"
            + " Deployment/shop on TCP port 8000: " + egress + expected + "8000"),
        CheckFixtures.reported(check, "fail", Map.of()));
  }
}
