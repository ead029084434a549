package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.check.StackComponents.component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.Workload;

/**
 * {@code security.pod-security-admission}: the API server itself refuses pods that are not
 * hardened, because every namespace the render runs pods in enforces the Pod Security Standard
 * {@code restricted} ({@code pod-security.kubernetes.io/enforce}; unlabelled means {@code
 * privileged}). The one exception is the components that need host access ({@code
 * hostAccessAllowed}, node-exporter): they run in their own namespace ({@code
 * hostAccessNamespace}), which may enforce less and must hold nothing else, so no other pod can
 * be given host access by being put next to them. A workload in a namespace the render does not
 * create is judged by where it runs: the namespace must be rendered so that its level is in the
 * repository.
 *
 * <p>{@link PodHardeningCheck} says what each pod sets; this check makes sure the cluster
 * enforces it, also for pods the gate never sees (those the operator generates, a debug pod).
 */
final class PodSecurityAdmissionCheck extends Check {

  static final String ENFORCE = "pod-security.kubernetes.io/enforce";
  static final String RESTRICTED = "restricted";

  PodSecurityAdmissionCheck() {
    super("security.pod-security-admission", "",
        "Every namespace that runs pods enforces Pod Security 'restricted'; components that need"
            + " host access run alone in their own namespace.");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    List<String> hostAllowed = ctx.params().strings("hostAccessAllowed");
    String hostNamespace = ctx.params().optionalString("hostAccessNamespace").orElse("");
    Map<String, Resource> namespaces = new LinkedHashMap<>();
    for (Resource ns : ctx.ofKind("", "Namespace")) {
      namespaces.put(ns.name(), ns);
    }
    Set<String> reported = new java.util.HashSet<>();
    for (Workload w : Workload.all(ctx.resources())) {
      Resource r = w.resource();
      String ns = r.namespace().isEmpty() ? "default" : r.namespace();
      String what = r.kind() + "/" + r.name();
      boolean hostAccess = hostAllowed.contains(component(w));
      if (hostAccess && !hostNamespace.isEmpty() && !ns.equals(hostNamespace)) {
        out.add(ctx.finding(r, "metadata", "needs host access and runs in namespace " + ns
            + ": expected its own namespace " + hostNamespace + " (hostAccessNamespace), so"
            + " that " + ns + " can enforce Pod Security '" + RESTRICTED + "'",
            "set the namespace of " + component(w) + "'s objects to " + hostNamespace));
        continue;
      }
      Resource namespace = namespaces.get(ns);
      if (namespace == null) {
        if (reported.add("missing/" + ns)) {
          out.add(ctx.finding(r, "metadata", "runs in namespace " + ns + ", which the target"
              + " does not render: expected the Namespace in the repository with "
              + ENFORCE + ": " + (hostAccess ? "its documented level" : RESTRICTED)
              + " (an unlabelled namespace admits privileged pods)",
              "add a Namespace " + ns + " with the label " + ENFORCE + ": "
                  + (hostAccess ? "privileged" : RESTRICTED) + " to the component that uses it"));
        }
        continue;
      }
      String level = String.valueOf(namespace.labels().getOrDefault(ENFORCE, "privileged"));
      if (hostAccess || level.equals(RESTRICTED) || !reported.add(ns + "/" + what)) {
        continue;
      }
      boolean exception = ns.equals(hostNamespace);
      out.add(ctx.finding(namespace, "metadata.labels", "namespace " + ns + " enforces Pod"
          + " Security '" + level + "' and runs " + what + (exception
              ? ", which needs no host access, next to " + hostAllowed + " in their exception"
                  + " namespace: expected only " + hostAllowed + " there"
              : ": expected " + ENFORCE + ": " + RESTRICTED),
          exception
              ? "move " + what + " to a namespace that enforces '" + RESTRICTED + "'"
              : "set the label " + ENFORCE + ": " + RESTRICTED + " on Namespace " + ns
                  + "; a component that needs host access goes to " + (hostNamespace.isEmpty()
                      ? "a namespace of its own (hostAccessNamespace)" : hostNamespace)));
    }
  }
}
