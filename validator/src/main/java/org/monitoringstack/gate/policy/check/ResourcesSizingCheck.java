package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.check.StackComponents.component;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.Quantity;
import org.monitoringstack.gate.policy.Workload;

/**
 * {@code resources.sizing} (RES-1..RES-6): each component's main container requests and limits at
 * least the guide's table. Parameters: {@code components: {<app.kubernetes.io/name>: {container,
 * requests: {cpu, memory}, limits: {cpu, memory}}}}.
 */
final class ResourcesSizingCheck extends Check {

  private static final Map<String, String> REQUIREMENT = Map.of(
      "prometheus", "RES-1", "grafana", "RES-2", "alertmanager", "RES-3",
      "node-exporter", "RES-4", "kube-state-metrics", "RES-5", "prometheus-operator", "RES-6");

  ResourcesSizingCheck() {
    super("resources.sizing", "RES-1..RES-6",
        "Each component's main container requests and limits at least the guide's resource "
            + "table (Prometheus, Grafana, Alertmanager, node-exporter, kube-state-metrics, "
            + "operator).");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    Map<String, Object> table = map(ctx.params().get("components").orElse(null));
    for (Workload w : Workload.all(ctx.resources())) {
      String component = component(w);
      Map<String, Object> row = map(table.get(component));
      if (row.isEmpty()) {
        continue;
      }
      String containerName = String.valueOf(row.get("container"));
      Optional<CorePods.Container> main = CorePods.of(w, ctx.resources()).stream()
          .filter(c -> c.name().equals(containerName)).findFirst();
      String req = REQUIREMENT.getOrDefault(component, requirement());
      if (main.isEmpty()) {
        out.add(ctx.finding(w.resource(), w.podSpecPath() + ".containers",
            "has no container '" + containerName + "' to size as "
                + component + "; expected it (" + req + ")",
            "name the main container '" + containerName + "' or fix the profile's "
                + "resources.sizing entry for " + component).withRequirement(req));
        continue;
      }
      CorePods.Container c = main.get();
      for (String kind : List.of("requests", "limits")) {
        for (String resource : List.of("cpu", "memory")) {
          Object wantRaw = map(row.get(kind)).get(resource);
          if (wantRaw == null) {
            continue;
          }
          Quantity want = Quantity.parse(wantRaw);
          Object actualRaw = Resource.at(c.resources(), kind + "." + resource).orElse(null);
          String field = kind + "." + resource;
          String path = (c.resourcesPath().isEmpty() ? c.path() : c.resourcesPath()) + "."
              + field;
          String who = "container '" + c.name() + "' ";
          if (actualRaw == null) {
            out.add(ctx.finding(w.resource(), path,
                who + "has no " + field + "; expected at least " + want + " (" + req + ", "
                    + component + ")",
                "set " + field + ": " + want + " on container '" + c.name() + "'")
                .withRequirement(req));
            continue;
          }
          Optional<Quantity> actual = Quantity.tryParse(actualRaw);
          if (actual.isEmpty()) {
            out.add(ctx.finding(w.resource(), path,
                who + field + " is '" + actualRaw + "', which is not a quantity; expected at "
                    + "least " + want + " (" + req + ", " + component + ")",
                "write a Kubernetes quantity such as " + want).withRequirement(req));
          } else if (actual.get().isLessThan(want)) {
            out.add(ctx.finding(w.resource(), path,
                who + field + " is " + actual.get() + "; expected at least " + want + " ("
                    + req + ", " + component + ")",
                "raise " + field + " to " + want + " or more").withRequirement(req));
          }
        }
      }
    }
  }
}
