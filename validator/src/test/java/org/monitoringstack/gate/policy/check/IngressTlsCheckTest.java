package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IngressTlsCheckTest {

  private final IngressTlsCheck check = new IngressTlsCheck();

  @Test
  void passes_when_every_host_has_tls_with_a_secret() {
    assertEquals(List.of(), CheckFixtures.reported(check, "pass", Map.of()));
  }

  @Test
  void reports_uncovered_hosts_and_hostless_ingresses() {
    assertEquals(List.of(
        "Ingress/grafana: host prometheus.monitoring.example.com is not covered by TLS: expected"
            + " a spec.tls entry with a secretName listing prometheus.monitoring.example.com,"
            + " found TLS hosts [*.example.com]",
        "Ingress/grafana: host alertmanager.internal is not covered by TLS: expected a spec.tls"
            + " entry with a secretName listing alertmanager.internal, found TLS hosts"
            + " [*.example.com]",
        "Ingress/alertmanager: serves requests without a host over plain HTTP: expected a"
            + " spec.tls entry with a secretName, found no spec.tls"),
        CheckFixtures.reported(check, "fail", Map.of()));
  }

  @ParameterizedTest(name = "{0} covers {1}: {2}")
  @CsvSource({
      "grafana.example.com,   grafana.example.com,     true",
      "GRAFANA.example.com,   grafana.example.com,     true",
      "*.example.com,         grafana.example.com,     true",
      "*.example.com,         a.b.example.com,         false",
      "*.example.com,         example.com,             false",
      "grafana.example.com,   prometheus.example.com,  false",
  })
  void matches_wildcards_one_label_deep(String tlsHost, String host, boolean covered) {
    assertEquals(covered, IngressTlsCheck.covers(tlsHost, host));
  }
}
