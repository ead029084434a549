package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.list;
import static org.monitoringstack.gate.policy.check.StackComponents.isOperatorKind;

import java.util.List;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;

/**
 * {@code storage.class} (STO-1, PRE-2; STO-2 advisory): every volume claim of the render names a
 * StorageClass from the profile's SSD list ({@code allowed}; {@code allowDefault} lets a claim
 * use the cluster default). A Prometheus claim asking for ReadWriteMany only gets a warning: the
 * guide suggests ReadWriteMany "if possible", but Prometheus' TSDB does not support NFS-like
 * filesystems, so this repository deliberately uses ReadWriteOnce block storage.
 */
final class StorageClassCheck extends Check {

  static final String RWX_ADVICE = "Prometheus' TSDB does not support NFS-like (network) "
      + "filesystems, which is what ReadWriteMany classes usually are; the guide's "
      + "'ReadWriteMany if possible' (STO-2) is advisory and deliberately not followed here";

  StorageClassCheck() {
    super("storage.class", "STO-1",
        "Every volume claim uses an allowed SSD-backed StorageClass; ReadWriteMany on "
            + "Prometheus volumes is only warned about (Prometheus does not support NFS).");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    List<String> allowed = ctx.params().strings("allowed");
    boolean allowDefault = ctx.params().bool("allowDefault", false);
    for (CoreStorage.Claim c : CoreStorage.claims(ctx.resources())) {
      Resource owner = c.owner();
      String who = owner.is("PersistentVolumeClaim") ? "" : "volume claim ";
      Object cls = c.spec().get("storageClassName");
      String hint = "set " + c.specPath() + ".storageClassName to one of " + allowed
          + " (" + requirement() + ")";
      if (cls == null || String.valueOf(cls).isEmpty()) {
        if (!allowDefault) {
          out.add(ctx.finding(owner, c.specPath() + ".storageClassName", who
              + "uses the cluster's default StorageClass (storageClassName unset), which is not "
              + "known to be SSD-backed; expected one of " + allowed, hint));
        }
      } else if (!allowed.isEmpty() && !allowed.contains(String.valueOf(cls))) {
        out.add(ctx.finding(owner, c.specPath() + ".storageClassName", who
            + "uses StorageClass '" + cls + "'; expected an SSD class, one of " + allowed,
            hint));
      }
      if (isOperatorKind(owner, "Prometheus")
          && list(c.spec().get("accessModes")).contains("ReadWriteMany")) {
        // the guide's "ReadWriteMany if possible" (STO-2), deliberately not followed
        // advisory: a warning, or info when the profile runs the check at info
        Severity advisory = ctx.severity() == Severity.INFO ? Severity.INFO : Severity.WARNING;
        out.add(ctx.finding(owner, c.specPath() + ".accessModes",
            who + "asks for ReadWriteMany; expected ReadWriteOnce, because " + RWX_ADVICE,
            "use accessModes: [ReadWriteOnce] on an SSD block-storage class")
            .withSeverity(advisory).withRequirement("STO-2"));
      }
    }
  }
}
