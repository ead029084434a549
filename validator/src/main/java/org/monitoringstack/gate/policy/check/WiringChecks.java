package org.monitoringstack.gate.policy.check;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.policy.Check;

/**
 * Check group B: the checks that follow references across objects (TLS, issuers, network
 * reachability, alert routing, Grafana wiring, monitoring coverage, GitOps sources).
 */
public final class WiringChecks {

  private WiringChecks() {}

  /**
   * Every check of the group.
   *
   * @param repoRoot the repository root (for {@code clusters.source-exists} and {@code
   *     clusters.delivery})
   * @param runner runs amtool for {@code alerting.config-valid}
   * @param tools the resolved binary of a pinned tool by name (amtool, promtool)
   */
  public static List<Check> all(Path repoRoot, ProcessRunner runner,
      Function<String, Path> tools) {
    List<Check> checks = new ArrayList<>(List.of(
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
        new AlertingConfigValidCheck(runner, () -> tools.apply("amtool")),
        new AlertingRouteEveryRuleCheck(runner, () -> tools.apply("amtool")),
        new AlertingRulesValidCheck(runner, () -> tools.apply("promtool"))));
    checks.addAll(GrafanaAuthChecks.all());
    checks.add(new MonitoringCoverageCheck());
    checks.add(new GrafanaDashboardsCheck());
    checks.add(new ClusterSourcesCheck(repoRoot));
    checks.add(new ClusterDeliveryCheck(repoRoot));
    checks.add(new FleetOwnSourceCheck(repoRoot));
    checks.add(new FleetUniqueValuesCheck(repoRoot));
    return List.copyOf(checks);
  }
}
