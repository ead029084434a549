package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.policy.PolicyException;

class NetworkLeastPrivilegeCheckTest {

  static final Map<String, Object> PARAMS = Map.of(
      "adminCidrs", List.of("10.10.0.0/24"),
      "ingressController", Map.of("namespace", "ingress-nginx"),
      "documentedCidrs", List.of(
          Map.of("cidr", "0.0.0.0/0", "direction", "Egress", "ports", List.of(443, 587)),
          Map.of("cidr", "10.0.0.0/8", "direction", "Egress", "ports", List.of(5432, 9100))));

  private final NetworkLeastPrivilegeCheck check = new NetworkLeastPrivilegeCheck();

  @Test
  void passes_named_peers_named_ports_and_documented_ranges() {
    assertEquals(List.of(), CheckFixtures.messages(check, "pass", PARAMS));
  }

  @Test
  void reports_every_flow_the_guide_does_not_allow_at_its_rule() {
    List<Finding> findings = CheckFixtures.run(check, "fail", PARAMS);

    assertEquals(List.of(
        "NetworkPolicy/prometheus: ingress rule 0 admits pods of namespaces [team-a] into"
            + " namespace monitoring: expected only pods of monitoring and the ingress controller"
            + " (namespace ingress-nginx)",
        "NetworkPolicy/prometheus: ingress rule 1 allows every source (no from): expected the"
            + " peers it is for",
        "NetworkPolicy/prometheus: egress rule 0 has an empty peer ({}), which the API server"
            + " rejects and readers take for every peer: expected a podSelector,"
            + " namespaceSelector or ipBlock",
        "NetworkPolicy/prometheus: egress rule 1 allows every port (no ports): expected the"
            + " ports of the flow",
        "NetworkPolicy/prometheus: egress rule 1 selects pods of every namespace"
            + " (namespaceSelector: {}): expected the namespaces it is for",
        "NetworkPolicy/prometheus: egress rule 2 allows ipBlock 0.0.0.0/0 on ports 22: expected"
            + " a block within a documented range of the profile (0.0.0.0/0 (Egress, ports [443,"
            + " 587]), 10.0.0.0/8 (Egress, ports [5432, 9100]))"),
        CheckFixtures.reported(check, findings));
    assertEquals(List.of("network.least-privilege"),
        findings.stream().map(Finding::check).distinct().toList());
    assertEquals("SEC-5", findings.get(0).requirement());
  }

  @Test
  void names_a_documented_range_that_is_not_a_cidr() {
    Map<String, Object> bad = Map.of("documentedCidrs",
        List.of(Map.of("cidr", "everywhere", "direction", "Egress")));

    PolicyException e = assertThrows(PolicyException.class,
        () -> CheckFixtures.run(check, "pass", bad));

    assertEquals("check network.least-privilege: documentedCidrs entry 'everywhere' is not a"
        + " CIDR block", e.getMessage());
  }
}
