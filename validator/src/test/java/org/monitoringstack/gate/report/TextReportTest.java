package org.monitoringstack.gate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.monitoringstack.gate.model.GateReport;

class TextReportTest {

  @Test
  void prints_targets_findings_and_summary_when_report_has_findings() throws Exception {
    StringWriter out = new StringWriter();
    new TextReport().write(ReportFixtures.sample(), out);
    assertEquals("""
        overlays/kind: 57 objects, 0 errors, 1 warning, 0 waived (profile kind)
        overlays/production: 1 object, 2 errors, 0 warnings, 1 waived (profile production)

        base/grafana/grafana-deployment.yaml:12: [grafana.admin] warning: Deployment/grafana: \
        admin password set in plain text (overlays/kind)
          hint: use a Secret
        base/prometheus/prometheus-prometheus.yaml:1: [schema.kubeconform] Prometheus/main: \
        spec.retention: expected string, got integer (overlays/production)
        overlays/production/prometheus-retention.yaml:6: [prometheus.retention] Prometheus/main: \
        retention is 7d, expected at least 15d (overlays/production) \
        (waived until 2027-01-31: capacity review pending)
          hint: set spec.retention: 15d
        overlays/production: [render.empty] kustomize rendered no objects
        policies/waivers.yaml:10: [policy.waiver-unused] warning: waiver for grafana.admin on \
        overlays/kind matched nothing
          hint: remove it
        FAILED: 2 targets, 58 objects, 2 errors, 2 warnings, 1 waived in 3.5s
        """, out.toString());
  }

  @Test
  void prints_a_finding_once_with_its_targets_when_targets_share_its_line() throws Exception {
    StringWriter out = new StringWriter();
    new TextReport().write(ReportFixtures.fleet(), out);
    assertEquals("""
        overlays/kind: 10 objects, 3 errors, 0 warnings, 0 waived (profile kind)
        clusters/kind: 10 objects, 3 errors, 0 warnings, 0 waived (profile kind)
        clusters/prod: 10 objects, 1 error, 1 warning, 1 waived (profile production)

        base/grafana/grafana-deployment.yaml:36: [auth.grafana-password-policy] \
        Deployment/grafana: password policy is off (overlays/kind, clusters/kind)
          hint: set GF_AUTH_BASIC_PASSWORD_POLICY: true
        base/grafana/grafana-deployment.yaml:21: [images.pinned] Deployment/grafana: \
        image grafana/grafana:latest is not pinned (overlays/kind, clusters/kind, clusters/prod)
        overlays/kind: [render.empty] kustomize rendered no objects
        clusters/kind: [render.empty] kustomize rendered no objects
        base/grafana/grafana-deployment.yaml:36: [auth.grafana-password-policy] warning: \
        Deployment/grafana: password policy is off (clusters/prod)
          hint: set GF_AUTH_BASIC_PASSWORD_POLICY: true
        base/grafana/grafana-deployment.yaml:8: [ha.grafana-replicas] Deployment/grafana: \
        replicas is 1, expected at least 2 (clusters/prod) \
        (waived until 2027-01-31: shared database pending)
        FAILED: 3 targets, 30 objects, 7 errors, 1 warning, 1 waived in 1.2s
        """, out.toString());
  }

  @Test
  void prints_each_shared_blocking_error_once_when_quiet() throws Exception {
    StringWriter out = new StringWriter();
    new TextReport().quiet(true).write(ReportFixtures.fleet(), out);
    assertEquals("""
        base/grafana/grafana-deployment.yaml:36: [auth.grafana-password-policy] \
        Deployment/grafana: password policy is off (overlays/kind, clusters/kind)
          hint: set GF_AUTH_BASIC_PASSWORD_POLICY: true
        base/grafana/grafana-deployment.yaml:21: [images.pinned] Deployment/grafana: \
        image grafana/grafana:latest is not pinned (overlays/kind, clusters/kind, clusters/prod)
        overlays/kind: [render.empty] kustomize rendered no objects
        clusters/kind: [render.empty] kustomize rendered no objects
        FAILED: 3 targets, 30 objects, 7 errors, 1 warning, 1 waived in 1.2s
        """, out.toString());
  }

  @Test
  void prints_only_summary_when_nothing_was_checked() throws Exception {
    StringWriter out = new StringWriter();
    new TextReport().write(new GateReport(List.of(), List.of(), Duration.ZERO), out);
    assertEquals("PASSED: 0 targets, 0 objects, 0 errors, 0 warnings, 0 waived in 0.0s\n",
        out.toString());
  }

  @Test
  void prints_render_cache_and_notes_before_the_summary_when_the_run_has_them() throws Exception {
    StringWriter out = new StringWriter();
    new TextReport().write(new GateReport(List.of(), List.of(), Duration.ofMillis(400),
        new GateReport.CacheStats(4, 1), List.of("changed since HEAD: 1 of 5 targets")), out);
    assertEquals("""

        render cache: 4 hits, 1 miss
        changed since HEAD: 1 of 5 targets
        PASSED: 0 targets, 0 objects, 0 errors, 0 warnings, 0 waived in 0.4s
        """, out.toString());
  }

  @Test
  void prints_only_blocking_errors_and_the_summary_when_quiet() throws Exception {
    StringWriter out = new StringWriter();
    new TextReport().quiet(true).write(ReportFixtures.sample(), out);
    assertEquals("""
        base/prometheus/prometheus-prometheus.yaml:1: [schema.kubeconform] Prometheus/main: \
        spec.retention: expected string, got integer (overlays/production)
        overlays/production: [render.empty] kustomize rendered no objects
        FAILED: 2 targets, 58 objects, 2 errors, 2 warnings, 1 waived in 3.5s
        """, out.toString());
  }

  @Test
  void colours_only_the_error_and_warning_labels_when_coloured() throws Exception {
    StringWriter out = new StringWriter();
    new TextReport().colored(true).write(ReportFixtures.sample(), out);
    String text = out.toString();
    assertTrue(text.contains("base/grafana/grafana-deployment.yaml:12: " + TextReport.YELLOW
        + "[grafana.admin] warning:" + TextReport.RESET + " Deployment/grafana: "), text);
    assertTrue(text.contains("base/prometheus/prometheus-prometheus.yaml:1: " + TextReport.RED
        + "[schema.kubeconform]" + TextReport.RESET + " Prometheus/main: "), text);
    assertTrue(text.contains(":6: [prometheus.retention] Prometheus/main"), "waived: " + text);
    StringWriter plain = new StringWriter();
    new TextReport().write(ReportFixtures.sample(), plain);
    assertEquals(plain.toString(), text.replaceAll("\u001b\\[[0-9;]*m", ""));
  }
}
