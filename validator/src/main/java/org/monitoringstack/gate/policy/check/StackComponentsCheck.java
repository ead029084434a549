package org.monitoringstack.gate.policy.check;

import java.util.Arrays;
import java.util.List;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.PolicyException;

/**
 * {@code stack.components}: the target renders every core component of the stack. The other
 * checks loop over the objects of their own kind, so without this one a target that lacks e.g.
 * its Prometheus would pass them all silently. Parameter {@code required}: entries {@code
 * Kind/name} (namespace from the profile's {@code values.namespace}, default monitoring) or
 * {@code Kind/namespace/name}.
 *
 * <p>No numbered statement of the guide says "deploy these components" (RES-1..RES-6 size them,
 * production only; HA-2 asks for Thanos), so the check has no requirement ID and its findings
 * are reported in the readiness reports' "Other" row, in both profiles.
 */
final class StackComponentsCheck extends Check {

  StackComponentsCheck() {
    super("stack.components", "",
        "The target renders every core component the profile lists (Prometheus, Alertmanager, "
            + "the operator, Grafana, node-exporter, kube-state-metrics, in production also the "
            + "Thanos Query); no requirement ID: the guide presumes them (RES-1..RES-6 size "
            + "them).");
  }

  /** One entry of {@code required}. */
  record Component(String kind, String namespace, String name) {

    static Component parse(String checkId, String entry, String defaultNamespace) {
      String[] parts = entry.split("/", -1);
      if (parts.length == 2) {
        parts = new String[] {parts[0], defaultNamespace, parts[1]};
      }
      if (parts.length != 3 || Arrays.stream(parts).anyMatch(String::isBlank)) {
        throw new PolicyException("check " + checkId + ": parameter 'required' entry '" + entry
            + "' is not Kind/name or Kind/namespace/name");
      }
      return new Component(parts[0], parts[1], parts[2]);
    }

    boolean matches(Resource r) {
      return r.is(kind) && r.name().equals(name) && r.namespace().equals(namespace);
    }
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    String namespace = ctx.params().optionalString("namespace").orElse("monitoring");
    List<String> entries = ctx.params().strings("required");
    if (entries.isEmpty()) {
      throw new PolicyException("check " + id() + ": parameter 'required' is not set");
    }
    for (String entry : entries) {
      Component c = Component.parse(id(), entry, namespace);
      if (ctx.resources().stream().anyMatch(c::matches)) {
        continue;
      }
      List<String> sameKind = ctx.ofKind(c.kind()).stream()
          .map(r -> r.namespace().isEmpty() ? r.kind() + "/" + r.name()
              : r.kind() + "/" + r.namespace() + "/" + r.name())
          .toList();
      out.add(ctx.targetFinding("the target does not render " + c.kind() + "/" + c.name()
              + " in namespace " + c.namespace() + ": expected this core component of the "
              + "stack, found " + (sameKind.isEmpty() ? "no " + c.kind() + " at all"
              : "only " + sameKind),
          "add " + c.kind() + "/" + c.name() + " back to the target's kustomization (resources "
              + "of base/ or a component); if the target is meant to run without it, remove "
              + entry + " from stack.components.required of its profile"));
    }
  }
}
