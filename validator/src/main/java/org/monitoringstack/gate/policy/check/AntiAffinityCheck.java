package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.intValue;
import static org.monitoringstack.gate.policy.ParsedYaml.list;
import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.check.StackComponents.NAME_LABEL;
import static org.monitoringstack.gate.policy.check.StackComponents.component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.LabelSelector;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.Workload;

/**
 * {@code ha.anti-affinity} (HA-1, and HA-3/HA-5 for the other listed components): the scheduler
 * cannot put two replicas of a listed component on one node, and (with {@code zoneTopologyKey})
 * spreads them over zones.
 *
 * <p>Nodes ({@code topologyKey}, kubernetes.io/hostname): a <em>required</em> podAntiAffinity
 * term, or a topologySpreadConstraint with {@code whenUnsatisfiable: DoNotSchedule} and {@code
 * maxSkew: 1}, whose labelSelector selects the workload's own pods (for the operator's resources:
 * the labels the operator puts on their pods). A preferred term or a {@code ScheduleAnyway}
 * constraint is a wish the scheduler may ignore, so it does not count.
 *
 * <p>Zones ({@code zoneTopologyKey}, topology.kubernetes.io/zone): any podAntiAffinity term or
 * topologySpreadConstraint on the zone key selecting the own pods; soft forms count here, since a
 * cluster may have fewer zones than replicas.
 */
final class AntiAffinityCheck extends Check {

  AntiAffinityCheck() {
    super("ha.anti-affinity", "HA-1",
        "Replicas of the listed components cannot be scheduled onto one node (required pod "
            + "anti-affinity or a DoNotSchedule spread on the hostname) and are spread over "
            + "zones.");
  }

  /** One scheduling term on some topology key, as the scheduler reads it. */
  private record Term(String kind, Map<String, Object> body, boolean hard) {}

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    List<String> components = ctx.params().strings("components");
    String key = ctx.params().string("topologyKey");
    Optional<String> zoneKey = ctx.params().optionalString("zoneTopologyKey");
    for (Workload w : Workload.all(ctx.resources())) {
      if (w.replicas() < 0 || !components.contains(component(w))) {
        continue;
      }
      List<Term> terms = terms(w);
      nodes(ctx, out, w, terms, key);
      zoneKey.ifPresent(z -> zones(ctx, out, w, terms, z));
    }
  }

  private void nodes(CheckContext ctx, List<Finding> out, Workload w, List<Term> terms,
      String key) {
    List<String> weak = new ArrayList<>();
    for (Term t : terms) {
      if (!key.equals(t.body().get("topologyKey"))) {
        continue;
      }
      Optional<String> miss = missesOwnPods(t.body(), w);
      if (miss.isPresent()) {
        weak.add("a " + t.kind() + " " + miss.get());
      } else if (t.kind().startsWith("topologySpreadConstraint")) {
        Object when = t.body().get("whenUnsatisfiable");
        int skew = intValue(t.body().get("maxSkew"), 0);
        if (!"DoNotSchedule".equals(when)) {
          weak.add("a topologySpreadConstraint with whenUnsatisfiable " + when
              + ", which the scheduler may ignore");
        } else if (skew != 1) {
          weak.add("a topologySpreadConstraint with maxSkew " + t.body().get("maxSkew")
              + ", which lets two replicas share a node");
        } else {
          return;
        }
      } else if (!t.hard()) {
        weak.add("only a preferred podAntiAffinity term, which the scheduler may ignore");
      } else {
        return;
      }
    }
    String found = "on " + key + ": found "
        + (weak.isEmpty() ? "none" : String.join("; ", weak));
    out.add(ctx.finding(w.resource(), w.podSpecPath() + ".affinity",
        "can schedule two replicas onto one node (" + found + "); expected a required "
            + "podAntiAffinity term, or a topologySpreadConstraint with maxSkew 1 and "
            + "whenUnsatisfiable DoNotSchedule, with topologyKey " + key
            + " selecting its own pods",
        "add affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution with "
            + "topologyKey " + key + " and a labelSelector matching the pod labels "
            + ownLabels(w) + " (" + requirement() + ")"));
  }

  private void zones(CheckContext ctx, List<Finding> out, Workload w, List<Term> terms,
      String key) {
    List<Term> onKey = terms.stream().filter(t -> key.equals(t.body().get("topologyKey"))).toList();
    if (onKey.stream().anyMatch(t -> missesOwnPods(t.body(), w).isEmpty())) {
      return;
    }
    String found = "on " + key + ": found " + (onKey.isEmpty() ? "none"
        : onKey.size() + " term(s) that do not select its pods");
    out.add(ctx.finding(w.resource(), w.podSpecPath() + ".topologySpreadConstraints",
        "does not spread its replicas over zones (" + found + "); expected a "
            + "topologySpreadConstraint or podAntiAffinity term with topologyKey " + key
            + " selecting its own pods",
        "add a topologySpreadConstraint with topologyKey " + key + ", maxSkew 1 and a "
            + "labelSelector matching " + ownLabels(w) + " (" + requirement() + ")"));
  }

  private static List<Term> terms(Workload w) {
    List<Term> terms = new ArrayList<>();
    Map<String, Object> anti = map(map(w.podSpec().get("affinity")).get("podAntiAffinity"));
    list(anti.get("requiredDuringSchedulingIgnoredDuringExecution"))
        .forEach(t -> terms.add(new Term("required podAntiAffinity term", map(t), true)));
    list(anti.get("preferredDuringSchedulingIgnoredDuringExecution"))
        .forEach(t -> terms.add(new Term("preferred podAntiAffinity term",
            map(map(t).get("podAffinityTerm")), false)));
    list(w.podSpec().get("topologySpreadConstraints"))
        .forEach(t -> terms.add(new Term("topologySpreadConstraint", map(t),
            "DoNotSchedule".equals(map(t).get("whenUnsatisfiable")))));
    return terms;
  }

  /**
   * Why a term does not count the workload's own pods, empty when it does: its labelSelector
   * must match their labels and, for an affinity term, its {@code namespaces} (when listed,
   * without a namespaceSelector) must include theirs.
   */
  private static Optional<String> missesOwnPods(Map<String, Object> term, Workload w) {
    Optional<LabelSelector> selector = LabelSelector.parse(term.get("labelSelector"));
    if (selector.isEmpty() || !selector.get().matches(w.podLabels())) {
      return Optional.of("whose labelSelector does not select its pods");
    }
    List<String> namespaces = list(term.get("namespaces")).stream().map(String::valueOf)
        .toList();
    if (namespaces.isEmpty() || term.get("namespaceSelector") != null
        || namespaces.contains(w.namespace())) {
      return Optional.empty();
    }
    return Optional.of("whose namespaces " + namespaces + " leave out its namespace "
        + w.namespace());
  }

  private static String ownLabels(Workload w) {
    String name = w.podLabels().get(NAME_LABEL);
    return name == null ? PdbCheck.labels(w) : "{" + NAME_LABEL + ": " + name + "}";
  }
}
