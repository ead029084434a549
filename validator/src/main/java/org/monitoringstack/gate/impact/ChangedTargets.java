package org.monitoringstack.gate.impact;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.monitoringstack.gate.exec.ProcessResult;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.exec.ProcessSpec;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.model.TargetInputs;

/**
 * The targets a change affects, for {@code --changed-since REV}. The changed files are {@code git
 * diff --name-only --no-renames --relative REV} (the working tree against REV, so both sides of a
 * rename count; paths relative to the repository root even when it is a subfolder of the Git
 * work tree) plus the untracked files ({@code git ls-files --others --exclude-standard}).
 *
 * <p>A changed file selects the targets whose {@link KustomizeGraph} inputs read it. A file
 * outside {@code base/}, {@code overlays/} and {@code clusters/} (the validator, {@code
 * policies/}, the pins in {@code pom.xml} or the toolchain file, {@code .ci/}, anything else)
 * selects every target. A file under those folders that no longer exists and that the graph does
 * not explain selects every target reading something in its folder. A file under them that the
 * graph does not explain and that still exists is read by no render and selects nothing.
 */
public final class ChangedTargets {

  /** Folders whose files only matter through kustomize. */
  public static final List<String> MANIFEST_FOLDERS = List.of("base/", "overlays/", "clusters/");

  static final Duration TIMEOUT = Duration.ofSeconds(60);

  /**
   * What a change affects.
   *
   * @param targets the affected targets, in the order given
   * @param changedFiles every changed file, sorted
   * @param reasons for each affected target (same order), why: the first file that selected it
   * @param everything true when a file outside the manifests selected every target
   * @param unread changed files under the manifest folders that no target's render reads (e.g. a
   *     manifest no kustomization lists yet, a README), sorted: they select nothing, and the
   *     run says so
   */
  public record Result(List<Target> targets, List<String> changedFiles, List<String> reasons,
      boolean everything, List<String> unread) {
    public Result {
      targets = List.copyOf(targets);
      changedFiles = List.copyOf(changedFiles);
      reasons = List.copyOf(reasons);
      unread = List.copyOf(unread);
    }
  }

  private final ProcessRunner runner;

  public ChangedTargets(ProcessRunner runner) {
    this.runner = Objects.requireNonNull(runner, "runner");
  }

  /** Runs git in {@code repoRoot} and selects the affected targets. */
  public Result since(Path repoRoot, String rev, List<Target> targets) {
    if (rev == null || rev.isBlank() || rev.startsWith("-")) {
      throw new IllegalArgumentException("not a revision: '" + rev + "'");
    }
    Set<String> changed = new TreeSet<>();
    changed.addAll(git(repoRoot, List.of(
        "git", "diff", "--name-only", "--no-renames", "--relative", "-z", rev, "--")));
    changed.addAll(git(repoRoot, List.of("git", "ls-files", "--others", "--exclude-standard",
        "-z")));
    KustomizeGraph graph = KustomizeGraph.of(repoRoot, targets);
    return select(graph, targets, changed, p -> Files.exists(graph.root().resolve(p)));
  }

  private List<String> git(Path repoRoot, List<String> argv) {
    ProcessResult result = runner.run(ProcessSpec.of(argv, TIMEOUT).inDirectory(repoRoot));
    if (!result.succeeded()) {
      throw new ToolException("`" + String.join(" ", argv) + "` failed (exit "
          + result.exitCode() + "): " + result.stderr().strip());
    }
    return Arrays.stream(result.stdout().split("\0")).map(String::strip)
        .filter(name -> !name.isEmpty()).toList();
  }

  /** Selects the targets that the changed files affect (no git involved). */
  public static Result select(
      KustomizeGraph graph, List<Target> targets, Collection<String> changedFiles,
      Predicate<String> exists) {
    List<String> changed = new ArrayList<>(new TreeSet<>(changedFiles));
    Set<String> selected = new LinkedHashSet<>();
    Map<String, String> reason = new HashMap<>();
    List<String> unread = new ArrayList<>();
    for (String file : changed) {
      if (MANIFEST_FOLDERS.stream().noneMatch(file::startsWith)) {
        return new Result(targets, changed, Collections.nCopies(targets.size(),
            file + " is outside the manifests: every target"), true, List.of());
      }
      List<Target> reading = graph.targetsReading(file);
      for (Target t : reading) {
        selected.add(t.id());
        reason.putIfAbsent(t.id(), file);
      }
      if (reading.isEmpty() && exists.test(file)) {
        unread.add(file);
      } else if (reading.isEmpty()) {
        String folder = file.substring(0, file.lastIndexOf('/') + 1);
        for (TargetInputs in : graph.inputs()) {
          if (in.touchesFolder(folder)) {
            selected.add(in.target().id());
            reason.putIfAbsent(in.target().id(), file + " (deleted)");
          }
        }
      }
    }
    List<Target> out = targets.stream().filter(t -> selected.contains(t.id())).toList();
    return new Result(out, changed, out.stream().map(t -> reason.get(t.id())).toList(), false,
        unread);
  }
}
