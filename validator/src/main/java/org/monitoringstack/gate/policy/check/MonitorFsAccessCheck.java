package org.monitoringstack.gate.policy.check;

import java.util.List;
import java.util.Map;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.ParsedYaml;

/**
 * {@code prometheus.monitor-fs-access} (SEC-3): Prometheus selects ServiceMonitors from every
 * namespace while it holds its own service-account token and TLS keys on disk, so a team's
 * ServiceMonitor must not be able to point {@code bearerTokenFile} or {@code tlsConfig} file
 * fields at them: {@code spec.arbitraryFSAccessThroughSMs.deny: true}.
 */
final class MonitorFsAccessCheck extends Check {

  MonitorFsAccessCheck() {
    super("prometheus.monitor-fs-access", "SEC-3",
        "Prometheus denies ServiceMonitors access to its own files"
            + " (arbitraryFSAccessThroughSMs.deny).");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    for (Resource p : ctx.ofKind(MonitorTargets.GROUP, "Prometheus")) {
      Map<String, Object> access = ParsedYaml.map(p.at("spec.arbitraryFSAccessThroughSMs")
          .orElse(null));
      if (!ParsedYaml.isTrue(access.get("deny"))) {
        out.add(ctx.finding(p, access.isEmpty() ? "spec" : "spec.arbitraryFSAccessThroughSMs",
            "lets ServiceMonitors of any namespace read its files (token, TLS keys):"
                + " expected spec.arbitraryFSAccessThroughSMs.deny: true, found "
                + (access.containsKey("deny") ? "deny: " + access.get("deny") : "it unset"),
            "set spec.arbitraryFSAccessThroughSMs: {deny: true}; ServiceMonitors then reference"
                + " Secrets (authorization, tlsConfig.ca.secret) instead of files"));
      }
    }
  }
}
