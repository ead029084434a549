package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.intValue;

import java.util.List;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;

/** {@code ha.prometheus-replicas} (HA-1): every Prometheus runs at least {@code minReplicas}. */
final class PrometheusReplicasCheck extends Check {

  PrometheusReplicasCheck() {
    super("ha.prometheus-replicas", "HA-1",
        "Every Prometheus runs at least the profile's number of replicas (2 in production).");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    int min = ctx.params().integer("minReplicas");
    for (Resource p : ctx.ofKind(MonitorTargets.GROUP, "Prometheus")) {
      int replicas = intValue(p.at("spec.replicas").orElse(null), 1);
      if (replicas < min) {
        out.add(ctx.finding(p, "spec.replicas", "runs " + replicas + " replica"
            + (replicas == 1 ? "" : "s") + " (spec.replicas"
            + (p.at("spec.replicas").isEmpty() ? " unset" : "") + "); expected at least " + min
            + " on different nodes",
            "set spec.replicas: " + min + " and spread them with ha.anti-affinity ("
                + requirement() + ")"));
      }
    }
  }
}
