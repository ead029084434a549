package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.Params;
import org.monitoringstack.gate.policy.SourceLocator;

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

  /** The findings on a fixture as the text report shows them: {@code file:line [id] Kind/name: message}. */
  private List<String> located(String scenario, Map<String, Object> params)
      throws URISyntaxException {
    Path root = Path.of(getClass().getClassLoader().getResource("fixtures").toURI()).getParent();
    CheckContext ctx = new CheckContext(check, CheckFixtures.TARGET,
        CheckFixtures.load(check.id(), scenario), new Params(check.id(), params), Severity.ERROR,
        new SourceLocator(root));
    List<Finding> findings = check.evaluate(ctx);
    CheckFixtures.messages(check, findings);
    return findings.stream().map(f -> f.location() + " [" + f.check() + "] "
        + f.object().display() + ": " + f.message()).toList();
  }

  @Test
  void passes_when_prometheus_reaches_the_prober_of_every_probe_it_selects() throws Exception {
    assertEquals(List.of(), located("probe-pass", Map.of("reportUnresolvedProbers", true)));
  }

  @Test
  void reports_unreachable_probers_at_the_probes_url() throws Exception {
    String file = "fixtures/checks/network.scrape-allowed/probe-fail.yaml:";
    String id = " [network.scrape-allowed] Probe/";
    String egress = "no egress rule of NetworkPolicy [prometheus] (selecting Prometheus/main)"
        + " allows an ipBlock containing it; expected an egress rule of a policy selecting the"
        + " Prometheus pods to an ipBlock that contains the prober's address, allowing port ";
    List<String> expected = List.of(
        file + "62" + id + "websites: prober blackbox-exporter.monitoring.svc.cluster.local:9115"
            + " (Service/monitoring/blackbox-exporter port 9115): Prometheus/main cannot reach"
            + " Deployment/blackbox-exporter on TCP port 9115: no ingress rule of NetworkPolicy"
            + " [blackbox-exporter] (selecting Deployment/blackbox-exporter) allows it; expected"
            + " an egress rule of a policy selecting the Prometheus pods and an ingress rule of a"
            + " policy selecting the prober's pods, both allowing port 9115",
        file + "72" + id + "wrong-port: prober blackbox-exporter.monitoring.svc:9116:"
            + " Service/monitoring/blackbox-exporter has no TCP port 9116, so Prometheus/main"
            + " cannot reach the prober; expected the URL to name a port of the Service",
        file + "82" + id + "remote: prober 192.0.2.200:9115 is outside the cluster:"
            + " Prometheus/main cannot reach 192.0.2.200 on TCP port 9115: " + egress + "9115",
        file + "92" + id + "saas: prober probes.example.net is outside the cluster:"
            + " Prometheus/main cannot reach probes.example.net on TCP port 443: " + egress
            + "443");
    assertEquals(expected, located("probe-fail", Map.of()));
    assertEquals(List.of(file + "103" + id + "apps: prober blackbox.apps.svc:9115 names"
        + " Service/apps/blackbox, which is not in the render, so whether Prometheus/main may"
        + " reach it cannot be judged; expected the prober's Service and pods in the render"),
        located("probe-fail", Map.of("reportUnresolvedProbers", true)).subList(4, 5));
  }

  @Test
  void does_not_judge_probes_a_prometheus_without_probe_selector_ignores() {
    var resources = new java.util.ArrayList<>(CheckFixtures.parse("prometheus.yaml", """
        apiVersion: monitoring.coreos.com/v1
        kind: Prometheus
        metadata: {name: main, namespace: monitoring}
        spec: {serviceMonitorSelector: {}}
        """));
    CheckFixtures.load(check.id(), "probe-fail").stream().filter(r -> !r.is("Prometheus"))
        .forEach(resources::add);
    assertEquals(List.of(), CheckFixtures.reported(check, check.evaluate(
        CheckFixtures.context(check, resources, Map.of("reportUnresolvedProbers", true)))));
  }
}
