package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.ObjectRef;

class NetworkDefaultDenyCheckTest {

  private final NetworkDefaultDenyCheck check = new NetworkDefaultDenyCheck();

  @Test
  void passes_when_an_empty_selector_policy_denies_both_directions() {
    assertEquals(List.of(), CheckFixtures.reported(check, "pass", Map.of()));
  }

  @Test
  void reports_the_candidate_when_the_namespace_wide_policy_has_rules() {
    List<Finding> findings = CheckFixtures.run(check, "fail", Map.of());
    assertEquals(List.of("NetworkPolicy/default-deny: selects every pod of namespace monitoring"
        + " but is not a default deny: expected policyTypes [Ingress, Egress] and no rules,"
        + " found policyTypes unset and 1 ingress rule(s)"),
        CheckFixtures.reported(check, findings));
    assertEquals("monitoring", findings.get(0).object().namespace());
    assertEquals("SEC-5", findings.get(0).requirement());
  }

  @Test
  void reports_the_target_when_no_policy_selects_every_pod() {
    List<Finding> findings = CheckFixtures.run(check, "missing", Map.of());
    assertEquals(List.of("namespace monitoring has no default-deny NetworkPolicy: expected one"
        + " with podSelector {} and policyTypes [Ingress, Egress] and no rules, found 1"
        + " NetworkPolicies, none selecting every pod"), CheckFixtures.reported(check, findings));
    assertEquals(ObjectRef.NONE, findings.get(0).object());
  }

  @Test
  void ignores_a_namespace_without_workloads() {
    assertEquals(List.of(), CheckFixtures.reported(check, "missing",
        Map.of("namespace", "apps")));
  }
}
