package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.monitoringstack.gate.model.Finding;

class IngressAdminOnlyCheckTest {

  static final Map<String, Object> PARAMS = Map.of("adminCidrs", List.of("10.10.10.0/24",
      "10.10.20.0/24"));

  private final IngressAdminOnlyCheck check = new IngressAdminOnlyCheck();

  @Test
  void passes_allowlisted_ingresses_and_a_proxied_prometheus() {
    assertEquals(List.of(), CheckFixtures.messages(check, "pass", PARAMS));
  }

  @Test
  void reports_a_wide_allowlist_a_missing_one_and_a_ui_without_authentication() {
    List<Finding> findings = CheckFixtures.run(check, "fail", PARAMS);

    assertEquals(List.of(
        "Ingress/prometheus: admits [0.0.0.0/0] (nginx.ingress.kubernetes.io/allowlist-source-range):"
            + " expected only blocks within the admin networks [10.10.10.0/24, 10.10.20.0/24]",
        "Ingress/prometheus: routes to [prometheus], which have no login of their own, without"
            + " authentication: expected nginx.ingress.kubernetes.io/auth-url naming an"
            + " authenticating proxy Service of the render, found none",
        "Ingress/alertmanager: admits every source address: expected the annotation"
            + " nginx.ingress.kubernetes.io/allowlist-source-range listing only the admin"
            + " networks [10.10.10.0/24, 10.10.20.0/24]",
        "Ingress/alertmanager: routes to [alertmanager], which have no login of their own,"
            + " without authentication: expected nginx.ingress.kubernetes.io/auth-url naming an"
            + " authenticating proxy Service of the render, found"
            + " 'https://auth.example.com/oauth2/auth'"),
        CheckFixtures.reported(check, findings));
    assertEquals(List.of("ingress.admin-only"),
        findings.stream().map(Finding::check).distinct().toList());
    assertEquals("SEC-6", findings.get(0).requirement());
  }

  @Test
  void reads_the_service_an_in_cluster_auth_url_names() {
    assertEquals(Optional.of("monitoring/oauth2-proxy"), IngressAdminOnlyCheck.proxyService(
        "https://oauth2-proxy.monitoring.svc.cluster.local:4443/oauth2/auth", "x"));
    assertEquals(Optional.of("x/oauth2-proxy"),
        IngressAdminOnlyCheck.proxyService("http://oauth2-proxy:4180/oauth2/auth", "x"));
    assertEquals(Optional.empty(), IngressAdminOnlyCheck.proxyService("", "x"));
  }
}
