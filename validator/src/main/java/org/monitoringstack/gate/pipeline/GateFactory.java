package org.monitoringstack.gate.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.monitoringstack.gate.cache.FileIdentity;
import org.monitoringstack.gate.exec.Folders;
import org.monitoringstack.gate.exec.ProcessResult;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.exec.ProcessSpec;
import org.monitoringstack.gate.exec.SystemProcessRunner;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.impact.ChangedTargets;
import org.monitoringstack.gate.impact.KustomizeGraph;
import org.monitoringstack.gate.live.LiveStage;
import org.monitoringstack.gate.live.LiveVerifier;
import org.monitoringstack.gate.live.PinnedCrds;
import org.monitoringstack.gate.model.GateReport;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.RenderedTarget;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.policy.PolicyFiles;
import org.monitoringstack.gate.policy.PolicySet;
import org.monitoringstack.gate.policy.SourceLocator;
import org.monitoringstack.gate.policy.check.CheckRegistry;
import org.monitoringstack.gate.render.CachingRenderer;
import org.monitoringstack.gate.render.KustomizeRenderer;
import org.monitoringstack.gate.render.RenderCache;
import org.monitoringstack.gate.render.Renderer;
import org.monitoringstack.gate.render.TargetSelectionException;
import org.monitoringstack.gate.schema.FieldLocator;
import org.monitoringstack.gate.schema.KubeconformValidator;
import org.monitoringstack.gate.schema.SchemaCatalog;
import org.monitoringstack.gate.schema.SchemaValidator;
import org.monitoringstack.gate.toolchain.ModuleFetcher;
import org.monitoringstack.gate.toolchain.Toolchain;
import org.monitoringstack.gate.yaml.SafeYaml;

/**
 * Assembles a {@link Gate} with the real components for a repository: the pinned toolchain
 * (kustomize, kubeconform), the offline schema catalog, and the repository's policies.
 *
 * <p>The components other packages provide come through {@link Wiring}, the one seam between
 * this pipeline and the toolchain, schema and policy packages.
 */
public final class GateFactory {

  /** How long one {@code kustomize build} may take unless overridden. */
  public static final Duration DEFAULT_RENDER_TIMEOUT = Duration.ofMinutes(2);

  /**
   * The tools a run needs. {@code schemaIdentity} names the schemas and the validator (e.g. the
   * catalog folder, keyed by the pins, and the kubeconform binary): when not empty, schema
   * findings are cached per rendered target under {@code .cache/schema-results/} by it.
   */
  public record Tools(Path kustomize, SchemaValidator schema, String schemaIdentity,
      String kustomizeVersion, Map<String, Path> checkTools) {
    public Tools {
      Objects.requireNonNull(kustomize, "kustomize");
      Objects.requireNonNull(schema, "schema");
      schemaIdentity = Objects.requireNonNullElse(schemaIdentity, "");
      kustomizeVersion = Objects.requireNonNullElse(kustomizeVersion, "");
      checkTools = Map.copyOf(checkTools);
    }

    /**
     * Tools whose schema findings are not cached, whose kustomize version is not known (the
     * render cache keys by the binary), without the checks' tools (a check that needs one fails
     * the run, exit code 2).
     */
    public Tools(Path kustomize, SchemaValidator schema) {
      this(kustomize, schema, "", "", Map.of());
    }
  }

  /**
   * A schema validator that is built (e.g. the catalog generated) in the background, so that
   * rendering does not wait for it; the first validation waits, and a failure to build it (a
   * {@link ToolException}) is thrown, unwrapped, from there.
   */
  public static SchemaValidator inBackground(java.util.function.Supplier<SchemaValidator> build) {
    CompletableFuture<SchemaValidator> building = CompletableFuture.supplyAsync(build, LOADER);
    return targets -> join(building).validate(targets);
  }

  /** The future's value; a failure that is a {@link RuntimeException} is thrown unwrapped. */
  static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  /**
   * A folder with prebuilt schema catalogs ({@code <dir>/<pins key>/}, as under {@code
   * .cache/schemas/}) to use instead of generating one: the Argo CD sidecar bakes it in.
   */
  public static final String SCHEMAS_VARIABLE = "GITOPS_VALIDATE_SCHEMAS";

  /** Where the toolchain, schema and policy packages plug in. */
  public interface Wiring {
    /** Resolves (installing if needed) the tools; throws {@link ToolException} (exit 2). */
    Tools tools(
        Path repoRoot,
        Map<String, String> env,
        ProcessRunner runner,
        int parallelism,
        Path workDir,
        Consumer<String> progress);

    /**
     * Loads {@code policies/}; throws {@code PolicyException} when unusable. {@code tools}
     * gives a check's tool (amtool, promtool) by name once {@link #tools} returned (it waits
     * until then).
     */
    PolicySet policies(Path repoRoot, Function<String, Path> tools);

    /**
     * The live stage for {@code repoRoot}: resolves (building if needed) etcd, kube-apiserver and
     * the Prometheus Operator, and reads the pinned CRDs. Throws {@link ToolException} (exit 2)
     * when it cannot.
     */
    default LiveVerifier live(Path repoRoot, Map<String, String> env, ProcessRunner runner,
        Tools tools, Consumer<String> progress) {
      throw new ToolException("this gate has no live stage");
    }
  }

  /** How long the live stage may take per target (servers, applies, the operator). */
  public static final Duration LIVE_TIMEOUT = Duration.ofMinutes(2);

  /**
   * The wiring the CLI and the repository gate test use: the pinned toolchain (installed when
   * missing), the offline schema catalog (generated in the background while targets render, on a
   * cold cache), one kubeconform process, and the repository's {@code policies/}.
   */
  public static final Wiring STANDARD = new Wiring() {
    @Override
    public Tools tools(Path repoRoot, Map<String, String> env, ProcessRunner runner,
        int parallelism, Path workDir, Consumer<String> progress) {
      Toolchain tc = Toolchain.resolve(repoRoot, env, runner, progress);
      // a catalog baked into an image (the Argo CD sidecar): read only, never generated
      String baked = env.getOrDefault(SCHEMAS_VARIABLE, "").strip();
      Path catalogRoot = baked.isEmpty() ? repoRoot.resolve(".cache/schemas") : Path.of(baked);
      SchemaValidator schema = inBackground(() -> new KubeconformValidator(tc.kubeconform(),
          baked.isEmpty()
              ? SchemaCatalog.ensure(repoRoot, tc.pins(), new ModuleFetcher(runner, env), progress)
              : SchemaCatalog.prebuilt(catalogRoot, tc.pins()),
          runner, parallelism, Duration.ofMinutes(5), workDir.resolve("kubeconform"),
          fieldLocator(repoRoot)));
      Path catalogDir = catalogRoot.resolve(tc.pins().cacheKey()).toAbsolutePath().normalize();
      return new Tools(tc.kustomize(), schema, catalogDir + "|" + FileIdentity.of(tc.kubeconform()),
          tc.pins().tool("kustomize").version(),
          Map.of("amtool", tc.path("amtool"), "promtool", tc.path("promtool")));
    }

    @Override
    public LiveVerifier live(Path repoRoot, Map<String, String> env, ProcessRunner runner,
        Tools tools, Consumer<String> progress) {
      Toolchain tc = Toolchain.resolve(repoRoot, env, runner, progress, Toolchain.LIVE_TOOLS);
      List<Map<String, Object>> crds =
          PinnedCrds.load(tc.pins(), new ModuleFetcher(runner, env));
      return new LiveStage(new LiveStage.Binaries(tc.path("etcd"), tc.path("kube-apiserver"),
          tc.path("prometheus-operator"), tools.checkTools().get("promtool"),
          tools.checkTools().get("amtool")), crds, repoRoot, runner, LIVE_TIMEOUT, progress);
    }

    @Override
    public PolicySet policies(Path repoRoot, Function<String, Path> tools) {
      return PolicyFiles.load(repoRoot, CheckRegistry.all(repoRoot, new SystemProcessRunner(),
          tools), new SourceLocator(repoRoot));
    }
  };

  /** Schema findings at the overlay patch line that sets the field, as policy findings are. */
  static FieldLocator fieldLocator(Path repoRoot) {
    SourceLocator locator = new SourceLocator(repoRoot);
    return (target, resource, fieldPath) ->
        locator.forTarget(target.target(), target.resources()).locate(resource, fieldPath);
  }

  private static final Executor LOADER =
      task -> Gate.daemon("policy-loader").newThread(task).start();

  private final Wiring wiring;
  private final ProcessRunner runner;

  public GateFactory(Wiring wiring, ProcessRunner runner) {
    this.wiring = Objects.requireNonNull(wiring, "wiring");
    this.runner = Objects.requireNonNull(runner, "runner");
  }

  /** The gate for {@code repoRoot}, wrappers and scratch files in a fresh temporary folder. */
  public Gate create(Path repoRoot, Map<String, String> env, Duration renderTimeout,
      Consumer<String> progress) {
    return create(repoRoot, env, renderTimeout, progress, true);
  }

  /**
   * The gate for {@code repoRoot}; with {@code caches} false, the authoritative run: it reads and
   * writes no render, schema-result or policy-result cache (the toolchain and the schema catalog
   * are still used).
   */
  public Gate create(Path repoRoot, Map<String, String> env, Duration renderTimeout,
      Consumer<String> progress, boolean caches) {
    return create(repoRoot, env, renderTimeout, progress, caches, false);
  }

  /** The gate for {@code repoRoot}, with the live stage when {@code live}. */
  public Gate create(Path repoRoot, Map<String, String> env, Duration renderTimeout,
      Consumer<String> progress, boolean caches, boolean live) {
    Assembled assembled = assemble(repoRoot, env, renderTimeout, progress, caches, caches);
    if (!live) {
      return assembled.gate();
    }
    try {
      return assembled.gate().withLive(
          wiring.live(repoRoot, env, runner, assembled.tools(), progress));
    } catch (RuntimeException e) {
      assembled.gate().run(List.of()); // runs its cleanup: the scratch folder
      throw e;
    }
  }

  /**
   * What the Argo CD plugin's {@code generate} returns: the gate's report on the target, and
   * when it passed, kustomize's plain output for the source folder (what Argo CD applies).
   */
  public record Generated(GateReport report, Optional<String> manifests) {}

  /**
   * Gates {@code target} and, when it passes, builds {@code sourceDir} (the target's folder or
   * one it syncs, e.g. a cluster's {@code stack/}) with plain {@code kustomize build}: exactly the
   * output Argo CD would apply, without the gate's origin annotations. The gate renders afresh
   * (never from the render cache), so what it passes is what kustomize makes of these files now.
   */
  public Generated generate(Path repoRoot, Map<String, String> env, Duration renderTimeout,
      Consumer<String> progress, Target target, Path sourceDir) {
    Assembled assembled = assemble(repoRoot, env, renderTimeout, progress, false, true);
    GateReport report = assembled.gate().run(List.of(target));
    if (!report.passed()) {
      return new Generated(report, Optional.empty());
    }
    String manifests = assembled.kustomize().buildPlain(sourceDir);
    Set<ObjectRef> validated = assembled.rendered().values().stream()
        .flatMap(r -> r.resources().stream()).map(Resource::ref).collect(Collectors.toSet());
    for (ObjectRef ref : refs(manifests)) {
      if (!validated.contains(ref)) {
        // e.g. a folder inside a cluster that none of its Applications syncs
        throw new TargetSelectionException("generate: " + ref.display() + " from "
            + repoRoot.relativize(sourceDir.toAbsolutePath().normalize())
            + " is not among the objects the gate validated for " + target.id()
            + ": point the Application at a target, or at a folder the cluster's Applications "
            + "sync");
      }
    }
    return new Generated(report, Optional.of(manifests));
  }

  /** The objects in kustomize's output, by apiVersion, kind, namespace and name. */
  private static List<ObjectRef> refs(String manifests) {
    return SafeYaml.loadAll(manifests).stream().filter(Map.class::isInstance).map(doc -> {
      Map<?, ?> m = (Map<?, ?>) doc;
      Map<?, ?> meta = m.get("metadata") instanceof Map<?, ?> md ? md : Map.of();
      return new ObjectRef(str(m.get("apiVersion")), str(m.get("kind")),
          str(meta.get("namespace")), str(meta.get("name")));
    }).toList();
  }

  private static String str(Object o) {
    return o == null ? "" : String.valueOf(o);
  }

  /**
   * The targets among {@code targets} whose render can change since the Git revision {@code rev}
   * (the working tree against it), by the same kustomization graph that keys the render cache.
   *
   * @throws IllegalArgumentException when {@code rev} is not a revision
   * @throws ToolException when git fails (e.g. an unknown revision)
   */
  public ChangedTargets.Result changedSince(Path repoRoot, String rev, List<Target> targets) {
    return new ChangedTargets(runner).since(repoRoot, rev, targets);
  }

  /**
   * The Git commit checked out in {@code repoRoot} ({@code git rev-parse --verify HEAD}), for the
   * reports that name it; empty when it is not known (not a Git work tree, no commit yet, git
   * missing or too slow), which never fails the run.
   */
  public Optional<String> revision(Path repoRoot) {
    try {
      ProcessResult result = runner.run(ProcessSpec.of(
          List.of("git", "rev-parse", "--verify", "--quiet", "HEAD"), Duration.ofSeconds(10))
          .inDirectory(repoRoot));
      return Optional.of(result.stdout().strip())
          .filter(rev -> result.succeeded() && rev.matches("[0-9a-f]{40,64}"));
    } catch (ToolException e) {
      return Optional.empty();
    }
  }

  /** A gate and the kustomize renderer inside it. */
  private record Assembled(Gate gate, KustomizeRenderer kustomize,
      Map<String, RenderedTarget> rendered, Tools tools) {}

  private Assembled assemble(Path repoRoot, Map<String, String> env, Duration renderTimeout,
      Consumer<String> progress, boolean cacheRenders, boolean cacheResults) {
    int parallelism = Runtime.getRuntime().availableProcessors();
    // loading the policies overlaps with resolving the tools and rendering
    CompletableFuture<Map<String, Path>> checkTools = new CompletableFuture<>();
    Function<String, Path> toolWhenResolved = name -> Optional
        .ofNullable(join(checkTools).get(name))
        .orElseThrow(() -> new ToolException(name + " is not part of this run's toolchain"));
    PolicySet policies = new LazyPolicySet(CompletableFuture.supplyAsync(
        () -> wiring.policies(repoRoot, toolWhenResolved), LOADER));
    if (cacheResults && wiring == STANDARD) {
      policies = PolicyResultCache.standard(policies, repoRoot);
    }
    Path workDir;
    try {
      workDir = Files.createTempDirectory("gitops-validate-");
    } catch (IOException e) {
      throw new ToolException("cannot create a temporary folder: " + e.getMessage(), e);
    }
    Tools tools;
    try {
      tools = wiring.tools(repoRoot, env, runner, parallelism, workDir, progress);
    } catch (RuntimeException e) {
      checkTools.completeExceptionally(e);
      Folders.deleteQuietly(workDir);
      throw e;
    }
    checkTools.complete(tools.checkTools());
    KustomizeRenderer kustomize = new KustomizeRenderer(
        repoRoot, tools.kustomize(), runner, renderTimeout, workDir.resolve("render"));
    // what the gate rendered, by target: generate checks its output against it
    Map<String, RenderedTarget> rendered = new ConcurrentHashMap<>();
    String validator = cacheRenders ? FileIdentity.codeOf(GateFactory.class) : "";
    Renderer located = renderer(repoRoot, tools, kustomize, rendered, validator);
    Renderer plain = renderer(repoRoot, tools, kustomize.unlocated(), rendered, validator);
    SchemaValidator schema = !cacheResults || tools.schemaIdentity().isEmpty()
        ? tools.schema()
        : new SchemaResultCache(tools.schema(), repoRoot.resolve(".cache/schema-results"),
            tools.schemaIdentity());
    Gate gate = new Gate(plain, schema, policies, parallelism, progress,
        Clock.systemDefaultZone()).withLocating(located);
    return new Assembled(
        gate.withCleanup(() -> Folders.deleteQuietly(workDir)), kustomize, rendered, tools);
  }

  /**
   * {@code kustomize} behind the render cache (keyed by one kustomization graph, the same that
   * selects targets for {@code --changed-since}, and by the {@code validator}'s build), or
   * recording into {@code rendered} when {@code validator} is empty: no render cache.
   */
  private static Renderer renderer(Path repoRoot, Tools tools, KustomizeRenderer kustomize,
      Map<String, RenderedTarget> rendered, String validator) {
    if (validator.isEmpty()) {
      return t -> {
        RenderedTarget r = kustomize.render(t);
        rendered.put(t.id(), r);
        return r;
      };
    }
    List<String> flags =
        Stream.concat(kustomize.flags().stream(), Stream.of("validator " + validator)).toList();
    return new CachingRenderer(kustomize,
        new RenderCache(repoRoot,
            tools.kustomizeVersion() + "|" + FileIdentity.of(tools.kustomize()), flags),
        t -> KustomizeGraph.of(repoRoot, List.of(t)).inputsOf(t));
  }
}
