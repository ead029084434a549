package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.isFalse;
import static org.monitoringstack.gate.policy.ParsedYaml.isTrue;
import static org.monitoringstack.gate.policy.ParsedYaml.list;
import static org.monitoringstack.gate.policy.ParsedYaml.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;

/**
 * {@code backup.schedule} (STO-4): a Velero {@code Schedule} (velero.io) backs up the monitoring
 * namespace periodically, its PersistentVolumeClaims and their volumes included (volume
 * snapshots, or file-system backup). Parameter {@code namespace} (default monitoring).
 */
final class BackupScheduleCheck extends Check {

  BackupScheduleCheck() {
    super("backup.schedule", "STO-4",
        "A Velero Schedule periodically backs up the monitoring namespace including its "
            + "PersistentVolumeClaims and volume data.");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    String namespace = ctx.params().optionalString("namespace").orElse("monitoring");
    List<Resource> schedules = ctx.ofKind("velero.io", "Schedule");
    List<Finding> reasons = new ArrayList<>();
    for (Resource s : schedules) {
      String problem = problem(s, namespace);
      if (problem.isEmpty()) {
        return;
      }
      reasons.add(ctx.finding(s, problem.substring(0, problem.indexOf(' ')),
          "does not back up the " + namespace + " volumes: "
              + problem.substring(problem.indexOf(' ') + 1)
              + "; expected a schedule covering namespace " + namespace
              + " with its PersistentVolumeClaims and volume data",
          "fix the Schedule's spec.schedule and spec.template (" + requirement() + ")"));
    }
    if (schedules.isEmpty()) {
      out.add(ctx.targetFinding("no Velero Schedule (velero.io) in the render backs up namespace "
          + namespace + "; expected one covering its PersistentVolumeClaims and volume data",
          "add a velero.io/v1 Schedule with spec.schedule and spec.template.includedNamespaces: ["
              + namespace + "] (" + requirement() + ")"));
    }
    out.addAll(reasons);
  }

  /** "" when the schedule covers the namespace, else "field-path reason". */
  private static String problem(Resource s, String namespace) {
    if (String.valueOf(s.at("spec.schedule").orElse("")).isBlank()) {
      return "spec.schedule it has no spec.schedule";
    }
    Map<String, Object> t = map(s.at("spec.template").orElse(null));
    List<?> included = list(t.get("includedNamespaces"));
    if (!included.isEmpty() && !included.contains(namespace) && !included.contains("*")) {
      return "spec.template.includedNamespaces it includes only namespaces " + included;
    }
    if (list(t.get("excludedNamespaces")).contains(namespace)) {
      return "spec.template.excludedNamespaces it excludes namespace " + namespace;
    }
    List<?> resources = list(t.get("includedResources"));
    if (!resources.isEmpty() && !resources.contains("*")
        && !resources.contains("persistentvolumeclaims")) {
      return "spec.template.includedResources it includes only " + resources;
    }
    if (list(t.get("excludedResources")).contains("persistentvolumeclaims")) {
      return "spec.template.excludedResources it excludes persistentvolumeclaims";
    }
    if (isFalse(t.get("snapshotVolumes")) && !isTrue(t.get("defaultVolumesToFsBackup"))) {
      return "spec.template.snapshotVolumes it neither snapshots volumes nor backs them up "
          + "file by file (snapshotVolumes: false, defaultVolumesToFsBackup unset)";
    }
    return "";
  }
}
