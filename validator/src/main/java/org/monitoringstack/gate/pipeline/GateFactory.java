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
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.policy.PolicySet;
import org.monitoringstack.gate.render.KustomizeRenderer;
import org.monitoringstack.gate.policy.PolicyFiles;
import org.monitoringstack.gate.schema.KubeconformValidator;
import org.monitoringstack.gate.schema.SchemaCatalog;
import org.monitoringstack.gate.schema.SchemaValidator;
import org.monitoringstack.gate.toolchain.ModuleFetcher;
import org.monitoringstack.gate.toolchain.Toolchain;

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
  public record Tools(Path kustomize, SchemaValidator schema, String schemaIdentity) {
    public Tools {
      Objects.requireNonNull(kustomize, "kustomize");
      Objects.requireNonNull(schema, "schema");
      schemaIdentity = Objects.requireNonNullElse(schemaIdentity, "");
    }

    /** Tools whose schema findings are not cached. */
    public Tools(Path kustomize, SchemaValidator schema) {
      this(kustomize, schema, "");
    }
  }

  /**
   * A schema validator that is built (e.g. the catalog generated) in the background, so that
   * rendering does not wait for it; the first validation waits, and a failure to build it (a
   * {@link ToolException}) is thrown, unwrapped, from there.
   */
  public static SchemaValidator inBackground(java.util.function.Supplier<SchemaValidator> build) {
    CompletableFuture<SchemaValidator> building = CompletableFuture.supplyAsync(build, LOADER);
    return targets -> {
      SchemaValidator built;
      try {
        built = building.join();
      } catch (java.util.concurrent.CompletionException e) {
        if (e.getCause() instanceof RuntimeException cause) {
          throw cause;
        }
        throw e;
      }
      return built.validate(targets);
    };
  }

  /** An identity for {@link Tools#schemaIdentity}: the catalog folder and the validator binary. */
  public static String schemaIdentity(Path catalogDir, Path validatorBinary) {
    try {
      Path bin = validatorBinary.toRealPath();
      return catalogDir.toAbsolutePath().normalize() + "|" + bin + "|" + Files.size(bin) + "|"
          + Files.getLastModifiedTime(bin);
    } catch (IOException e) {
      return "";
    }
  }

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

    /** Loads {@code policies/}; throws {@code PolicyException} when unusable. */
    PolicySet policies(Path repoRoot);
  }

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
      SchemaValidator schema = inBackground(() -> new KubeconformValidator(tc.kubeconform(),
          SchemaCatalog.ensure(repoRoot, tc.pins(), new ModuleFetcher(runner, env), progress),
          runner, parallelism, Duration.ofMinutes(5), workDir.resolve("kubeconform")));
      Path catalogDir = repoRoot.resolve(".cache/schemas").resolve(tc.pins().cacheKey());
      return new Tools(tc.kustomize(), schema, schemaIdentity(catalogDir, tc.kubeconform()));
    }

    @Override
    public PolicySet policies(Path repoRoot) {
      return PolicyFiles.load(repoRoot);
    }
  };

  /** No profiles, no checks, no waivers: for tests of the pipeline alone. */
  static final PolicySet NO_POLICIES = new PolicySet() {
    @Override
    public Optional<String> profileFor(Target target) {
      return Optional.empty();
    }

    @Override
    public List<Finding> evaluate(Target target, List<Resource> resources) {
      return List.of();
    }

    @Override
    public WaiverOutcome applyWaivers(
        List<Finding> findings, List<Target> targetsRun, java.time.LocalDate today) {
      return new WaiverOutcome(findings, List.of());
    }
  };

  private static final java.util.concurrent.Executor LOADER = task -> {
    Thread t = new Thread(task, "policy-loader");
    t.setDaemon(true);
    t.start();
  };

  private static void deleteTree(Path dir) {
    try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // a leftover temporary folder is harmless
    }
  }

  private final Wiring wiring;
  private final ProcessRunner runner;

  public GateFactory(Wiring wiring, ProcessRunner runner) {
    this.wiring = Objects.requireNonNull(wiring, "wiring");
    this.runner = Objects.requireNonNull(runner, "runner");
  }

  /** The gate for {@code repoRoot}, wrappers and scratch files in a fresh temporary folder. */
  public Gate create(Path repoRoot, Map<String, String> env, Duration renderTimeout,
      Consumer<String> progress) {
    int parallelism = Runtime.getRuntime().availableProcessors();
    // loading the policies overlaps with resolving the tools and rendering
    PolicySet policies = new LazyPolicySet(CompletableFuture.supplyAsync(
        () -> wiring.policies(repoRoot), LOADER));
    policies = wiring == STANDARD ? PolicyResultCache.standard(policies, repoRoot) : policies;
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
      deleteTree(workDir);
      throw e;
    }
    KustomizeRenderer renderer = new KustomizeRenderer(
        repoRoot, tools.kustomize(), runner, renderTimeout, workDir.resolve("render"));
    SchemaValidator schema = tools.schemaIdentity().isEmpty()
        ? tools.schema()
        : new SchemaResultCache(tools.schema(), repoRoot.resolve(".cache/schema-results"),
            tools.schemaIdentity());
    Gate gate = new Gate(renderer, schema, policies, parallelism, progress,
        Clock.systemDefaultZone());
    return gate.withCleanup(() -> deleteTree(workDir));
  }
}
