package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.monitoringstack.gate.policy.PolicyException;

class NetworkAdminOnlyCheckTest {

  private final NetworkAdminOnlyCheck check = new NetworkAdminOnlyCheck();

  static final Map<String, Object> PARAMS = Map.of(
      "adminCidrs", List.of("10.20.0.0/16"),
      "ingressController", Map.of("namespace", "ingress-nginx",
          "podLabels", Map.of("app.kubernetes.io/name", "ingress-nginx")));

  private static final String EXPECTED = "; expected only pods of namespace monitoring, the"
      + " ingress controller (namespace ingress-nginx) or ipBlocks within the admin CIDRs"
      + " [10.20.0.0/16]";

  @Test
  void passes_when_uis_admit_the_controller_admin_cidrs_and_monitoring_pods() {
    assertEquals(List.of(), CheckFixtures.reported(check, "pass", PARAMS));
  }

  @Test
  void reports_wide_ip_blocks_unpinned_namespaces_open_rules_and_unselected_uis() {
    String grafana = "NetworkPolicy/grafana: ingress rule 0 lets ";
    String reach = " reach Deployment/grafana on UI port 3000";
    assertEquals(List.of(
        grafana + "ipBlock 0.0.0.0/0" + reach + EXPECTED,
        grafana + "ipBlock 10.0.0.0/8" + reach + EXPECTED,
        grafana + "pods {app.kubernetes.io/name=ingress-nginx} of namespaces {}" + reach
            + EXPECTED,
        grafana + "pods {} of namespaces {kubernetes.io/metadata.name=ingress-nginx}" + reach
            + EXPECTED,
        "NetworkPolicy/prometheus: ingress rule 0 lets every source reach Prometheus/main on UI"
            + " port 9090 (no from)" + EXPECTED,
        "Alertmanager/main: accepts traffic on UI port 9093 from anywhere: no NetworkPolicy"
            + " selects its pods for Ingress" + EXPECTED),
        CheckFixtures.reported(check, "fail", PARAMS));
  }

  @Test
  void rejects_an_admin_cidr_that_is_not_a_block() {
    PolicyException e = assertThrows(PolicyException.class, () -> CheckFixtures.run(check,
        "pass", Map.of("adminCidrs", List.of("10.20.0.0"))));
    assertEquals("check network.admin-only: adminCidrs entry '10.20.0.0' is not a CIDR block",
        e.getMessage());
  }
}
