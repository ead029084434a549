package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TlsWebCheckTest {

  private final TlsWebCheck check = new TlsWebCheck();
  private static final String OPERATOR = ": serves its UI and API over plain HTTP: expected"
      + " spec.web.tlsConfig with cert.secret and keySecret, found ";
  private static final String EXPORTER = ": serves metrics over plain HTTP: expected a"
      + " kube-rbac-proxy sidecar with --tls-cert-file, or --web.config.file (--tls-config for"
      + " kube-state-metrics) with a mounted tls_server_config, found ";

  @Test
  void passes_when_every_component_serves_tls() {
    assertEquals(List.of(), CheckFixtures.reported(check, "pass", Map.of()));
  }

  @Test
  void reports_each_component_without_tls() {
    assertEquals(List.of(
        "Prometheus/main" + OPERATOR + "no spec.web.tlsConfig",
        "Alertmanager/main" + OPERATOR + "spec.web.tlsConfig without a key",
        "Deployment/grafana: Grafana does not serve HTTPS: expected protocol https with"
            + " cert_file and cert_key (GF_SERVER_PROTOCOL=https, GF_SERVER_CERT_FILE,"
            + " GF_SERVER_CERT_KEY or grafana.ini [server]), found protocol"
            + " GF_SERVER_PROTOCOL=http (env), no cert_key",
        "DaemonSet/node-exporter" + EXPORTER
            + "a web config flag but no mounted ConfigMap/Secret with tls_server_config",
        "Deployment/kube-state-metrics" + EXPORTER
            + "no kube-rbac-proxy with --tls-cert-file and no web config flag"),
        CheckFixtures.reported(check, "fail", Map.of()));
  }

  @Test
  void judges_only_the_exporters_the_profile_names() {
    assertEquals(List.of("Prometheus/main" + OPERATOR + "no spec.web.tlsConfig",
        "Alertmanager/main" + OPERATOR + "spec.web.tlsConfig without a key",
        "Deployment/grafana: Grafana does not serve HTTPS: expected protocol https with"
            + " cert_file and cert_key (GF_SERVER_PROTOCOL=https, GF_SERVER_CERT_FILE,"
            + " GF_SERVER_CERT_KEY or grafana.ini [server]), found protocol"
            + " GF_SERVER_PROTOCOL=http (env), no cert_key"),
        CheckFixtures.reported(check, "fail", Map.of("exporters", List.of())));
  }
}
