package org.monitoringstack.gate.policy.check;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.policy.Check;

/** Every check the validator knows, in one list: the order they run and appear in reports. */
public final class CheckRegistry {

  private CheckRegistry() {}

  /**
   * The checks, for listing them (IDs, descriptions): no tools are resolved, so running a check
   * that needs one is a {@link ToolException}.
   */
  public static List<Check> all(Path repoRoot, ProcessRunner runner) {
    return all(repoRoot, runner, name -> {
      throw new ToolException(name + " was not resolved for this run (the toolchain resolves it"
          + " before the checks run)");
    });
  }

  /**
   * @param repoRoot the repository root (checks that read files beside the render need it)
   * @param runner runs external tools for the checks that need them (amtool, promtool)
   * @param tools the binary of a pinned tool by name ({@code amtool}, {@code promtool}), as the
   *     toolchain resolved it; asked for when a check runs it
   */
  public static List<Check> all(Path repoRoot, ProcessRunner runner,
      Function<String, Path> tools) {
    Supplier<Path> amtool = () -> tools.apply("amtool");
    return List.of(
        // resources, Prometheus settings, storage, HA, ports, images, pod security: they read
        // only the rendered objects
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
        new ObjectSizeCheck(),
        // the checks that follow references across objects: TLS, issuers, network
        // reachability, alert routing, Grafana wiring, monitoring coverage, GitOps sources
        new TlsWebCheck(),
        new TlsScrapeCheck(),
        new TlsTrustedIssuerCheck(),
        new IngressTlsCheck(),
        new IngressAdminOnlyCheck(),
        new NetworkDefaultDenyCheck(),
        new NetworkCoverageCheck(),
        new NetworkScrapeAllowedCheck(),
        new NetworkAdminOnlyCheck(),
        new NetworkLeastPrivilegeCheck(),
        new AlertingRedundantChannelsCheck(),
        new AlertingMetaMonitoringCheck(),
        new AlertingConfigValidCheck(runner, amtool),
        new AlertingRouteEveryRuleCheck(runner, amtool),
        new AlertingRulesValidCheck(runner, () -> tools.apply("promtool")),
        GrafanaAuthCheck.external(),
        GrafanaAuthCheck.passwordPolicy(),
        GrafanaAuthCheck.anonymous(),
        GrafanaAuthCheck.adminSecret(),
        new MonitoringCoverageCheck(),
        new GrafanaDashboardsCheck(),
        new ClusterSourcesCheck(repoRoot),
        new ClusterDeliveryCheck(repoRoot),
        new FleetOwnSourceCheck(repoRoot),
        new FleetUniqueValuesCheck(repoRoot));
  }
}
