package org.monitoringstack.gate.policy.check;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.ParsedYaml;
import org.monitoringstack.gate.policy.Workload;

/**
 * {@code ha.priority-class} (HA-1, HA-3): Prometheus and Alertmanager pods carry a
 * PriorityClass, so that under node pressure the scheduler evicts workloads before the
 * monitoring that would report it: {@code priorityClassName} names a PriorityClass of the render,
 * or one of Kubernetes' own ({@code system-cluster-critical}, {@code system-node-critical}).
 */
final class PriorityClassCheck extends Check {

  static final Set<String> BUILT_IN = Set.of("system-cluster-critical", "system-node-critical");

  PriorityClassCheck() {
    super("ha.priority-class", "HA-1",
        "Prometheus and Alertmanager pods run with a PriorityClass that exists.");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    Set<String> classes = ctx.ofKind("scheduling.k8s.io", "PriorityClass").stream()
        .map(Resource::name).collect(Collectors.toSet());
    for (Workload w : Workload.all(ctx.resources())) {
      if (!StackComponents.isPrometheus(w) && !StackComponents.isAlertmanager(w)) {
        continue;
      }
      String name = ParsedYaml.str(w.podSpec().get("priorityClassName"));
      String path = w.podSpecPath() + ".priorityClassName";
      if (name.isEmpty()) {
        out.add(ctx.finding(w.resource(), w.podSpecPath(), "runs without a PriorityClass:"
            + " expected priorityClassName naming a PriorityClass, so that node pressure evicts"
            + " other workloads first",
            "add a PriorityClass (e.g. monitoring-critical) and set priorityClassName to it"));
      } else if (!classes.contains(name) && !BUILT_IN.contains(name)) {
        out.add(ctx.finding(w.resource(), path, "runs with priorityClassName " + name
            + ": expected a PriorityClass of the render"
            + (classes.isEmpty() ? " (it has none)" : " " + classes.stream().sorted().toList())
            + " or one of Kubernetes' own " + BUILT_IN.stream().sorted().toList(),
            "render the PriorityClass with the stack, or name an existing one; the API server"
                + " rejects pods whose class does not exist"));
      }
    }
  }
}
