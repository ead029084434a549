package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.list;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.LabelSelector;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.ParsedYaml;
import org.monitoringstack.gate.policy.Workload;

/**
 * {@code network.default-deny} (SEC-5): the monitoring namespace has a NetworkPolicy that
 * selects every pod ({@code podSelector: {}}) for Ingress and Egress and allows nothing, so that
 * only the explicit allow policies open traffic. Applies when the namespace has workloads in the
 * render. Param {@code namespace} (default {@code monitoring}).
 */
final class NetworkDefaultDenyCheck extends Check {

  NetworkDefaultDenyCheck() {
    super("network.default-deny", "SEC-5",
        "The monitoring namespace has a default-deny NetworkPolicy for Ingress and Egress.");
  }

  @Override
  protected void run(CheckContext context, List<Finding> out) {
    String namespace = context.params().optionalString("namespace").orElse("monitoring");
    if (Workload.all(context.resources()).stream()
        .noneMatch(w -> w.namespace().equals(namespace))) {
      return;
    }
    List<Resource> policies = context.ofKind("NetworkPolicy").stream()
        .filter(r -> r.namespace().equals(namespace)).toList();
    List<Resource> everyPod = policies.stream()
        .filter(p -> LabelSelector.parse(p.at("spec.podSelector").orElse(null))
            .orElse(LabelSelector.EVERYTHING).isEmpty())
        .toList();
    if (everyPod.stream().anyMatch(NetworkDefaultDenyCheck::isDefaultDeny)) {
      return;
    }
    String hint = "add a NetworkPolicy (e.g. default-deny) in namespace " + namespace
        + " with podSelector: {}, policyTypes: [Ingress, Egress] and no ingress or egress rules;"
        + " then allow each flow with its own policy";
    if (!everyPod.isEmpty()) {
      out.add(context.finding(everyPod.get(0), "spec.policyTypes",
          "selects every pod of namespace " + namespace
              + " but is not a default deny: expected policyTypes [Ingress, Egress] and no rules,"
              + " found " + describe(everyPod.get(0)),
          hint));
      return;
    }
    out.add(context.targetFinding(
        "namespace " + namespace + " has no default-deny NetworkPolicy: expected one with"
            + " podSelector {} and policyTypes [Ingress, Egress] and no rules, found "
            + (policies.isEmpty() ? "no NetworkPolicy"
                : policies.size() + " NetworkPolicies, none selecting every pod"),
        hint));
  }

  private static boolean isDefaultDeny(Resource p) {
    List<String> types = types(p);
    return types.contains("Ingress") && types.contains("Egress")
        && list(p.at("spec.ingress").orElse(null)).isEmpty()
        && list(p.at("spec.egress").orElse(null)).isEmpty();
  }

  private static List<String> types(Resource p) {
    return list(p.at("spec.policyTypes").orElse(null)).stream().map(ParsedYaml::str).toList();
  }

  private static String describe(Resource p) {
    List<String> types = types(p);
    int ingress = list(p.at("spec.ingress").orElse(null)).size();
    int egress = list(p.at("spec.egress").orElse(null)).size();
    return Stream.of(types.isEmpty() ? "policyTypes unset" : "policyTypes " + types,
            ingress > 0 ? ingress + " ingress rule(s)" : "",
            egress > 0 ? egress + " egress rule(s)" : "")
        .filter(part -> !part.isEmpty()).collect(Collectors.joining(" and "));
  }
}
