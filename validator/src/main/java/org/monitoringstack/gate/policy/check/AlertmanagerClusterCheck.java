package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.intValue;

import java.util.List;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;

/**
 * {@code ha.alertmanager-cluster} (HA-3): every Alertmanager runs at least {@code minReplicas};
 * the operator forms a gossip cluster of its replicas.
 */
final class AlertmanagerClusterCheck extends Check {

  AlertmanagerClusterCheck() {
    super("ha.alertmanager-cluster", "HA-3",
        "Every Alertmanager runs in cluster mode with at least the profile's number of "
            + "replicas (3 in production).");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    int min = ctx.params().integer("minReplicas");
    for (Resource a : ctx.ofKind(MonitorTargets.GROUP, "Alertmanager")) {
      int replicas = intValue(a.at("spec.replicas").orElse(null), 1);
      if (replicas < min) {
        out.add(ctx.finding(a, "spec.replicas", "runs " + replicas + " replica"
            + (replicas == 1 ? "" : "s") + " (spec.replicas"
            + (a.at("spec.replicas").isEmpty() ? " unset" : "") + "); expected at least " + min
            + " in cluster mode",
            "set spec.replicas: " + min + "; the operator clusters the replicas ("
                + requirement() + ")"));
      }
    }
  }
}
