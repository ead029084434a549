package org.monitoringstack.gate.policy.check;

import java.nio.file.Path;
import java.util.List;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.policy.Check;

/**
 * Group A of the checks: resources, Prometheus settings, storage, HA, ports, images and pod
 * security. They read only the rendered objects.
 */
public final class CoreChecks {

  private CoreChecks() {}

  /** The group-A checks, in report order. Arguments are unused; kept for a uniform factory. */
  public static List<Check> all(Path repoRoot, ProcessRunner runner) {
    return List.of(
        new StackComponentsCheck(),
        new ResourcesPresentCheck(),
        new ResourcesSizingCheck(),
        new PrometheusRetentionCheck(),
        new ScrapeIntervalCheck(),
        new EvaluationIntervalCheck(),
        new ExemplarsCheck(),
        new PrometheusLimitsCheck(),
        new StoragePersistentCheck(),
        new StorageSizeCheck(),
        new RetentionSizeCheck(),
        new StorageClassCheck(),
        new BackupScheduleCheck(),
        new PrometheusReplicasCheck(),
        new AntiAffinityCheck(),
        new SharedVolumeCheck(),
        new ThanosSidecarCheck(),
        new AlertmanagerClusterCheck(),
        new GrafanaReplicasCheck(),
        new PdbCheck(),
        new PortsStandardCheck(),
        new ImagesPinnedCheck(),
        new PodHardeningCheck(),
        new PodSecurityAdmissionCheck(),
        new NoPlaintextSecretsCheck(),
        new MonitorFsAccessCheck(),
        new PriorityClassCheck(),
        new GrafanaLivenessCheck(),
        new GrafanaSecretFilesCheck(),
        new ObjectSizeCheck());
  }
}
