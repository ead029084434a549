package org.monitoringstack.gate.policy.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.LabelSelector;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.Workload;

/**
 * {@code ha.anti-affinity} (HA-1): the replicated workloads of the listed {@code components}
 * spread over nodes: a required or preferred podAntiAffinity term, or a topologySpreadConstraint,
 * on {@code topologyKey} (kubernetes.io/hostname) whose label selector selects the workload's own
 * pods (a selector that misses them spreads nothing).
 */
final class AntiAffinityCheck extends CoreCheck {

  AntiAffinityCheck() {
    super("ha.anti-affinity", "HA-1",
        "Replicas of the listed components are spread over nodes by pod anti-affinity or "
            + "topology spread constraints that select their own pods.");
  }

  @Override
  void run(CheckContext ctx, List<Finding> out) {
    List<String> components = ctx.params().strings("components");
    String key = ctx.params().string("topologyKey");
    for (Workload w : Workload.all(ctx.resources())) {
      if (w.replicas() < 0 || !components.contains(component(w))) {
        continue;
      }
      List<Map<String, Object>> terms = new ArrayList<>();
      Map<String, Object> anti = map(w.podSpec().get("affinity"));
      anti = map(anti.get("podAntiAffinity"));
      list(anti.get("requiredDuringSchedulingIgnoredDuringExecution"))
          .forEach(t -> terms.add(map(t)));
      list(anti.get("preferredDuringSchedulingIgnoredDuringExecution"))
          .forEach(t -> terms.add(map(map(t).get("podAffinityTerm"))));
      list(w.podSpec().get("topologySpreadConstraints")).forEach(t -> terms.add(map(t)));
      int onKey = 0;
      boolean spreads = false;
      for (Map<String, Object> term : terms) {
        if (!key.equals(term.get("topologyKey"))) {
          continue;
        }
        onKey++;
        Optional<LabelSelector> selector = LabelSelector.parse(term.get("labelSelector"));
        if (selector.isPresent() && selector.get().matches(w.podLabels())) {
          spreads = true;
        }
      }
      if (!spreads) {
        String found = onKey == 0 ? "found none on " + key
            : "found " + onKey + " on " + key + " whose labelSelector does not select its pods";
        out.add(ctx.finding(w.resource(), w.podSpecPath() + ".affinity",
            "does not spread its pods over nodes (" + found
                + "); expected a podAntiAffinity term or topologySpreadConstraint with "
                + "topologyKey " + key + " selecting its own pods",
            "add affinity.podAntiAffinity with topologyKey " + key + " and a labelSelector "
                + "matching the pod labels " + ownLabels(w) + " (HA-1)"));
      }
    }
  }

  private static String ownLabels(Workload w) {
    String name = w.podLabels().get(NAME_LABEL);
    return name == null ? "{" + PdbCheck.labels(w) + "}" : "{" + NAME_LABEL + ": " + name + "}";
  }
}
