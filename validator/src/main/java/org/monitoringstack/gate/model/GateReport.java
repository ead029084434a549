package org.monitoringstack.gate.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The outcome of one gate run over a set of targets, in the order they were given. {@code
 * runFindings} are findings about the run rather than one target (e.g. an unused waiver). {@code
 * renderCache} counts the targets whose render came from the render cache and those kustomize
 * rendered; {@code notes} are lines about the run for the summary (e.g. which targets {@code
 * --changed-since} selected and why); {@code run} is what the run checked and when (the commit,
 * the start), for the reports that name them.
 */
public record GateReport(
    List<TargetReport> targets,
    List<Finding> runFindings,
    Duration elapsed,
    CacheStats renderCache,
    List<String> notes,
    RunInfo run) {

  /**
   * What a run checked and when: {@code revision}, the Git commit checked out in the repository
   * (empty when not known, e.g. not a Git work tree), and {@code started}, when the run began
   * (null when not known). The CLI finds them once; the reports only print them.
   */
  public record RunInfo(String revision, Instant started) {
    /** Nothing known about the run. */
    public static final RunInfo UNKNOWN = new RunInfo("", null);

    public RunInfo {
      revision = Objects.requireNonNullElse(revision, "").strip();
    }
  }

  /** Render cache use in one run: targets read from the cache, and targets rendered. */
  public record CacheStats(int hits, int misses) {
    /** No cache involved. */
    public static final CacheStats NONE = new CacheStats(0, 0);

    public CacheStats {
      if (hits < 0 || misses < 0) {
        throw new IllegalArgumentException("hits and misses must be >= 0");
      }
    }

    /** True when some target went through the cache. */
    public boolean used() {
      return hits + misses > 0;
    }

    @Override
    public String toString() {
      return "render cache: " + hits + (hits == 1 ? " hit, " : " hits, ") + misses
          + (misses == 1 ? " miss" : " misses");
    }
  }

  public GateReport {
    targets = List.copyOf(targets);
    runFindings = List.copyOf(runFindings);
    Objects.requireNonNull(elapsed, "elapsed");
    renderCache = Objects.requireNonNullElse(renderCache, CacheStats.NONE);
    notes = List.copyOf(notes);
    run = Objects.requireNonNullElse(run, RunInfo.UNKNOWN);
  }

  /** A report of a run whose commit and start are not known. */
  public GateReport(List<TargetReport> targets, List<Finding> runFindings, Duration elapsed,
      CacheStats renderCache, List<String> notes) {
    this(targets, runFindings, elapsed, renderCache, notes, RunInfo.UNKNOWN);
  }

  /** A report without cache statistics or notes. */
  public GateReport(List<TargetReport> targets, List<Finding> runFindings, Duration elapsed) {
    this(targets, runFindings, elapsed, CacheStats.NONE, List.of());
  }

  /** The same report, timed as {@code wall} (e.g. the whole run, tool installs included). */
  public GateReport withElapsed(Duration wall) {
    return new GateReport(targets, runFindings, wall, renderCache, notes, run);
  }

  /** The same report of the run {@code info} describes. */
  public GateReport withRun(RunInfo info) {
    return new GateReport(targets, runFindings, elapsed, renderCache, notes, info);
  }

  /** The same report with {@code more} notes after its own. */
  public GateReport withNotes(List<String> more) {
    return new GateReport(targets, runFindings, elapsed, renderCache,
        Stream.concat(notes.stream(), more.stream()).toList(), run);
  }

  /**
   * The lines the summaries print about the run: the render cache line (when the cache was
   * used), then the notes.
   */
  public List<String> summaryNotes() {
    return Stream.concat(renderCache.used() ? Stream.of(renderCache.toString()) : Stream.empty(),
        notes.stream()).toList();
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
