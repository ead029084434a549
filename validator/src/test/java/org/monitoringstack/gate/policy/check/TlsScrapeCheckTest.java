package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TlsScrapeCheckTest {

  private final TlsScrapeCheck check = new TlsScrapeCheck();
  private static final String EXPECTED = " does not use verified TLS: expected scheme https"
      + " with tlsConfig.ca (or caFile) and tlsConfig.serverName, without insecureSkipVerify,"
      + " found ";
  private static final String DATASOURCE = " does not use verified TLS: expected an https url"
      + " with jsonData.tlsAuthWithCACert: true, secureJsonData.tlsCACert and no tlsSkipVerify,"
      + " found ";

  @Test
  void passes_when_scrapes_alerting_and_datasources_verify_tls() {
    assertEquals(List.of(), CheckFixtures.reported(check, "pass", Map.of()));
  }

  @Test
  void reports_each_unverified_connection() {
    assertEquals(List.of(
        "ServiceMonitor/grafana: endpoint 0 (port http)" + EXPECTED
            + "scheme http (default), no tlsConfig",
        "ServiceMonitor/grafana: endpoint 1 (port http)" + EXPECTED
            + "no CA in tlsConfig, no serverName, insecureSkipVerify: true",
        "PodMonitor/shop: endpoint 0 (port metrics)" + EXPECTED + "no serverName",
        "ScrapeConfig/external-db: scrape" + EXPECTED + "scheme http (default)",
        "Prometheus/main: alerting endpoint 0 (alertmanager)" + EXPECTED
            + "scheme http (default), no tlsConfig",
        "Secret/grafana-datasources: Grafana datasource Prometheus in datasources.yaml"
            + DATASOURCE
            + "url http://prometheus.monitoring.svc:9090, tlsAuthWithCACert unset",
        "Secret/grafana-datasources: Grafana datasource Alertmanager in datasources.yaml"
            + DATASOURCE + "no secureJsonData.tlsCACert, tlsSkipVerify: true"),
        CheckFixtures.reported(check, "fail", Map.of()));
  }
}
