package org.monitoringstack.gate.policy.check;

import java.util.List;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;

/**
 * {@code ha.thanos-sidecar} (HA-2): every Prometheus runs the Thanos sidecar ({@code spec.thanos})
 * and ships its blocks to object storage ({@code objectStorageConfig}, a Secret key, or
 * {@code objectStorageConfigFile}).
 */
final class ThanosSidecarCheck extends Check {

  ThanosSidecarCheck() {
    super("ha.thanos-sidecar", "HA-2",
        "Every Prometheus runs a Thanos sidecar that uploads to object storage, for long-term "
            + "storage and HA.");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    for (Resource p : ctx.ofKind(MonitorTargets.GROUP, "Prometheus")) {
      if (p.at("spec.thanos").isEmpty()) {
        out.add(ctx.finding(p, "spec.thanos", "has no Thanos sidecar (spec.thanos "
            + "unset); expected spec.thanos with objectStorageConfig for long-term storage and HA",
            "add spec.thanos with objectStorageConfig: {name: <secret>, key: <file>} ("
                + requirement() + ")"));
        continue;
      }
      boolean secretKey = p.at("spec.thanos.objectStorageConfig.name").isPresent()
          && p.at("spec.thanos.objectStorageConfig.key").isPresent();
      boolean file = p.at("spec.thanos.objectStorageConfigFile").isPresent();
      if (!secretKey && !file) {
        out.add(ctx.finding(p, "spec.thanos.objectStorageConfig", "runs the Thanos "
            + "sidecar without object storage (spec.thanos.objectStorageConfig needs name and "
            + "key); expected it to upload blocks to object storage",
            "set spec.thanos.objectStorageConfig to the Secret key holding the bucket "
                + "configuration (" + requirement() + ")"));
      }
    }
  }
}
