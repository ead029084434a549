package org.monitoringstack.gate.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one gate run over a set of targets, in the order they were given. {@code
 * runFindings} are findings about the run rather than one target (e.g. an unused waiver).
 */
public record GateReport(List<TargetReport> targets, List<Finding> runFindings, Duration elapsed) {

  public GateReport {
    targets = List.copyOf(targets);
    runFindings = List.copyOf(runFindings);
    Objects.requireNonNull(elapsed, "elapsed");
  }

  public long count(Severity severity) {
    return targets.stream().mapToLong(t -> t.count(severity)).sum()
        + runFindings.stream().filter(f -> f.severity() == severity && !f.isWaived()).count();
  }

  public long waived() {
    return targets.stream().mapToLong(TargetReport::waived).sum();
  }

  public int resources() {
    return targets.stream().mapToInt(TargetReport::resources).sum();
  }

  /** True when no unwaived error was found: exit code 0. */
  public boolean passed() {
    return targets.stream().allMatch(TargetReport::passed)
        && runFindings.stream().noneMatch(Finding::blocks);
  }
}
