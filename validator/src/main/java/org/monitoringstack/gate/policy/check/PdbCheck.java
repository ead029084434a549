package org.monitoringstack.gate.policy.check;

import java.util.List;
import java.util.Optional;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.LabelSelector;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.Workload;

/**
 * {@code ha.pdb} (HA-7): every replicated workload (2 or more replicas; DaemonSets excluded) has
 * exactly one PodDisruptionBudget in its namespace whose selector matches its pods, with the API
 * server's semantics (policy/v1: an empty selector selects every pod of the namespace, an absent
 * one none), and that budget keeps a quorum: {@code minAvailable} at least 1, or
 * {@code maxUnavailable} below the replica count. A budget that allows no eviction at all is a
 * warning: node drains would hang.
 */
final class PdbCheck extends CoreCheck {

  PdbCheck() {
    super("ha.pdb", "HA-7",
        "Each replicated workload has one PodDisruptionBudget selecting its pods that keeps at "
            + "least one pod (a quorum) through voluntary disruptions.");
  }

  @Override
  void run(CheckContext ctx, List<Finding> out) {
    List<Resource> pdbs = ctx.ofKind("PodDisruptionBudget");
    for (Workload w : Workload.all(ctx.resources())) {
      if (w.replicas() < 2 || w.resource().is("Job") || w.resource().is("CronJob")) {
        continue;
      }
      Resource r = w.resource();
      List<Resource> matching = pdbs.stream().filter(p -> p.namespace().equals(w.namespace()))
          .filter(p -> selects(p, w)).toList();
      if (matching.isEmpty()) {
        out.add(ctx.finding(r, "", "runs " + w.replicas() + " replicas but no "
            + "PodDisruptionBudget in namespace " + w.namespace() + " selects its pods {"
            + labels(w) + "}; expected one that keeps a quorum",
            "add a policy/v1 PodDisruptionBudget with spec.selector matching the pod labels and "
                + "minAvailable: 1 or maxUnavailable: 1 (HA-7)"));
        continue;
      }
      if (matching.size() > 1) {
        out.add(ctx.finding(r, "", "pods are selected by " + matching.size()
            + " PodDisruptionBudgets (" + String.join(", ", matching.stream()
            .map(Resource::name).toList()) + "); expected exactly one, the eviction API refuses"
            + " pods covered by several",
            "narrow the PodDisruptionBudget selectors so one selects these pods (HA-7)"));
        continue;
      }
      quorum(ctx, out, matching.get(0), w);
    }
  }

  /** The pod labels, sorted, as {@code k=v, ...}. */
  static String labels(Workload w) {
    return String.join(", ", new java.util.TreeMap<>(w.podLabels()).entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).toList());
  }

  private static boolean selects(Resource pdb, Workload w) {
    Optional<Object> raw = pdb.at("spec.selector");
    if (raw.isEmpty()) {
      return false; // policy/v1: a null selector selects no pods
    }
    return LabelSelector.parse(raw.get()).map(s -> s.matches(w.podLabels())).orElse(false);
  }

  private void quorum(CheckContext ctx, List<Finding> out, Resource pdb, Workload w) {
    int replicas = w.replicas();
    String who = "protects " + display(w.resource()) + " (" + replicas + " replicas) but";
    String hint = "use minAvailable: 1 or maxUnavailable: 1 for " + replicas + " replicas (HA-7)";
    Optional<Object> min = pdb.at("spec.minAvailable");
    Optional<Object> max = pdb.at("spec.maxUnavailable");
    if (min.isPresent()) {
      int pods = resolve(min.get(), replicas);
      if (pods < 1) {
        out.add(ctx.finding(pdb, "spec.minAvailable", who + " has minAvailable " + min.get()
            + " (" + pods + " pods), so every pod may be evicted at once; expected at least 1",
            hint));
      } else if (pods >= replicas) {
        out.add(ctx.finding(pdb, "spec.minAvailable", advisory(ctx), who
            + " has minAvailable " + min.get() + " (" + pods + " pods), so no pod may ever be "
            + "evicted and node drains hang; expected fewer than " + replicas, hint));
      }
    } else if (max.isPresent()) {
      int pods = resolve(max.get(), replicas);
      if (pods >= replicas) {
        out.add(ctx.finding(pdb, "spec.maxUnavailable", who + " has maxUnavailable "
            + max.get() + " (" + pods + " pods), so every pod may be evicted at once; expected "
            + "fewer than " + replicas, hint));
      } else if (pods < 1) {
        out.add(ctx.finding(pdb, "spec.maxUnavailable", advisory(ctx), who
            + " has maxUnavailable " + max.get() + ", so no pod may ever be evicted and node "
            + "drains hang; expected at least 1", hint));
      }
    } else {
      out.add(ctx.finding(pdb, "spec", who + " sets neither minAvailable nor maxUnavailable; "
          + "expected one of them keeping at least 1 pod", hint));
    }
  }

  /** An int-or-percent against the replica count, rounded up as the disruption controller does. */
  static int resolve(Object value, int replicas) {
    String s = String.valueOf(value).trim();
    if (s.endsWith("%")) {
      double pct = Double.parseDouble(s.substring(0, s.length() - 1));
      return (int) Math.ceil(pct * replicas / 100.0);
    }
    return value instanceof Number n ? n.intValue() : Integer.parseInt(s);
  }
}
