package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.check.StackComponents.display;

import java.util.List;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.Workload;

/**
 * {@code resources.present} (RES-7): every container of every pod, init containers and the
 * operator's injected sidecars included, has cpu and memory requests and limits.
 */
final class ResourcesPresentCheck extends Check {

  private static final List<String> FIELDS =
      List.of("requests.cpu", "requests.memory", "limits.cpu", "limits.memory");

  ResourcesPresentCheck() {
    super("resources.present", "RES-7",
        "Every container, init container and operator-injected sidecar has cpu and memory "
            + "requests and limits.");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    for (Workload w : Workload.all(ctx.resources())) {
      for (CorePods.Container c : CorePods.of(w, ctx.resources())) {
        List<String> missing = FIELDS.stream()
            .filter(field -> Resource.at(c.resources(), field).isEmpty()).toList();
        if (missing.isEmpty()) {
          continue;
        }
        String path = c.resourcesPath().isEmpty() ? c.path() : c.resourcesPath();
        out.add(ctx.finding(w.resource(), path,
            c.role() + " '" + c.name() + "' has no "
                + String.join(", ", missing)
                + "; expected requests and limits for both cpu and memory on every container",
            hint(w, c)));
      }
    }
  }

  private static String hint(Workload w, CorePods.Container c) {
    if (c.defaulted()) {
      return "give the " + c.name() + " container resources through an entry named '"
          + c.name() + "' in spec." + (c.role().equals("initContainer") ? "initContainers"
          : "containers") + ", or through the operator's --config-reloader-* flags";
    }
    if (c.resourcesPath().equals("spec.resources")) {
      return "set spec.resources.requests and spec.resources.limits (cpu and memory) on "
          + display(w.resource());
    }
    if (c.resourcesPath().equals("spec.thanos.resources")) {
      return "set spec.thanos.resources.requests and .limits (cpu and memory)";
    }
    return "set resources.requests and resources.limits for cpu and memory on container '"
        + c.name() + "'";
  }
}
