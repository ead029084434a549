package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.check.StackComponents.display;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.LabelSelector;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.Workload;

/**
 * {@code ha.pdb} (HA-7): every replicated workload (2 or more replicas; DaemonSets and Jobs
 * excluded) has exactly one PodDisruptionBudget in its namespace whose selector matches its pods,
 * with the API server's semantics (policy/v1: an empty selector selects every pod of the
 * namespace, an absent one none). Every budget that selects workloads of the render is then
 * judged at their declared replica count, as the disruption controller computes it (percentages
 * rounded up): it keeps at least one pod and allows at least one disruption, so a node drain
 * neither empties the workload nor hangs. With param {@code unhealthyPodEvictionPolicy}
 * (production: AlwaysAllow) every budget sets that policy, so a pod that is not ready never
 * blocks a drain.
 */
final class PdbCheck extends Check {

  PdbCheck() {
    super("ha.pdb", "HA-7",
        "Each replicated workload has one PodDisruptionBudget selecting its pods, and every "
            + "budget keeps at least one pod and allows at least one disruption at the declared "
            + "replica count.");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    List<Resource> pdbs = ctx.ofKind("PodDisruptionBudget");
    Map<Resource, List<Workload>> protectedBy = new LinkedHashMap<>();
    for (Workload w : Workload.all(ctx.resources())) {
      if (w.replicas() < 1 || w.resource().is("Job") || w.resource().is("CronJob")) {
        continue;
      }
      List<Resource> matching = pdbs.stream().filter(p -> p.namespace().equals(w.namespace()))
          .filter(p -> selects(p, w)).toList();
      matching.forEach(p -> protectedBy.computeIfAbsent(p, k -> new ArrayList<>()).add(w));
      if (w.replicas() < 2) {
        continue;
      }
      Resource r = w.resource();
      if (matching.isEmpty()) {
        out.add(ctx.finding(r, "", "runs " + w.replicas() + " replicas but no "
            + "PodDisruptionBudget in namespace " + w.namespace() + " selects its pods "
            + labels(w) + "; expected one that keeps a quorum",
            "add a policy/v1 PodDisruptionBudget with spec.selector matching the pod labels and "
                + "minAvailable: 1 or maxUnavailable: 1 (" + requirement() + ")"));
      } else if (matching.size() > 1) {
        out.add(ctx.finding(r, "", "pods are selected by " + matching.size()
            + " PodDisruptionBudgets (" + String.join(", ", matching.stream()
            .map(Resource::name).toList()) + "); expected exactly one, the eviction API refuses"
            + " pods covered by several",
            "narrow the PodDisruptionBudget selectors so one selects these pods ("
                + requirement() + ")"));
      }
    }
    Optional<String> policy = ctx.params().optionalString("unhealthyPodEvictionPolicy");
    for (Resource pdb : pdbs) {
      List<Workload> workloads = protectedBy.getOrDefault(pdb, List.of());
      if (!workloads.isEmpty()) {
        budget(ctx, out, pdb, workloads);
      }
      policy.ifPresent(p -> evictionPolicy(ctx, out, pdb, p));
    }
  }

  /** The pod labels, sorted, as {@code {k=v, ...}}. */
  static String labels(Workload w) {
    return new TreeMap<>(w.podLabels()).toString();
  }

  private static boolean selects(Resource pdb, Workload w) {
    Optional<Object> raw = pdb.at("spec.selector");
    if (raw.isEmpty()) {
      return false; // policy/v1: a null selector selects no pods
    }
    return LabelSelector.parse(raw.get()).map(s -> s.matches(w.podLabels())).orElse(false);
  }

  private void budget(CheckContext ctx, List<Finding> out, Resource pdb,
      List<Workload> workloads) {
    int replicas = workloads.stream().mapToInt(Workload::replicas).sum();
    String who = "protects " + String.join(" and ", workloads.stream()
        .map(w -> display(w.resource())).toList()) + " (" + replicas + " replica"
        + (replicas == 1 ? "" : "s") + ") but";
    String hint = replicas < 2
        ? "one replica cannot both stay up and be evicted: run at least 2 replicas or remove "
            + "this PodDisruptionBudget (" + requirement() + ")"
        : "use minAvailable: " + (replicas - 1) + " or maxUnavailable: 1 for " + replicas
            + " replicas (" + requirement() + ")";
    Optional<Object> min = pdb.at("spec.minAvailable");
    Optional<Object> max = pdb.at("spec.maxUnavailable");
    if (min.isPresent() && max.isPresent()) {
      out.add(ctx.finding(pdb, "spec.maxUnavailable", who + " sets both minAvailable and "
          + "maxUnavailable; expected exactly one of them (the API server rejects both)", hint));
      return;
    }
    if (min.isEmpty() && max.isEmpty()) {
      out.add(ctx.finding(pdb, "spec", who + " sets neither minAvailable nor maxUnavailable; "
          + "expected one of them keeping at least 1 pod", hint));
      return;
    }
    String field = min.isPresent() ? "minAvailable" : "maxUnavailable";
    Object raw = min.orElseGet(max::get);
    Optional<Integer> resolved = resolve(raw, replicas);
    if (resolved.isEmpty()) {
      out.add(ctx.finding(pdb, "spec." + field, who + " has " + field + " '" + raw
          + "', which is neither a whole number nor a percentage; expected for example 1 or "
          + "50%", hint));
      return;
    }
    int pods = resolved.get();
    int kept = min.isPresent() ? pods : replicas - pods;
    String value = field + " " + raw + (String.valueOf(raw).endsWith("%")
        ? " (" + pods + " pod" + (pods == 1 ? "" : "s") + ")" : "");
    if (kept < 1) {
      out.add(ctx.finding(pdb, "spec." + field, who + " has " + value
          + ", so every pod may be evicted at once; expected it to keep at least 1 of the "
          + replicas + " pods", hint));
    } else if (kept >= replicas) {
      out.add(ctx.finding(pdb, "spec." + field, who + " has " + value
          + ", so no pod may ever be evicted and node drains hang; expected it to allow "
          + "evicting at least 1 of the " + replicas + " pod" + (replicas == 1 ? "" : "s"),
          hint));
    }
  }

  private void evictionPolicy(CheckContext ctx, List<Finding> out, Resource pdb,
      String expected) {
    Optional<Object> actual = pdb.at("spec.unhealthyPodEvictionPolicy");
    if (actual.map(String::valueOf).filter(expected::equals).isPresent()) {
      return;
    }
    String found = actual.map(a -> "has unhealthyPodEvictionPolicy " + a)
        .orElse("does not set unhealthyPodEvictionPolicy (default IfHealthyBudget)");
    out.add(ctx.finding(pdb, actual.isPresent() ? "spec.unhealthyPodEvictionPolicy" : "spec",
        found + ", so a pod that is not ready can block a node drain while the budget is "
            + "spent; expected " + expected,
        "set spec.unhealthyPodEvictionPolicy: " + expected + " (" + requirement() + ")"));
  }

  /**
   * An int-or-percent against the replica count, rounded up as the disruption controller does;
   * empty when it is neither.
   */
  static Optional<Integer> resolve(Object value, int replicas) {
    if (value instanceof Number n) {
      return n.doubleValue() == Math.rint(n.doubleValue()) && n.intValue() >= 0
          ? Optional.of(n.intValue()) : Optional.empty();
    }
    String s = String.valueOf(value).trim();
    if (s.matches("[0-9]{1,3}%")) {
      int pct = Integer.parseInt(s.substring(0, s.length() - 1));
      return pct > 100 ? Optional.empty()
          : Optional.of((int) Math.ceil(pct * (double) replicas / 100.0));
    }
    return Optional.empty();
  }
}
