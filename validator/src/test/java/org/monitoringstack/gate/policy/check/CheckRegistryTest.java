package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.policy.Check;

class CheckRegistryTest {

  private static final ProcessRunner NO_PROCESSES = spec -> {
    throw new AssertionError("no process expected: " + spec.display());
  };

  @Test
  void provides_every_check_once_with_its_requirement() {
    Map<String, String> ids = new TreeMap<>();
    for (Check c : CheckRegistry.all(Path.of("."), NO_PROCESSES)) {
      assertEquals(null, ids.put(c.id(), c.requirement()), "duplicate " + c.id());
      assertFalse(c.description().isBlank(), c.id());
    }
    assertEquals(new TreeMap<>(Map.ofEntries(
        Map.entry("stack.components", ""),
        Map.entry("resources.present", "RES-7"),
        Map.entry("resources.sizing", "RES-1..RES-6"),
        Map.entry("prometheus.retention", "PERF-1"),
        Map.entry("prometheus.scrape-interval", "PERF-2"),
        Map.entry("prometheus.evaluation-interval", "PERF-2"),
        Map.entry("prometheus.exemplars", "PERF-3"),
        Map.entry("prometheus.limits", "SCA-1"),
        Map.entry("storage.persistent", "STO-3"),
        Map.entry("storage.size", "STO-3"),
        Map.entry("storage.retention-size", "STO-3"),
        Map.entry("storage.class", "STO-1"),
        Map.entry("backup.schedule", "STO-4"),
        Map.entry("ha.prometheus-replicas", "HA-1"),
        Map.entry("ha.anti-affinity", "HA-1"),
        Map.entry("ha.shared-volume", "HA-1"),
        Map.entry("ha.thanos-sidecar", "HA-2"),
        Map.entry("ha.alertmanager-cluster", "HA-3"),
        Map.entry("ha.grafana-replicas", "HA-5"),
        Map.entry("ha.pdb", "HA-7"),
        Map.entry("ports.standard", "NET-3"),
        Map.entry("images.pinned", ""),
        Map.entry("security.pod-hardening", ""),
        Map.entry("security.pod-security-admission", ""),
        Map.entry("security.no-plaintext-secrets", ""),
        Map.entry("prometheus.monitor-fs-access", "SEC-3"),
        Map.entry("ha.priority-class", "HA-1"),
        Map.entry("grafana.liveness-probe", "HA-5"),
        Map.entry("auth.grafana-secret-files", "SEC-1"),
        Map.entry("delivery.object-size", ""),
        Map.entry("tls.web", "SEC-3"),
        Map.entry("tls.scrape", "SEC-3"),
        Map.entry("tls.trusted-issuer", "SEC-4"),
        Map.entry("ingress.tls", "PRE-4"),
        Map.entry("ingress.admin-only", "SEC-6"),
        Map.entry("network.default-deny", "SEC-5"),
        Map.entry("network.coverage", "SEC-5"),
        Map.entry("network.scrape-allowed", "SEC-5"),
        Map.entry("network.admin-only", "SEC-6"),
        Map.entry("network.least-privilege", "SEC-5"),
        Map.entry("alerting.redundant-channels", "HA-4"),
        Map.entry("alerting.meta-monitoring", "POST-1"),
        Map.entry("alerting.config-valid", "HA-4"),
        Map.entry("alerting.rules-valid", "POST-2"),
        Map.entry("alerting.route-every-rule", "HA-4"),
        Map.entry("auth.grafana-external", "SEC-2"),
        Map.entry("auth.grafana-password-policy", "SEC-1"),
        Map.entry("auth.grafana-anonymous", "SEC-1"),
        Map.entry("auth.grafana-admin-secret", "SEC-1"),
        Map.entry("monitoring.coverage", "CL-6"),
        Map.entry("grafana.dashboards-as-code", "HA-6"),
        Map.entry("clusters.source-exists", ""),
        Map.entry("clusters.delivery", ""),
        Map.entry("fleet.own-source", ""),
        Map.entry("fleet.unique-values", "SCA-3"))), ids);
  }

  @Test
  void reports_nothing_on_a_target_without_the_stack_when_following_references() {
    for (Check c : CheckRegistry.all(Path.of("."), NO_PROCESSES)) {
      if (CoreChecksTest.ids().anyMatch(c.id()::equals)) {
        continue; // these report what is missing from the target
      }
      assertEquals(List.of(), c.evaluate(CheckFixtures.context(c, List.of(), Map.of(
          "requiredAlerts", List.of("Watchdog"),
          "requiredDashboards", List.of("stack")))), c.id());
    }
  }
}
