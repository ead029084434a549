package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.check.StackComponents.isOperatorKind;

import java.util.List;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.Workload;

/**
 * {@code storage.persistent} (STO-3): Prometheus and Alertmanager keep their data on a
 * volumeClaimTemplate (not the emptyDir the operator falls back to), Grafana's data directory is a
 * PersistentVolumeClaim. Parameters: {@code components} (which of the three), {@code
 * grafanaDataPath} (default /var/lib/grafana).
 */
final class StoragePersistentCheck extends Check {

  StoragePersistentCheck() {
    super("storage.persistent", "STO-3",
        "Prometheus and Alertmanager store data on a PersistentVolumeClaim template and "
            + "Grafana's data directory is a PersistentVolumeClaim, never an emptyDir.");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    List<String> components = ctx.params().strings("components");
    String dataPath = ctx.params().optionalString("grafanaDataPath")
        .orElse(CoreStorage.GRAFANA_DATA_PATH);
    String hint = "set spec.storage.volumeClaimTemplate with a storageClassName and "
        + "spec.resources.requests.storage (" + requirement() + ")";
    for (Resource r : ctx.resources()) {
      boolean prom = isOperatorKind(r, "Prometheus") && components.contains("prometheus");
      boolean am = isOperatorKind(r, "Alertmanager") && components.contains("alertmanager");
      if (!prom && !am || r.at("spec.storage.volumeClaimTemplate").isPresent()) {
        continue;
      }
      if (r.at("spec.storage.emptyDir").isPresent()) {
        out.add(ctx.finding(r, "spec.storage.emptyDir", "stores its data in an "
            + "emptyDir (spec.storage.emptyDir), lost when the pod moves; expected a "
            + "persistent volumeClaimTemplate", hint));
      } else {
        out.add(ctx.finding(r, "spec.storage", "has no "
            + "spec.storage.volumeClaimTemplate, so the operator gives it an emptyDir; expected "
            + "a persistent volumeClaimTemplate", hint));
      }
    }
    if (!components.contains("grafana")) {
      return;
    }
    String mountHint = "mount a PersistentVolumeClaim at " + dataPath + " in the grafana container";
    for (Workload w : CoreStorage.grafanas(ctx.resources())) {
      CoreStorage.GrafanaData data = CoreStorage.grafanaData(w, dataPath);
      switch (data.kind()) {
        case "pvc", "template" -> { }
        case "none" -> out.add(ctx.finding(w.resource(), data.path(),
            "mounts nothing at " + dataPath + ", so its data lives in the container; "
            + "expected a PersistentVolumeClaim there", mountHint));
        default -> out.add(ctx.finding(w.resource(), data.path(),
            "keeps " + dataPath + " on volume '" + data.volumeName() + "' ("
            + data.kind() + "); expected a PersistentVolumeClaim", mountHint));
      }
    }
  }
}
