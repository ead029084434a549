package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TlsTrustedIssuerCheckTest {

  private final TlsTrustedIssuerCheck check = new TlsTrustedIssuerCheck();
  private static final Map<String, Object> PARAMS =
      Map.of("prerequisites", List.of("ClusterIssuer/corporate-ca"));
  private static final String EXPECTED = ": expected an issuer of a trusted CA (ACME, Vault, or"
      + " a CA issuer whose CA certificate comes from outside the cluster)";

  @Test
  void passes_for_prerequisites_external_ca_secrets_and_acme() {
    assertEquals(List.of(), CheckFixtures.reported(check, "pass", PARAMS));
  }

  @Test
  void reports_self_signed_issuers_chains_and_unknown_issuers() {
    assertEquals(List.of(
        "Certificate/prometheus: is issued by Issuer/selfsigned, a selfSigned issuer" + EXPECTED,
        "Certificate/root-ca: is issued by Issuer/selfsigned, a selfSigned issuer" + EXPECTED,
        "Certificate/grafana: is issued by Issuer/monitoring-ca, a CA issuer whose CA"
            + " certificate Certificate/root-ca comes from the selfSigned Issuer/selfsigned"
            + EXPECTED,
        "Certificate/alertmanager: is issued by Issuer/team-ca, which is neither in the render"
            + " nor a cluster prerequisite: expected one of [ClusterIssuer/corporate-ca] or an"
            + " Issuer/ClusterIssuer of the render, found Issuer/monitoring/team-ca"),
        CheckFixtures.reported(check, "fail", PARAMS));
  }

  @Test
  void reports_a_cluster_issuer_missing_from_the_prerequisites() {
    assertEquals(List.of("Certificate/prometheus: is issued by ClusterIssuer/corporate-ca, which"
        + " is neither in the render nor a cluster prerequisite: expected one of [] or an"
        + " Issuer/ClusterIssuer of the render, found ClusterIssuer/corporate-ca"),
        CheckFixtures.reported(check, "pass", Map.of()));
  }
}
