package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.Params;
import org.monitoringstack.gate.policy.PolicyException;
import org.monitoringstack.gate.policy.PolicyFixtures;
import org.monitoringstack.gate.policy.SourceLocator;

/** Scenarios beyond pass/fail: other profiles, parameters and tricky inputs. */
class CoreChecksEdgeTest {

  private static List<String> run(String id, String profile, String fixture) {
    return CoreChecksTest.run(id, profile, fixture).stream().map(CoreChecksTest::line).toList();
  }

  @Test
  void reports_missing_schedule_on_the_target_when_render_has_none() {
    assertEquals(List.of("overlays/production/kustomization.yaml: error [backup.schedule] no "
        + "Velero Schedule (velero.io) in the render backs up namespace monitoring; expected one "
        + "covering its PersistentVolumeClaims and volume data"),
        run("backup.schedule", "production", "no_schedule.yaml"));
  }

  @Test
  void allows_generated_secrets_only_when_profile_is_kind() {
    assertEquals(List.of("security.no-plaintext-secrets/kind_generated.yaml:15: error "
        + "[security.no-plaintext-secrets] Secret/handwritten: carries 1 key of data in the "
        + "repository; expected no plaintext Secret, only Secrets produced from the secret store"),
        run("security.no-plaintext-secrets", "kind", "kind_generated.yaml"));
    assertEquals(3, run("security.no-plaintext-secrets", "production", "kind_generated.yaml")
        .size(), "production allows no generated Secret and requires the ExternalSecret");
  }

  @Test
  void accepts_default_class_but_still_warns_about_read_write_many_when_profile_is_kind() {
    List<Finding> findings = CoreChecksTest.run("storage.class", "kind", "kind_default.yaml");
    assertEquals(1, findings.size());
    assertEquals(Severity.WARNING, findings.get(0).severity());
    assertEquals("storage.class/kind_default.yaml:10", findings.get(0).location().toString());
  }

  private static List<String> components(List<String> required) {
    var check = CoreChecksTest.CHECKS.stream()
        .filter(c -> c.id().equals("stack.components")).findFirst().orElseThrow();
    CheckContext ctx = new CheckContext(check, PolicyFixtures.PRODUCTION,
        PolicyFixtures.resources("stack.components/fail.yaml"),
        new Params("stack.components", Map.of("namespace", "monitoring", "required", required)),
        Severity.ERROR, new SourceLocator(PolicyFixtures.ROOT));
    return check.evaluate(ctx).stream().map(CoreChecksTest::line).toList();
  }

  @Test
  void finds_component_in_other_namespace_when_entry_names_the_namespace() {
    assertEquals(List.of(), components(List.of("Deployment/dashboards/grafana",
        "DaemonSet/prometheus-node-exporter")));
    assertEquals(List.of("overlays/production/kustomization.yaml: error [stack.components] the "
        + "target does not render Deployment/grafana in namespace other: expected this core "
        + "component of the stack, found only [Deployment/monitoring/prometheus-operator, "
        + "Deployment/dashboards/grafana, Deployment/monitoring/kube-state-metrics, "
        + "Deployment/monitoring/thanos-query]"), components(List.of("Deployment/other/grafana")));
  }

  @Test
  void rejects_entry_when_it_is_not_kind_and_name() {
    for (String entry : List.of("grafana", "Deployment//grafana", "a/b/c/d")) {
      PolicyException e = assertThrows(PolicyException.class,
          () -> components(List.of(entry)));
      assertEquals("check stack.components: parameter 'required' entry '" + entry
          + "' is not Kind/name or Kind/namespace/name", e.getMessage());
    }
    assertEquals("check stack.components: parameter 'required' is not set",
        assertThrows(PolicyException.class, () -> components(List.of())).getMessage());
  }

  @Test
  void requires_digests_when_profile_asks_for_them() {
    var check = CoreChecksTest.CHECKS.stream()
        .filter(c -> c.id().equals("images.pinned")).findFirst().orElseThrow();
    CheckContext ctx = new CheckContext(check, PolicyFixtures.PRODUCTION,
        PolicyFixtures.resources("images.pinned/digest_required.yaml"),
        new Params("images.pinned", Map.of("requireDigest", true)), Severity.ERROR,
        new SourceLocator(PolicyFixtures.ROOT));
    assertEquals(List.of("images.pinned/digest_required.yaml:14: error [images.pinned] "
        + "Deployment/grafana: container 'grafana' uses image grafana/grafana:13.1.0 without a "
        + "digest; expected image@sha256:..."),
        check.evaluate(ctx).stream().map(CoreChecksTest::line).toList());
  }

  @Test
  void counts_shards_as_replicas_when_checking_disruption_budgets() {
    assertEquals(List.of("ha.pdb/shards.yaml:17: error [ha.pdb] PodDisruptionBudget/prometheus: "
        + "protects Prometheus/main (2 replicas) but has maxUnavailable 2, so every pod may be "
        + "evicted at once; expected it to keep at least 1 of the 2 pods"),
        run("ha.pdb", "production", "shards.yaml"));
  }

  @Test
  void allows_slower_scrapes_but_not_faster_ones_when_profile_sets_only_a_minimum() {
    assertEquals(List.of("prometheus.scrape-interval/fail.yaml:19: error "
        + "[prometheus.scrape-interval] ServiceMonitor/grafana: endpoint 1 (port fast) scrapes "
        + "every 10s, faster than allowed; expected no faster than every 15s",
        "prometheus.scrape-interval/fail.yaml:31: error [prometheus.scrape-interval] "
        + "PodMonitor/pods: endpoint 0 (port metrics) scrapes every 5000ms, faster than allowed; "
        + "expected no faster than every 15s",
        "prometheus.scrape-interval/fail.yaml:33: error [prometheus.scrape-interval] "
        + "PodMonitor/pods: endpoint 1 (port decimal) has scrape interval '0.5m', which is not a "
        + "Prometheus duration (e.g. 30s, 1m30s, 30000ms); expected no faster than every 15s"),
        run("prometheus.scrape-interval", "kind", "fail.yaml"));
  }

  private static List<String> retentionSize(Map<String, Object> params) {
    var check = CoreChecksTest.CHECKS.stream()
        .filter(c -> c.id().equals("storage.retention-size")).findFirst().orElseThrow();
    CheckContext ctx = new CheckContext(check, PolicyFixtures.PRODUCTION,
        PolicyFixtures.resources("storage.retention-size/fail.yaml"),
        new Params("storage.retention-size", params), Severity.ERROR,
        new SourceLocator(PolicyFixtures.ROOT));
    return check.evaluate(ctx).stream().map(CoreChecksTest::line).toList();
  }

  @Test
  void leaves_an_unset_retention_size_alone_when_profile_does_not_require_it() {
    List<String> kind = run("storage.retention-size", "kind", "fail.yaml");
    assertEquals(3, kind.size(), String.join("\n", kind));
    assertEquals(List.of(), kind.stream().filter(l -> l.contains("Prometheus/unset")).toList());
  }

  @Test
  void rejects_a_fraction_outside_zero_to_one_when_profile_sets_one() {
    for (Object bad : List.of(0, 1.5, "most")) {
      PolicyException e = assertThrows(PolicyException.class,
          () -> retentionSize(Map.of("maxFraction", bad)));
      assertEquals("check storage.retention-size: parameter 'maxFraction' must be a number "
          + "above 0 and at most 1, was " + bad, e.getMessage());
    }
  }

  @Test
  void still_requires_resources_when_profile_is_kind() {
    assertEquals(run("resources.present", "production", "fail.yaml"),
        run("resources.present", "kind", "fail.yaml"));
  }
}
