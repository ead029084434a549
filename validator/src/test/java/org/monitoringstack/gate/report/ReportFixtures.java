package org.monitoringstack.gate.report;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.GateReport;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.model.TargetReport;
import org.monitoringstack.gate.model.Waiver;

/** A small gate report with one of each kind of finding, shared by the report tests. */
final class ReportFixtures {

  private ReportFixtures() {}

  static GateReport sample() {
    Target kind = new Target("overlays/kind", Target.Kind.OVERLAY, Path.of("/r/overlays/kind"));
    Target prod = new Target("overlays/production", Target.Kind.OVERLAY,
        Path.of("/r/overlays/production"));
    ObjectRef prometheus = new ObjectRef("monitoring.coreos.com/v1", "Prometheus", "monitoring",
        "main");
    Finding schema = Finding.of("schema.kubeconform", Severity.ERROR, "", prod.id(), prometheus,
        new SourceLocation("base/prometheus/prometheus-prometheus.yaml", 1),
        "spec.retention: expected string, got integer", "");
    Finding warning = Finding.of("grafana.admin", Severity.WARNING, "SEC-3", kind.id(),
        new ObjectRef("apps/v1", "Deployment", "monitoring", "grafana"),
        new SourceLocation("base/grafana/grafana-deployment.yaml", 12),
        "admin password set in plain text", "use a Secret");
    Waiver waiver = new Waiver("prometheus.retention", "overlays/production", "*",
        "capacity review pending", "sre", LocalDate.of(2027, 1, 31),
        new SourceLocation("policies/waivers.yaml", 4));
    Finding waived = Finding.of("prometheus.retention", Severity.ERROR, "PERF-1", prod.id(),
        prometheus, new SourceLocation("overlays/production/prometheus-retention.yaml", 6),
        "retention is 7d, expected at least 15d", "set spec.retention: 15d").withWaiver(waiver);
    Finding render = Finding.of("render.empty", Severity.ERROR, "", prod.id(), ObjectRef.NONE,
        SourceLocation.UNKNOWN, "kustomize rendered no objects", "");
    Finding unused = Finding.of("policy.waiver-unused", Severity.WARNING, "", "policies",
        ObjectRef.NONE, new SourceLocation("policies/waivers.yaml", 10),
        "waiver for grafana.admin on overlays/kind matched nothing", "remove it");
    return new GateReport(
        List.of(new TargetReport(kind, "kind", 57, List.of(warning)),
            new TargetReport(prod, "production", 1, List.of(schema, waived, render))),
        List.of(unused), Duration.ofMillis(3456));
  }

  /**
   * Three targets that share a base file: one finding in {@code overlays/kind} and {@code
   * clusters/kind} (an error) that {@code clusters/prod} reports as a warning, an error of all
   * three, a waived error of {@code clusters/prod} only, and a finding with no location in both
   * kind targets.
   */
  static GateReport fleet() {
    Target kind = new Target("overlays/kind", Target.Kind.OVERLAY, Path.of("/r/overlays/kind"));
    Target kindCluster = new Target("clusters/kind", Target.Kind.CLUSTER,
        Path.of("/r/clusters/kind"));
    Target prod = new Target("clusters/prod", Target.Kind.CLUSTER, Path.of("/r/clusters/prod"));
    ObjectRef grafana = new ObjectRef("apps/v1", "Deployment", "monitoring", "grafana");
    SourceLocation line36 = new SourceLocation("base/grafana/grafana-deployment.yaml", 36);
    SourceLocation line8 = new SourceLocation("base/grafana/grafana-deployment.yaml", 8);
    Waiver waiver = new Waiver("ha.grafana-replicas", prod.id(), "*", "shared database pending",
        "sre", LocalDate.of(2027, 1, 31), new SourceLocation("policies/waivers.yaml", 4));
    List<TargetReport> targets = new java.util.ArrayList<>();
    for (Target t : List.of(kind, kindCluster, prod)) {
      Severity severity = t == prod ? Severity.WARNING : Severity.ERROR;
      List<Finding> findings = new java.util.ArrayList<>();
      findings.add(Finding.of("auth.grafana-password-policy", severity, "SEC-2", t.id(), grafana,
          line36, "password policy is off", "set GF_AUTH_BASIC_PASSWORD_POLICY: true"));
      findings.add(Finding.of("images.pinned", Severity.ERROR, "", t.id(), grafana,
          new SourceLocation("base/grafana/grafana-deployment.yaml", 21),
          "image grafana/grafana:latest is not pinned", ""));
      if (t == prod) {
        findings.add(Finding.of("ha.grafana-replicas", Severity.ERROR, "HA-5", t.id(), grafana,
            line8, "replicas is 1, expected at least 2", "").withWaiver(waiver));
      } else {
        findings.add(Finding.of("render.empty", Severity.ERROR, "", t.id(), ObjectRef.NONE,
            SourceLocation.UNKNOWN, "kustomize rendered no objects", ""));
      }
      targets.add(new TargetReport(t, t == prod ? "production" : "kind", 10, findings));
    }
    return new GateReport(targets, List.of(), Duration.ofMillis(1200));
  }
}
