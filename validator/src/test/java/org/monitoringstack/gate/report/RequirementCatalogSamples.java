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

/**
 * Small hand-made gate runs for the report writers' tests: a passing target ({@code
 * overlays/kind}, one warning), a failing one ({@code overlays/production}: a located error, a
 * waived error and an error with an unknown location), and a warning about the run; and a
 * fleet of production clusters that share one finding.
 */
final class RequirementCatalogSamples {

  static final String KIND = "overlays/kind";
  static final String PROD = "overlays/production";

  private RequirementCatalogSamples() {}

  static RequirementCatalog catalog() {
    String resource = "/fixtures/report/catalog.yaml";
    try (java.io.InputStream in = RequirementCatalogSamples.class.getResourceAsStream(resource)) {
      return RequirementCatalog.parse(
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), resource);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Finding unpinnedImage() {
    return Finding.of("images.pinned", Severity.WARNING, "", KIND,
        new ObjectRef("apps/v1", "Deployment", "monitoring", "grafana"),
        new SourceLocation("base/grafana/grafana-deployment.yaml", 21),
        "image grafana/grafana:latest is not pinned", "pin a version tag or digest");
  }

  static Finding retention() {
    return Finding.of("prometheus.retention", Severity.ERROR, "PERF-1", PROD,
        new ObjectRef("monitoring.coreos.com/v1", "Prometheus", "monitoring", "main"),
        new SourceLocation("overlays/production/prometheus-retention.yaml", 9),
        "retention is \"7d\" <short> & below the guide, expected \"15d\"",
        "set spec.retention: 15d");
  }

  static Waiver waiver() {
    return new Waiver("ha.grafana-replicas", PROD, "Deployment/monitoring/grafana",
        "single replica until the shared database lands", "team-observability",
        LocalDate.of(2026, 12, 31), new SourceLocation("policies/waivers.yaml", 4));
  }

  static Finding grafanaReplicasWaived() {
    return Finding.of("ha.grafana-replicas", Severity.ERROR, "HA-5", PROD,
            new ObjectRef("apps/v1", "Deployment", "monitoring", "grafana"),
            new SourceLocation("base/grafana/grafana-deployment.yaml", 8),
            "replicas is 1, expected at least 2", "set spec.replicas: 2 with a shared database")
        .withWaiver(waiver());
  }

  static Finding coverageUnknownLocation() {
    return Finding.of("monitoring.coverage", Severity.ERROR, "CL-6", PROD, ObjectRef.NONE,
        SourceLocation.UNKNOWN, "Service kube-state-metrics is not scraped by any monitor", "");
  }

  static Finding unusedWaiver() {
    return Finding.of("policy.waiver-unused", Severity.WARNING, "", PROD, ObjectRef.NONE,
        new SourceLocation("policies/waivers.yaml", 12),
        "waiver for tls.web on overlays/production matches no finding", "remove the waiver");
  }

  static TargetReport passing() {
    return new TargetReport(new Target(KIND, Target.Kind.OVERLAY, Path.of("/repo", KIND)),
        "kind", 10, List.of(unpinnedImage()));
  }

  static TargetReport failing() {
    return new TargetReport(new Target(PROD, Target.Kind.OVERLAY, Path.of("/repo", PROD)),
        "production", 42,
        List.of(retention(), grafanaReplicasWaived(), coverageUnknownLocation()));
  }

  static GateReport report() {
    return new GateReport(List.of(passing(), failing()), List.of(unusedWaiver()),
        Duration.ofMillis(1534));
  }

  static GateReport clean() {
    return new GateReport(List.of(new TargetReport(
        new Target(KIND, Target.Kind.OVERLAY, Path.of("/repo", KIND)), "kind", 10, List.of())),
        List.of(), Duration.ofMillis(200));
  }

  /**
   * {@code size} production clusters, {@code clusters/prod-1} to {@code clusters/prod-N}, each
   * with the {@link #retention()} error at the same line: one finding they all share.
   */
  static GateReport fleet(int size) {
    List<TargetReport> fleet = new java.util.ArrayList<>();
    for (int i = 1; i <= size; i++) {
      String id = "clusters/prod-" + i;
      Finding shared = retention();
      fleet.add(new TargetReport(new Target(id, Target.Kind.CLUSTER, Path.of("/repo", id)),
          "production", 42, List.of(new Finding(shared.check(), shared.severity(),
              shared.requirement(), id, shared.object(), shared.location(), shared.message(),
              shared.hint(), null))));
    }
    return new GateReport(fleet, List.of(), Duration.ZERO);
  }
}
