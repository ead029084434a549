package org.monitoringstack.gate.model;

import java.util.List;
import java.util.Objects;

/**
 * What the gate found for one target: how many objects it rendered, the profile it was checked
 * against (empty when unbound), and every finding (waived ones included).
 */
public record TargetReport(Target target, String profile, int resources, List<Finding> findings) {

  public TargetReport {
    Objects.requireNonNull(target, "target");
    profile = Objects.requireNonNullElse(profile, "");
    if (resources < 0) {
      throw new IllegalArgumentException("resources must be >= 0");
    }
    findings = List.copyOf(findings);
  }

  public long count(Severity severity) {
    return findings.stream().filter(f -> f.severity() == severity && !f.isWaived()).count();
  }

  public long waived() {
    return findings.stream().filter(Finding::isWaived).count();
  }

  public boolean passed() {
    return findings.stream().noneMatch(Finding::blocks);
  }
}
