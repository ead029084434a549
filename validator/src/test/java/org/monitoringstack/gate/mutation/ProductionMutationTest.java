package org.monitoringstack.gate.mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.monitoringstack.gate.exec.ProcessResult;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.exec.ProcessSpec;
import org.monitoringstack.gate.exec.SystemProcessRunner;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.GateReport;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.model.TargetReport;
import org.monitoringstack.gate.pipeline.GateFactory;
import org.monitoringstack.gate.render.TargetDiscovery;
import org.monitoringstack.gate.schema.SchemaCatalog;
import org.monitoringstack.gate.toolchain.ModuleFetcher;
import org.monitoringstack.gate.toolchain.Toolchain;

/**
 * Mutation tests of the policy gate: for each entry of {@link ProductionMutations}, a temporary
 * copy of the repository in which {@code overlays/production} (or {@code clusters/prod-eu-west})
 * breaks one requirement through a kustomize patch, gated through the same entry point as the
 * repository gate test ({@link GateFactory#STANDARD}); the gate must name the requirement's
 * check, at severity error, on the object at fault (and at the patch, where the patch sets the
 * field). An unmutated copy must pass with no finding at all, which shows that the copy is the
 * repository.
 *
 * <p>Every copy is rendered once; copies are gated two at a time, sharing the real repository's
 * tools and schema catalog (resolved, and installed or generated when missing, once). Copies live
 * in the real repository's git-ignored {@code .cache/mutation-tests/<mutation>/} for the run,
 * their render and schema-result caches shared there across runs (keyed by content, as in the
 * gate): a run after an unchanged one does not render again.
 */
class ProductionMutationTest {

  /** The repository this module lives in; -Dgate.repo=DIR points at another checkout. */
  static final Path REPO = Path.of(System.getProperty("gate.repo",
      Path.of("").toAbsolutePath().getParent().toString())).toAbsolutePath().normalize();
  static final String BASELINE = "baseline";
  /** Where the copies and their shared caches live, under the real repository. */
  static final Path SCRATCH = REPO.resolve(".cache/mutation-tests");

  private static final Map<String, List<Finding>> FINDINGS = new ConcurrentHashMap<>();
  private static final Map<String, String> ERRORS = new ConcurrentHashMap<>();
  /** The plain render of each equivalent form's copy, to show its patch took effect. */
  private static final Map<String, String> RENDERS = new ConcurrentHashMap<>();
  private static long millis;

  static Stream<Mutation> mutations() {
    return ProductionMutations.all().stream();
  }

  @BeforeAll
  static void gate_every_mutated_copy() throws IOException, InterruptedException {
    long start = System.nanoTime();
    ProcessRunner runner = new SystemProcessRunner();
    Toolchain tools = Toolchain.resolve(REPO, System.getenv(), runner, line -> { });
    SchemaCatalog.ensure(REPO, tools.pins(), new ModuleFetcher(runner, System.getenv()),
        line -> { });
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("KUSTOMIZE_BIN", tools.kustomize().toString());
    env.put("KUBECONFORM_BIN", tools.kubeconform().toString());
    env.put("AMTOOL_BIN", tools.path("amtool").toString());
    env.put("PROMTOOL_BIN", tools.path("promtool").toString());
    Files.createDirectories(SCRATCH);

    Map<String, Runnable> jobs = new LinkedHashMap<>();
    jobs.put(BASELINE, () -> gate(BASELINE, List.of(), env, runner,
        List.of(ProductionMutations.OVERLAY, ProductionMutations.CLUSTER)));
    List<List<Mutation>> edits = new ArrayList<>();
    ProductionMutations.all().forEach(m -> edits.add(List.of(m)));
    for (ProductionMutations.Equivalent e : ProductionMutations.equivalents()) {
      List<Mutation> all = new ArrayList<>(List.of(e.mutation()));
      all.addAll(e.alsoApplied());
      edits.add(all);
    }
    for (List<Mutation> copy : edits) {
      Mutation m = copy.get(0);
      if (jobs.put(m.name(), () -> gate(m.slug(), copy, env, runner, List.of(m.target())))
          != null) {
        throw new IllegalStateException("two mutations named " + m.name());
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Map.Entry<String, Runnable> job : jobs.entrySet()) {
        futures.add(pool.submit(() -> {
          try {
            job.getValue().run();
          } catch (RuntimeException | AssertionError e) {
            ERRORS.put(job.getKey(), e.toString());
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("mutation tests: gated " + jobs.size() + " repository copies in "
        + millis + " ms");
  }

  @AfterAll
  static void prune_shared_caches() {
    // about two generations of entries (a copy renders one or two kustomizations): this run's
    // and the one before
    RepositoryCopy.prune(SCRATCH, 2 * 2 * (ProductionMutations.all().size()
        + ProductionMutations.equivalents().size() + 1));
  }

  /** Gates a copy with {@code edits} applied (none: the baseline), named after the first. */
  private static void gate(String dir, List<Mutation> edits, Map<String, String> env,
      ProcessRunner runner, List<String> targetIds) {
    Path copy = RepositoryCopy.of(REPO, SCRATCH, dir);
    Mutation m = edits.isEmpty() ? null : edits.get(0);
    try {
      for (Mutation edit : edits) {
        RepositoryCopy.apply(copy, edit);
      }
      List<Target> targets = new TargetDiscovery(copy).all().stream()
          .filter(t -> targetIds.contains(t.id())).toList();
      assertEquals(targetIds, targets.stream().map(Target::id).toList(), "targets in the copy");
      GateReport report = new GateFactory(GateFactory.STANDARD, runner)
          .create(copy, env, GateFactory.DEFAULT_RENDER_TIMEOUT, line -> { })
          .run(targets);
      List<Finding> findings = new ArrayList<>(report.runFindings());
      for (TargetReport t : report.targets()) {
        findings.addAll(t.findings());
      }
      FINDINGS.put(m == null ? BASELINE : m.name(), findings);
      if (m != null && m.check().equals(Mutation.NONE)) {
        ProcessResult build = runner.run(ProcessSpec.of(List.of(env.get("KUSTOMIZE_BIN"),
            "build", copy.resolve(m.target()).toString()), GateFactory.DEFAULT_RENDER_TIMEOUT));
        assertTrue(build.succeeded(), m.name() + ": kustomize build: " + build.stderr());
        RENDERS.put(m.name(), build.stdout());
      }
    } finally {
      RepositoryCopy.delete(copy);
    }
  }

  private static List<Finding> findingsOf(String name) {
    if (ERRORS.containsKey(name)) {
      fail(name + ": the gate could not run: " + ERRORS.get(name));
    }
    List<Finding> findings = FINDINGS.get(name);
    if (findings == null) {
      fail(name + ": not gated");
    }
    return findings;
  }

  @Test
  void reports_nothing_when_copy_is_not_mutated() {
    List<Finding> findings = findingsOf(BASELINE);
    assertEquals("", findings.stream().map(ProductionMutationTest::line)
        .collect(Collectors.joining("\n")), "an unmutated copy of production has no finding");
  }

  static Stream<ProductionMutations.Equivalent> equivalents() {
    return ProductionMutations.equivalents().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("equivalents")
  void passes_a_requirement_met_in_an_equivalent_form(ProductionMutations.Equivalent e) {
    String name = e.mutation().name();
    String rendered = RENDERS.getOrDefault(name, "");
    assertEquals("", findingsOf(name).stream().map(ProductionMutationTest::line)
        .collect(Collectors.joining("\n")), name + ": an equivalent form has no finding");
    for (String line : e.rendered()) {
      assertTrue(rendered.lines().anyMatch(l -> l.strip().equals(line)),
          name + ": the patch did not take effect: no line '" + line + "' in the render");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutations")
  void names_the_check_when_a_requirement_is_broken(Mutation m) {
    List<Finding> findings = findingsOf(m.name());
    String all = findings.stream().map(ProductionMutationTest::line)
        .collect(Collectors.joining("\n  "));
    List<Finding> matching = findings.stream()
        .filter(f -> f.check().equals(m.check()) && f.severity() == m.severity()
            && f.target().equals(m.target()) && f.object().display().equals(m.object()))
        .toList();
    if (matching.isEmpty()) {
      fail(m.name() + ": expected " + m.severity().label() + " [" + m.check() + "] on "
          + m.object() + " in " + m.target() + "; the gate reported:\n  " + all);
    }
    // the requirement the name starts with (PERF-1 ...) is the one the finding enforces
    java.util.regex.Matcher id = java.util.regex.Pattern.compile("^([A-Z]+-\\d+) ")
        .matcher(m.name());
    if (id.find()) {
      assertEquals(List.of(id.group(1)), matching.stream().map(Finding::requirement).distinct()
          .toList(), m.name() + ": requirement of " + matching);
    }
    if (m.severity() != Severity.ERROR) {
      // advisory: reported, and the gate does not fail on it
      assertTrue(findings.stream().noneMatch(Finding::blocks),
          m.name() + ": an advisory requirement failed the gate:\n  " + all);
      return;
    }
    if (m.locatedInMutation()) {
      assertTrue(matching.stream().anyMatch(f -> f.location().file().equals(m.file())),
          m.name() + ": expected the finding at " + m.file() + "; found at "
              + matching.stream().map(f -> f.location().toString()).toList());
    }
    if (m.object().equals("-") && m.edit() != Mutation.Edit.REPLACE) {
      // about the target as a whole (e.g. a deleted component): at the target's kustomization
      assertTrue(matching.stream().allMatch(f -> f.location().file().equals(
          m.target() + "/kustomization.yaml")), m.name() + ": expected the finding at "
          + m.target() + "/kustomization.yaml; found at "
          + matching.stream().map(f -> f.location().toString()).toList());
    }
    assertTrue(matching.stream().allMatch(Finding::blocks), m.name() + ": waived: " + matching);
  }

  static String line(Finding f) {
    return f.location() + ": " + f.severity().label() + " [" + f.check() + "] "
        + f.object().display() + ": " + f.message();
  }
}
