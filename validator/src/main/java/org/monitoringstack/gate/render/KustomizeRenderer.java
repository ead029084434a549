package org.monitoringstack.gate.render;

import static org.monitoringstack.gate.render.ManifestParser.realPath;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.monitoringstack.gate.exec.Folders;
import org.monitoringstack.gate.exec.GoRuntime;
import org.monitoringstack.gate.exec.ProcessResult;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.exec.ProcessSpec;
import org.monitoringstack.gate.exec.ProcessTimeoutException;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.kustomization.Kustomization;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.RenderedTarget;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.yaml.SafeYaml;

/**
 * Renders a target with {@code kustomize build}. The repository is never modified: each build
 * goes through a throw-away wrapper kustomization in {@code workDir} (outside the repository)
 * that adds {@code buildMetadata: [originAnnotations]} and lists the target folder as its only
 * resource, so every object says which file it came from.
 *
 * <p>A cluster target renders its own folder (the Argo CD Applications, Flux Kustomizations and
 * sources) and then every path those objects sync from this repository, once each. A path that
 * is not in the repository is an external source and is left to the policy checks.
 *
 * <p>Origin annotations cost kustomize about nine times the CPU of the build itself, so the
 * renderer also comes {@link #unlocated() without them}: a plain {@code kustomize build DIR},
 * exactly as Argo CD runs it, whose objects have no source file (except the few of {@value
 * #FLEET}/, built with origins so that a generated Application keeps its ApplicationSet's). The gate renders every target
 * that way first and renders again with origins only the targets that have findings, to locate
 * them (see {@code pipeline.Gate}).
 *
 * <p>The Argo CD ApplicationSets of {@value #FLEET}/ (rendered from its kustomization) add to a
 * cluster target the Applications they generate for that cluster's folder ({@link
 * ApplicationSets}), whose paths are followed the same way, and themselves (their strategy
 * orders those Applications).
 */
public final class KustomizeRenderer implements Renderer {

  private final Path repoRoot;
  private final Path kustomize;
  private final ProcessRunner runner;
  private final Duration timeout;
  private final Path workDir;
  private final ManifestParser parser;
  private final SourceScan scan;
  private final KustomizeErrors errors;
  private final AtomicInteger builds = new AtomicInteger();
  private final ApplicationSets applicationSets;
  private final boolean locate;

  /** The folder of the Argo CD objects that deliver the stack to the production fleet. */
  public static final String FLEET = "fleet";

  /**
   * What a build's output depends on besides its inputs and the kustomize binary: the command,
   * the wrapper's build metadata, and how its output is parsed. Part of the render cache's key;
   * change it whenever one of them changes.
   */
  public static final List<String> FLAGS =
      List.of("build", "wrapper: buildMetadata=[originAnnotations]", "parser: 2",
          "applicationsets: 2");

  /** {@link #FLAGS} of the renderer {@link #unlocated() without origin annotations}. */
  static final List<String> UNLOCATED_FLAGS = FLAGS.stream()
      .map(f -> f.startsWith("wrapper: ") ? "plain: no wrapper, no origin annotations" : f)
      .toList();

  /**
   * @param timeout per {@code kustomize build}
   * @param workDir where wrapper kustomizations are written (a temporary folder outside the
   *     repository, or inside its git-ignored {@code .cache/})
   */
  public KustomizeRenderer(
      Path repoRoot, Path kustomize, ProcessRunner runner, Duration timeout, Path workDir) {
    this(repoRoot, kustomize, runner, timeout, workDir, true);
  }

  private KustomizeRenderer(Path repoRoot, Path kustomize, ProcessRunner runner,
      Duration timeout, Path workDir, boolean locate) {
    this.locate = locate;
    this.repoRoot = realPath(Objects.requireNonNull(repoRoot, "repoRoot"));
    this.kustomize = Objects.requireNonNull(kustomize, "kustomize");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.workDir = Objects.requireNonNull(workDir, "workDir");
    this.parser = new ManifestParser(this.repoRoot);
    this.scan = new SourceScan(this.repoRoot);
    this.errors = new KustomizeErrors(this.repoRoot);
    this.applicationSets = new ApplicationSets(this.repoRoot);
  }

  /**
   * The same renderer without origin annotations: a plain {@code kustomize build DIR} whose
   * objects are the same, in the same order, but whose source is {@link SourceLocation#UNKNOWN}.
   * A build that fails is built again with origins, so its finding is the one this renderer gives.
   */
  public KustomizeRenderer unlocated() {
    return new KustomizeRenderer(repoRoot, kustomize, runner, timeout, workDir, false);
  }

  /** What this renderer's output depends on besides its inputs, for the render cache's key. */
  public List<String> flags() {
    return locate ? FLAGS : UNLOCATED_FLAGS;
  }

  @Override
  public RenderedTarget render(Target target) {
    Build own = build(target, target.dir(), "", locate);
    if (target.kind() != Target.Kind.CLUSTER || !own.findings().isEmpty()) {
      return new RenderedTarget(target, own.resources(), own.findings());
    }
    List<Resource> resources = new ArrayList<>(own.resources());
    List<Finding> findings = new ArrayList<>();
    Path fleet = repoRoot.resolve(FLEET);
    if (Kustomization.find(fleet).isPresent()) {
      // always with origins (a few objects, no measurable cost): the Applications generated from
      // an ApplicationSet keep its source, which tells which set generated them
      Build sets = build(target, fleet, FLEET + ": ", true);
      findings.addAll(sets.findings());
      ApplicationSets.Generated generated = applicationSets.generate(target, sets.resources());
      resources.addAll(generated.sets());
      resources.addAll(generated.applications());
      findings.addAll(generated.findings());
    }
    Set<Path> done = new LinkedHashSet<>();
    done.add(realPath(target.dir()));
    Deque<Synced> work = new ArrayDeque<>(syncedPaths(resources));
    while (!work.isEmpty()) {
      Synced next = work.removeFirst();
      if (!done.add(next.dir())) {
        continue;
      }
      Build b = build(target, next.dir(), next.by().display() + " syncs " + next.path() + ": ",
          locate);
      resources.addAll(b.resources());
      findings.addAll(b.findings());
      work.addAll(syncedPaths(b.resources()));
    }
    return new RenderedTarget(target, resources, findings);
  }

  /**
   * {@code kustomize build DIR} exactly as Argo CD runs it (no wrapper, no origin annotations):
   * kustomize's stdout, unchanged. Throws {@link ToolException} when kustomize fails (the gate
   * rendered the same inputs cleanly just before, so a failure here is the tool's).
   */
  public String buildPlain(Path dir) {
    ProcessResult result = runner.run(buildSpec(realPath(dir)));
    if (!result.succeeded()) {
      throw new ToolException("`kustomize build " + repoRoot.relativize(realPath(dir))
          + "` failed (exit " + result.exitCode() + "): "
          + KustomizeErrors.errorText(result.stderr()));
    }
    return result.stdout();
  }

  private ProcessSpec buildSpec(Path kustomizationDir) {
    return ProcessSpec.of(List.of(kustomize.toString(), "build", kustomizationDir.toString()),
        timeout);
  }

  private record Build(List<Resource> resources, List<Finding> findings) {
    static Build failed(Finding finding) {
      return new Build(List.of(), List.of(finding));
    }
  }

  /** A repository folder that a sync object (Application, Flux Kustomization) points at. */
  record Synced(ObjectRef by, String path, Path dir) {}

  /** The folders of this repository that the sync objects among {@code resources} deploy. */
  List<Synced> syncedPaths(List<Resource> resources) {
    List<Synced> out = new ArrayList<>();
    for (Resource r : resources) {
      for (String path : r.syncPaths()) {
        String clean = path.strip().replaceFirst("^(\\./)+", "");
        if (clean.isEmpty() || clean.equals(".") || clean.startsWith("/")) {
          continue;
        }
        Path dir = repoRoot.resolve(clean).normalize();
        if (dir.startsWith(repoRoot) && Files.isDirectory(dir)) {
          out.add(new Synced(r.ref(), path, realPath(dir)));
        }
      }
    }
    return out;
  }

  private Build build(Target target, Path dir, String prefix, boolean origins) {
    Optional<SourceScan.Issue> issue = scan.scan(dir);
    if (issue.isPresent()) {
      SourceScan.Issue i = issue.get();
      SourceLocation at =
          new SourceLocation(repoRoot.relativize(i.file()).toString(), i.problem().line());
      String message = prefix + i.problem().message();
      return Build.failed(switch (i.kind()) {
        case REMOTE -> error("render.remote", target, at, message, "copy the base into this "
            + "repository (e.g. with `kustomize localize`) and list its folder instead");
        case OUTSIDE -> error("render.kustomize", target, at, message,
            "move the file into the repository and list it by its path there");
        case CYCLE -> error("render.kustomize", target, at, message,
            "remove the entry, or point it at a folder that does not include this one");
        case YAML -> ManifestParser.yamlFinding(target, at, message);
      });
    }
    if (!origins) {
      // kustomize build DIR, no wrapper: when kustomize fails or prints what is not manifests,
      // the build through the wrapper below gives the located finding (or the tool failure)
      ProcessResult plain;
      try {
        plain = runner.run(buildSpec(realPath(dir)).withEnvironment(GoRuntime.environment()));
      } catch (ProcessTimeoutException e) {
        return Build.failed(timeoutFinding(target, dir, prefix, e));
      }
      if (plain.succeeded()) {
        try {
          return fromOutput(target, dir, prefix, plain.stdout(), dir);
        } catch (ManifestParser.NotManifests e) {
          // explained below
        }
      }
    }
    Path wrapper = writeWrapper(target, dir);
    try {
      ProcessResult result;
      try {
        result = runner.run(buildSpec(wrapper).withEnvironment(GoRuntime.environment()));
      } catch (ProcessTimeoutException e) {
        return Build.failed(timeoutFinding(target, dir, prefix, e));
      }
      if (!result.succeeded()) {
        if (KustomizeErrors.errorText(result.stderr()).endsWith("kustomization.yaml is empty")) {
          return Build.failed(emptyFinding(target, dir, prefix,
              "kustomize rendered no objects: the kustomization is empty"));
        }
        if (!KustomizeErrors.reportsError(result.stderr())) {
          throw broken(dir, result, "failed without an error message",
              "kustomize reports every problem of a kustomization on a line `Error: ...`");
        }
        KustomizeErrors.Described d = errors.describe(result.stderr(), dir, wrapper);
        return Build.failed(error("render.kustomize", target, d.location(), prefix + d.message(),
            "run `kustomize build " + repoRoot.relativize(realPath(dir))
                + "` to see the whole error"));
      }
      try {
        return fromOutput(target, dir, prefix, result.stdout(), wrapper);
      } catch (ManifestParser.NotManifests e) {
        throw broken(dir, result, "printed something that is not YAML manifests: "
            + e.getMessage(), "kustomize always prints a YAML stream of objects");
      }
    } finally {
      Folders.deleteQuietly(wrapper);
    }
  }

  /**
   * The binary misbehaved: it failed without kustomize's {@code Error:} line, or printed what
   * kustomize never prints. A tool failure naming the binary, its exit status and its stderr,
   * not a finding at the user's kustomization.
   */
  private ToolException broken(Path dir, ProcessResult result, String what, String why) {
    String stderr = SafeYaml.oneLine(result.stderr());
    if (stderr.length() > 500) {
      stderr = stderr.substring(0, 500) + "...";
    }
    return new ToolException("`" + kustomize + " build "
        + repoRoot.relativize(realPath(dir)) + "` " + what + " (exit status "
        + result.exitCode() + ", stderr: " + (stderr.isEmpty() ? "empty" : stderr) + "); "
        + why + ", so " + kustomize + " is not a working kustomize");
  }

  private Build fromOutput(Target target, Path dir, String prefix, String stdout,
      Path originBase) {
    ManifestParser.Parsed parsed = parser.parse(target, stdout, originBase);
    List<Finding> findings = new ArrayList<>(parsed.findings());
    if (parsed.resources().isEmpty() && findings.isEmpty()) {
      findings.add(emptyFinding(target, dir, prefix, "kustomize rendered no objects"));
    }
    return new Build(parsed.resources(), findings);
  }

  /**
   * One target's build took longer than the limit: a finding on that target, so the others are
   * still judged. It names the largest YAML files of the repository, the usual cause.
   */
  private Finding timeoutFinding(Target target, Path dir, String prefix,
      ProcessTimeoutException e) {
    Duration limit = e.timeout();
    return error("render.timeout", target, SourceLocation.of(kustomizationFile(dir)),
        prefix + "kustomize build did not finish within " + (limit.toMillis() % 1000 == 0
            ? limit.toSeconds() + "s" : limit.toMillis() + "ms")
            + " and was stopped; the largest YAML files of the repository: " + largestYamlFiles(3),
        "split or shrink very large manifests (the API server refuses objects over about 1.5"
            + " MiB anyway), or raise the limit with --timeout SECONDS");
  }

  /** The {@code n} largest YAML files under the repository root, with their sizes. */
  private String largestYamlFiles(int n) {
    List<String> skipped = List.of(".git", ".cache", ".tools", "validator", "target",
        "node_modules");
    try (Stream<Path> walk = Files.walk(repoRoot)) {
      return walk.filter(p -> {
            Path rel = repoRoot.relativize(p);
            return rel.getNameCount() > 0 && !skipped.contains(rel.getName(0).toString())
                && Files.isRegularFile(p) && p.toString().matches(".*\\.ya?ml$");
          })
          .map(p -> Map.entry(p, p.toFile().length())) // 0 when unreadable
          .sorted(Map.Entry.<Path, Long>comparingByValue().reversed())
          .limit(n)
          .map(en -> repoRoot.relativize(en.getKey())
              + String.format(Locale.ROOT, " (%.1f MB)", en.getValue() / 1e6))
          .collect(Collectors.joining(", "));
    } catch (IOException | RuntimeException ex) {
      return "(cannot list them: " + ex.getMessage() + ")";
    }
  }

  private Finding emptyFinding(Target target, Path dir, String prefix, String message) {
    // line 1: where the kustomization (empty, or listing nothing) starts
    return error("render.empty", target, new SourceLocation(kustomizationFile(dir), 1),
        prefix + message, "list the target's resources (or its base) under `resources:`");
  }

  /** The kustomization file of {@code dir} (or the folder, when it has none), repo-relative. */
  private String kustomizationFile(Path dir) {
    return repoRoot.relativize(realPath(Kustomization.find(dir).orElse(dir))).toString();
  }

  private static Finding error(String check, Target target, SourceLocation at, String message,
      String hint) {
    return Finding.of(check, Severity.ERROR, "", target.id(), ObjectRef.NONE, at, message, hint);
  }

  private Path writeWrapper(Target target, Path dir) {
    try {
      Files.createDirectories(workDir);
      Path wrapper = workDir.resolve(
          builds.incrementAndGet() + "-" + target.id().replaceAll("[^A-Za-z0-9._-]", "_"));
      Files.createDirectories(wrapper);
      Path realWrapper = wrapper.toRealPath();
      String relative = realWrapper.relativize(realPath(dir)).toString().replace('\\', '/');
      Files.writeString(realWrapper.resolve("kustomization.yaml"),
          "# written by gitops-validate: adds origin annotations to the target's objects\n"
              + "apiVersion: kustomize.config.k8s.io/v1beta1\n"
              + "kind: Kustomization\n"
              + "buildMetadata: [originAnnotations]\n"
              + "resources:\n"
              + "  - " + quote(relative) + "\n",
          StandardCharsets.UTF_8);
      return realWrapper;
    } catch (IOException e) {
      throw new ToolException("cannot write a temporary kustomization under " + workDir + ": "
          + e.getMessage(), e);
    }
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

}
