package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.isTrue;
import static org.monitoringstack.gate.policy.ParsedYaml.list;
import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.ParsedYaml.maps;
import static org.monitoringstack.gate.policy.check.StackComponents.display;

import java.util.List;
import java.util.Map;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.Workload;

/**
 * {@code ha.shared-volume} (HA-1, HA-5): a PersistentVolumeClaim that the pods of one replicated
 * workload share (a {@code persistentVolumeClaim} volume of a Deployment, ReplicaSet or DaemonSet
 * with several pods, or of an operator resource's {@code spec.volumes}) has an access mode that
 * lets several nodes mount it: ReadWriteMany, or ReadOnlyMany when every mount of it is read-only.
 * ReadWriteOnce binds the volume to one node, so replicas spread over nodes stay Pending;
 * ReadWriteOncePod to one pod. Per-replica claims (StatefulSet and operator claim templates) are
 * not shared. Claims that are not in the render are left alone.
 */
final class SharedVolumeCheck extends Check {

  SharedVolumeCheck() {
    super("ha.shared-volume", "HA-1",
        "A claim shared by the replicas of one workload has an access mode that several nodes "
            + "can mount (ReadWriteMany, or ReadOnlyMany when mounted read-only).");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    for (Workload w : Workload.all(ctx.resources())) {
      if (w.replicas() >= 0 && w.replicas() < 2) {
        continue;
      }
      for (Map<String, Object> volume : maps(w.podSpec().get("volumes"))) {
        Map<String, Object> pvc = map(volume.get("persistentVolumeClaim"));
        if (!pvc.isEmpty()) {
          CoreStorage.claim(ctx.resources(), w.namespace(), String.valueOf(pvc.get("claimName")))
              .ifPresent(c -> judge(ctx, out, w, c, readOnly(w, volume, pvc)));
        }
      }
    }
  }

  private void judge(CheckContext ctx, List<Finding> out, Workload w, Resource claim,
      boolean readOnly) {
    List<String> modes = list(claim.at("spec.accessModes").orElse(null)).stream()
        .map(String::valueOf).toList();
    if (modes.contains("ReadWriteMany") || (readOnly && modes.contains("ReadOnlyMany"))) {
      return;
    }
    String pods = w.replicas() < 0 ? "pods on every node"
        : w.replicas() + " replicas (spread over nodes)";
    String why = modes.contains("ReadOnlyMany")
        ? "allow only read-only mounts, and its pods mount it read-write"
        : "let only " + (modes.contains("ReadWriteOncePod") ? "one pod" : "one node") + " use it";
    out.add(ctx.finding(claim, "spec.accessModes", "is mounted by " + display(w.resource())
        + "'s " + pods + ", but its accessModes " + modes + " " + why + "; expected "
        + (readOnly ? "ReadWriteMany or ReadOnlyMany" : "ReadWriteMany")
        + ", or a claim per replica",
        "set spec.accessModes: [ReadWriteMany] on a class that offers it, or give each replica "
            + "its own claim (a StatefulSet volumeClaimTemplate) (" + requirement() + ")"));
  }

  /** Whether every pod mounts the volume read-only (the claim source or each mount says so). */
  private static boolean readOnly(Workload w, Map<String, Object> volume,
      Map<String, Object> pvc) {
    if (isTrue(pvc.get("readOnly"))) {
      return true;
    }
    String name = String.valueOf(volume.get("name"));
    boolean mounted = false;
    for (List<Map<String, Object>> containers : List.of(w.containers(), w.initContainers())) {
      for (Map<String, Object> c : containers) {
        for (Object m : list(c.get("volumeMounts"))) {
          Map<String, Object> mount = map(m);
          if (name.equals(String.valueOf(mount.get("name")))) {
            mounted = true;
            if (!isTrue(mount.get("readOnly"))) {
              return false;
            }
          }
        }
      }
    }
    return mounted;
  }
}
