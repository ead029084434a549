package org.monitoringstack.gate.impact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.monitoringstack.gate.exec.ProcessResult;
import org.monitoringstack.gate.exec.ProcessSpec;
import org.monitoringstack.gate.exec.SystemProcessRunner;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.model.Target;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class ChangedTargetsTest {

  private static final Path ROOT = KustomizeGraphTest.miniRepo();
  private static final List<Target> TARGETS = KustomizeGraphTest.targets(ROOT);

  private static List<String> ids(ChangedTargets.Result r) {
    return r.targets().stream().map(Target::id).toList();
  }

  private static ChangedTargets.Result select(String... changed) {
    return ChangedTargets.select(KustomizeGraph.of(ROOT, TARGETS), TARGETS, List.of(changed),
        p -> Files.exists(ROOT.resolve(p)));
  }

  @ParameterizedTest(name = "{0} -> [{1}]")
  @CsvSource({
    "overlays/dev/app-replicas.yaml, overlays/dev clusters/beta",
    "clusters/alpha/stack/app-cluster.yaml, clusters/alpha",
    "base/web/web-deployment.yaml, overlays/prod clusters/alpha",
    "base/unused/unused-configMap.yaml, ''",
    "clusters/beta/new-sync.yaml, clusters/beta",
  })
  void selects_only_the_targets_reading_the_file(String file, String expected) {
    ChangedTargets.Result r = select(file);
    assertEquals(expected.isEmpty() ? List.of() : List.of(expected.split(" ")), ids(r));
    assertFalse(r.everything());
  }

  @ParameterizedTest(name = "{0} selects every target")
  @CsvSource({
    "validator/src/main/java/X.java", "policies/profiles/production.yaml", "pom.xml",
    ".ci/run", "validator/toolchain.properties", "README.md",
  })
  void selects_every_target_when_a_file_outside_the_manifests_changes(String file) {
    ChangedTargets.Result r = select("overlays/dev/app-replicas.yaml", file);
    assertEquals(List.of("overlays/dev", "overlays/prod", "clusters/alpha", "clusters/beta"),
        ids(r));
    assertTrue(r.everything());
    assertEquals(file + " is outside the manifests: every target", r.reasons().get(0));
  }

  @Test
  void lists_the_changed_manifest_files_no_target_reads_when_they_select_nothing() {
    ChangedTargets.Result r = select("base/unused/unused-configMap.yaml", "base/README.md",
        "overlays/dev/app-replicas.yaml");
    assertEquals(List.of("overlays/dev", "clusters/beta"), ids(r));
    assertEquals(List.of("base/README.md", "base/unused/unused-configMap.yaml"), r.unread());
  }

  @Test
  void selects_the_targets_of_its_folder_when_an_unexplained_file_was_deleted() {
    ChangedTargets.Result r = select("overlays/components/ha/old-patch.yaml");
    assertEquals(List.of("overlays/prod", "clusters/alpha"), ids(r));
    assertEquals("overlays/components/ha/old-patch.yaml (deleted)", r.reasons().get(0));
  }

  @Test
  void runs_git_diff_and_ls_files_as_argv_in_the_repository() {
    List<ProcessSpec> seen = new ArrayList<>();
    ChangedTargets changed = new ChangedTargets(spec -> {
      seen.add(spec);
      String out = spec.command().get(1).equals("diff")
          ? "overlays/dev/app-replicas.yaml\0" : "clusters/alpha/new.yaml\0";
      return new ProcessResult(spec.command(), 0, out, "", Duration.ZERO);
    });
    ChangedTargets.Result r = changed.since(ROOT, "origin/main", TARGETS);
    assertEquals(List.of("git", "diff", "--name-only", "--no-renames", "--relative", "-z",
        "origin/main", "--"), seen.get(0).command());
    assertEquals(List.of("git", "ls-files", "--others", "--exclude-standard", "-z"),
        seen.get(1).command());
    assertEquals(ROOT, seen.get(0).workingDir());
    assertEquals(List.of("clusters/alpha/new.yaml", "overlays/dev/app-replicas.yaml"),
        r.changedFiles());
    assertEquals(List.of("overlays/dev", "clusters/alpha", "clusters/beta"), ids(r));
  }

  @Test
  void reports_the_git_error_when_the_revision_is_unknown() {
    ChangedTargets changed = new ChangedTargets(spec -> new ProcessResult(spec.command(), 128,
        "", "fatal: bad revision 'nope'\n", Duration.ZERO));
    ToolException e = assertThrows(ToolException.class,
        () -> changed.since(ROOT, "nope", TARGETS));
    assertEquals("`git diff --name-only --no-renames --relative -z nope --` failed (exit 128): "
        + "fatal: bad revision 'nope'", e.getMessage());
  }

  @Test
  void rejects_an_option_given_as_revision() {
    ChangedTargets changed = new ChangedTargets(spec -> fail("git must not run"));
    assertThrows(IllegalArgumentException.class,
        () -> changed.since(ROOT, "--output=/tmp/x", TARGETS));
  }

  // ---- the spec's test: change each file in turn, compare with what really re-renders ----

  /** kustomize from KUSTOMIZE_BIN, else the bootstrap's .tools/bin/; fails clearly if neither. */
  static Path kustomize() {
    String env = System.getenv("KUSTOMIZE_BIN");
    if (env != null && !env.isBlank() && Files.isExecutable(Path.of(env))) {
      return Path.of(env);
    }
    Path here = Path.of("").toAbsolutePath();
    for (Path dir = here; dir != null; dir = dir.getParent()) {
      Path tool = dir.resolve(".tools/bin/kustomize");
      if (Files.isExecutable(tool)) {
        return tool;
      }
    }
    return fail("kustomize not found: set KUSTOMIZE_BIN to the kustomize binary, or run "
        + "`bash .ci/run` once so the bootstrap installs it into .tools/bin/");
  }

  private static final SystemProcessRunner RUNNER = new SystemProcessRunner();

  private static String build(Path kustomize, Path dir) {
    ProcessResult r = RUNNER.run(ProcessSpec.of(
        List.of(kustomize.toString(), "build", dir.toString()), Duration.ofSeconds(60)));
    return r.succeeded() ? r.stdout() : "FAILED: " + r.stderr();
  }

  /**
   * What a target renders to, as the gate sees it: an overlay's build; for a cluster, the build
   * of its folder followed by the build of every in-repo path its sync objects point at.
   */
  static String render(Path kustomize, Path root, Target t) {
    String own = build(kustomize, root.resolve(t.id()));
    if (t.kind() == Target.Kind.OVERLAY || own.startsWith("FAILED")) {
      return own;
    }
    StringBuilder out = new StringBuilder(own);
    for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(own)) {
      if (!(doc instanceof Map<?, ?> m) || !(m.get("spec") instanceof Map<?, ?> spec)) {
        continue;
      }
      List<Object> paths = new ArrayList<>();
      if (spec.get("source") instanceof Map<?, ?> s) {
        paths.add(s.get("path"));
      }
      if (spec.get("sources") instanceof List<?> l) {
        l.forEach(s -> paths.add(((Map<?, ?>) s).get("path")));
      }
      if (String.valueOf(m.get("apiVersion")).startsWith("kustomize.toolkit.fluxcd.io")) {
        paths.add(spec.get("path"));
      }
      for (Object p : paths) {
        if (p instanceof String path && Files.isDirectory(root.resolve(path))) {
          out.append("\n### ").append(path).append('\n')
              .append(build(kustomize, root.resolve(path)));
        }
      }
    }
    return out.toString();
  }

  private static Map<String, String> renderAll(Path kustomize, Path root, List<Target> targets) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    targets.forEach(t -> out.put(t.id(), render(kustomize, root, t)));
    return out;
  }

  private static void git(Path root, String... args) {
    List<String> argv = new ArrayList<>(List.of("git", "-c", "user.name=gate-test",
        "-c", "user.email=gate-test@example.invalid", "-c", "commit.gpgsign=false"));
    argv.addAll(List.of(args));
    ProcessResult r = RUNNER.run(ProcessSpec.of(argv, Duration.ofSeconds(60)).inDirectory(root));
    assertEquals(0, r.exitCode(), String.join(" ", argv) + ": " + r.stderr());
  }

  /** One way of changing a file; returns false when it does not apply to that file. */
  private interface Mutation {
    boolean apply(Path file) throws IOException;
  }

  private static final Map<String, Mutation> MUTATIONS = Map.of(
      "append a comment", file -> {
        Files.writeString(file, "\n# impact-test\n", StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.APPEND);
        return true;
      },
      "modify a value", file -> {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        for (int i = lines.size() - 1; i >= 0; i--) {
          String line = lines.get(i);
          if (line.matches(".*[:=]\\s*[A-Za-z0-9./\"-]+\\s*")) {
            lines.set(i, line.stripTrailing().endsWith("\"")
                ? line.stripTrailing().replaceFirst("\"$", "9\"") : line.stripTrailing() + "9");
            Files.write(file, lines);
            return true;
          }
        }
        return false;
      },
      "delete it", file -> {
        Files.delete(file);
        return true;
      });

  /** What changing files one by one showed. */
  private record Outcome(
      int cases, int changedRenders, Set<String> narrowed, List<String> misses) {}

  /**
   * Changes each file in turn (each mutation that applies, then restores it), then adds each of
   * {@code added}; after each change, compares the targets whose render changed with the targets
   * {@link ChangedTargets} selects from {@code git diff HEAD}.
   */
  private static Outcome exercise(Path kustomize, Path root, List<Target> targets,
      Map<String, Mutation> mutations, List<String> added) throws IOException {
    git(root, "init", "-q");
    git(root, "add", "-A");
    git(root, "commit", "-q", "-m", "fixture");
    Map<String, String> before = renderAll(kustomize, root, targets);
    for (Map.Entry<String, String> e : before.entrySet()) {
      assertFalse(e.getValue().startsWith("FAILED"), e.getKey() + " must render: " + e.getValue());
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile)
          .filter(p -> !root.relativize(p).startsWith(".git")).sorted().toList();
    }
    ChangedTargets changedTargets = new ChangedTargets(RUNNER);
    int cases = 0;
    int changedRenders = 0;
    Set<String> narrowed = new TreeSet<>();
    List<String> misses = new ArrayList<>();
    for (Path file : files) {
      byte[] original = Files.readAllBytes(file);
      for (Map.Entry<String, Mutation> mutation : new java.util.TreeMap<>(mutations).entrySet()) {
        if (!mutation.getValue().apply(file)) {
          continue;
        }
        String name = root.relativize(file).toString().replace('\\', '/');
        cases++;
        changedRenders += compare(kustomize, root, targets, changedTargets, before,
            name + " (" + mutation.getKey() + ")", narrowed, misses);
        Files.write(file, original);
      }
    }
    for (String name : added) {
      Path file = root.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, name.contains("ustomization")
          ? "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
          : "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: added\n");
      cases++;
      changedRenders += compare(kustomize, root, targets, changedTargets, before,
          name + " (added)", narrowed, misses);
      Files.delete(file);
    }
    return new Outcome(cases, changedRenders, narrowed, misses);
  }

  @Test
  void never_skips_a_target_whose_render_changes_when_any_file_changes(@TempDir Path tmp)
      throws IOException {
    Path kustomize = kustomize();
    Path root = KustomizeGraphTest.copy(ROOT, tmp.resolve("repo"));
    // besides every file: files that do not exist yet (a second kustomization file, a new file
    // in a cluster folder, a file in a new folder)
    Outcome o = exercise(kustomize, root, KustomizeGraphTest.targets(root), MUTATIONS,
        List.of("overlays/prod/kustomization.yml", "base/app/Kustomization",
            "clusters/beta/extra-sync.yaml", "base/new-folder/new.yaml"));
    assertEquals(List.of(), o.misses(), "targets whose render changed but were not selected");
    assertTrue(o.cases() >= 60, "cases: " + o.cases());
    assertTrue(o.changedRenders() >= 40, "renders that changed: " + o.changedRenders());
    // and it is not "everything, always": these changes select fewer than all targets
    assertTrue(o.narrowed().containsAll(List.of(
        "overlays/dev/app-replicas.yaml (modify a value)",
        "clusters/alpha/stack/app-cluster.yaml (modify a value)",
        "base/unused/unused-configMap.yaml (modify a value)")), o.narrowed().toString());
  }

  /**
   * The same over the repository's own manifests (a copy of base/, overlays/, clusters/): one
   * change per file that breaks it if kustomize reads it. Several minutes, so opt-in:
   * {@code GATE_IMPACT_REPOSITORY=1 mvn -B test -Dtest=ChangedTargetsTest}.
   */
  @Test
  @org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable(
      named = "GATE_IMPACT_REPOSITORY", matches = "1")
  void never_skips_a_target_of_the_repository_when_any_manifest_changes(@TempDir Path tmp)
      throws IOException {
    Path kustomize = kustomize();
    Path here = Path.of("").toAbsolutePath();
    Path repo = here.getFileName().toString().equals("validator") ? here.getParent() : here;
    Path root = tmp.resolve("repo");
    for (String folder : List.of("base", "overlays", "clusters", "fleet")) {
      assertTrue(Files.isDirectory(repo.resolve(folder)), "no " + folder + "/ in " + repo);
      KustomizeGraphTest.copy(repo.resolve(folder), root.resolve(folder));
    }
    List<Target> targets = new ArrayList<>();
    try (Stream<Path> overlays = Files.list(root.resolve("overlays"))) {
      for (Path dir : overlays.sorted().toList()) {
        Path k = dir.resolve("kustomization.yaml");
        if (Files.isRegularFile(k) && !Files.readString(k).contains("kind: Component")) {
          targets.add(new Target("overlays/" + dir.getFileName(), Target.Kind.OVERLAY, dir));
        }
      }
    }
    try (Stream<Path> clusters = Files.list(root.resolve("clusters"))) {
      for (Path dir : clusters.filter(Files::isDirectory).sorted().toList()) {
        targets.add(new Target("clusters/" + dir.getFileName(), Target.Kind.CLUSTER, dir));
      }
    }
    Outcome o = exercise(kustomize, root, targets, Map.of("break it", file -> {
      Files.writeString(file, "\n{impact-probe: [\n", StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.APPEND);
      return true;
    }), List.of());
    assertEquals(List.of(), o.misses(), "targets whose render changed but were not selected");
    assertTrue(o.changedRenders() > 0, "no render changed at all: " + o);
  }

  private static int compare(Path kustomize, Path root, List<Target> targets,
      ChangedTargets changedTargets, Map<String, String> before, String what,
      Set<String> narrowed, List<String> misses) {
    Map<String, String> after = renderAll(kustomize, root, targets);
    Set<String> actual = new LinkedHashSet<>();
    after.forEach((id, text) -> {
      if (!text.equals(before.get(id))) {
        actual.add(id);
      }
    });
    ChangedTargets.Result result = changedTargets.since(root, "HEAD", targets);
    Set<String> selected = new LinkedHashSet<>(ids(result));
    if (!selected.containsAll(actual)) {
      Set<String> missed = new TreeSet<>(actual);
      missed.removeAll(selected);
      misses.add(what + ": render changed in " + missed + " but selected " + selected);
    }
    if (selected.size() < targets.size()) {
      narrowed.add(what);
    }
    return actual.size();
  }
}
