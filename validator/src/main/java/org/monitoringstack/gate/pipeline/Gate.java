package org.monitoringstack.gate.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.live.LiveVerifier;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.GateReport;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.model.TargetReport;
import org.monitoringstack.gate.policy.PolicySet;
import org.monitoringstack.gate.model.RenderedTarget;
import org.monitoringstack.gate.render.Renderer;
import org.monitoringstack.gate.schema.SchemaValidator;

/**
 * One gate run: render every target in parallel (one task per target on a fixed pool), validate
 * every rendered object with one schema-validator call, evaluate the bound profile's policies
 * per target, apply the waivers once, and report in the order the targets were given.
 *
 * <p>With a {@linkplain #withLocating locating renderer}, targets are first rendered without
 * source locations (a plain {@code kustomize build}, several times cheaper); every target that
 * has a finding is then rendered again with its objects' source files and judged again, so its
 * findings name their file and line. The objects of both renders are the same and the checks use
 * an object's source only to locate a finding (an unknown source can only add findings, never
 * hide one), so a target with no finding in the first pass has none in the second: the two
 * passes give the verdict, and the findings, of one located pass. With the live stage, every
 * target is rendered located once (the stage locates its findings by the rendered objects).
 *
 * <p>A target that did not render (a {@code render.*} finding) is not schema- or policy-checked:
 * its render finding says all there is to say. A tool that cannot run ({@link ToolException})
 * ends the run.
 */
public final class Gate {

  private final Renderer renderer;
  private final SchemaValidator schema;
  private final PolicySet policies;
  private final int parallelism;
  private final Consumer<String> progress;
  private final Clock clock;
  private final Runnable cleanup;
  private final LiveVerifier live;
  private final Renderer locating;

  public Gate(
      Renderer renderer,
      SchemaValidator schema,
      PolicySet policies,
      int parallelism,
      Consumer<String> progress,
      Clock clock) {
    this(renderer, schema, policies, parallelism, progress, clock, () -> { }, null, null);
  }

  private Gate(
      Renderer renderer,
      SchemaValidator schema,
      PolicySet policies,
      int parallelism,
      Consumer<String> progress,
      Clock clock,
      Runnable cleanup,
      LiveVerifier live,
      Renderer locating) {
    this.renderer = Objects.requireNonNull(renderer, "renderer");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.policies = Objects.requireNonNull(policies, "policies");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1, was " + parallelism);
    }
    this.parallelism = parallelism;
    this.progress = Objects.requireNonNull(progress, "progress");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.cleanup = Objects.requireNonNull(cleanup, "cleanup");
    this.live = live;
    this.locating = locating;
  }

  /** The same gate, running {@code action} after every run (e.g. removing scratch files). */
  public Gate withCleanup(Runnable action) {
    return new Gate(renderer, schema, policies, parallelism, progress, clock, action, live,
        locating);
  }

  /** The same gate with a live stage: every rendered target is also applied by {@code stage}. */
  public Gate withLive(LiveVerifier stage) {
    return new Gate(renderer, schema, policies, parallelism, progress, clock, cleanup,
        Objects.requireNonNull(stage, "stage"), locating);
  }

  /**
   * The same gate with {@code located} as the renderer that gives objects their source files:
   * this gate's own renderer is then the fast one, without them, and every target with a finding
   * is rendered again by {@code located} (see the class comment).
   */
  public Gate withLocating(Renderer located) {
    return new Gate(renderer, schema, policies, parallelism, progress, clock, cleanup, live,
        Objects.requireNonNull(located, "located"));
  }

  /** Runs the gate over {@code targets}, in their order; cleans up whatever happens. */
  public GateReport run(List<Target> targets) {
    try {
      return runOnce(targets);
    } finally {
      cleanup.run();
    }
  }

  private GateReport runOnce(List<Target> targets) {
    long start = System.nanoTime();
    Renderer first = locating != null && live != null ? locating : renderer;
    Map<String, Checked> checked = new LinkedHashMap<>();
    renderAndEvaluate(targets, first, "").forEach(c -> checked.put(c.id(), c));
    if (!checked.isEmpty()) {
      progress.accept("evaluated the policies (" + seconds(
          checked.values().stream().mapToLong(Checked::policyNanos).sum()) + " in total)");
    }
    Map<String, List<Finding>> schemaFindings = new LinkedHashMap<>(validate(checked.values()));
    if (locating != null && live == null) {
      locateFindings(checked, schemaFindings);
    }
    List<RenderedTarget> rendered = checked.values().stream().map(Checked::rendered).toList();
    Map<String, LiveVerifier.Result> liveResults =
        live == null ? Map.of() : live(rendered.stream().filter(Gate::hasObjects).toList());
    List<String> notes = liveResults.entrySet().stream()
        .flatMap(e -> e.getValue().assumptionsUsed().stream()
            .map(assumption -> "live stage of " + e.getKey() + " assumed " + assumption))
        .toList();

    List<List<Finding>> perTarget = new ArrayList<>();
    for (Checked c : checked.values()) {
      String id = c.id();
      List<Finding> findings = new ArrayList<>(c.rendered().findings());
      findings.addAll(schemaFindings.getOrDefault(id, List.of()));
      findings.addAll(c.policyFindings());
      if (liveResults.containsKey(id)) {
        findings.addAll(liveResults.get(id).findings());
      }
      perTarget.add(findings);
    }
    List<Finding> all = perTarget.stream().flatMap(List::stream).toList();

    PolicySet.WaiverOutcome outcome =
        policies.applyWaivers(all, targets, LocalDate.now(clock));
    List<Finding> waived = outcome.findings();
    if (waived.size() != all.size()) {
      throw new IllegalStateException("applyWaivers returned " + waived.size()
          + " findings for " + all.size());
    }
    List<TargetReport> reports = new ArrayList<>();
    int index = 0;
    for (int i = 0; i < rendered.size(); i++) {
      RenderedTarget r = rendered.get(i);
      int n = perTarget.get(i).size();
      reports.add(new TargetReport(
          r.target(),
          policies.profileFor(r.target()).orElse(""),
          r.resources().size(),
          waived.subList(index, index + n)));
      index += n;
    }
    int hits = (int) rendered.stream().filter(r -> r.cache() == RenderedTarget.Cache.HIT).count();
    int misses = (int) rendered.stream()
        .filter(r -> r.cache() == RenderedTarget.Cache.MISS).count();
    return new GateReport(reports, outcome.waiverFindings(),
        Duration.ofNanos(System.nanoTime() - start), new GateReport.CacheStats(hits, misses),
        notes);
  }

  /** A target that rendered objects: the schemas, policies and live stage judge only these. */
  private static boolean hasObjects(RenderedTarget r) {
    return r.rendered() && !r.resources().isEmpty();
  }

  /**
   * The second pass: every target of {@code checked} with a finding (except a build that timed
   * out, which would only time out again) rendered by {@link #locating} and judged again, in
   * place in {@code checked} and {@code schemaFindings}.
   */
  private void locateFindings(Map<String, Checked> checked,
      Map<String, List<Finding>> schemaFindings) {
    List<Target> again = checked.values().stream()
        .filter(c -> !c.rendered().findings().isEmpty() || !c.policyFindings().isEmpty()
            || !schemaFindings.getOrDefault(c.id(), List.of()).isEmpty())
        .filter(c -> c.rendered().findings().stream()
            .noneMatch(f -> f.check().equals("render.timeout")))
        .map(c -> c.rendered().target()).toList();
    if (again.isEmpty()) {
      return;
    }
    long t0 = System.nanoTime();
    List<Checked> located = renderAndEvaluate(again, locating, "locating findings: ");
    for (Checked c : located) {
      checked.put(c.id(), c); // in place: the report keeps the targets' order
      schemaFindings.remove(c.id());
    }
    schemaFindings.putAll(validate(located));
    progress.accept("located the findings of " + again.size()
        + (again.size() == 1 ? " target" : " targets") + " (rendered again with origin "
        + "annotations, " + seconds(System.nanoTime() - t0) + ")");
  }

  /** The schema findings of the targets among {@code checked} that rendered objects. */
  private Map<String, List<Finding>> validate(Collection<Checked> checked) {
    List<RenderedTarget> valid = checked.stream().map(Checked::rendered)
        .filter(Gate::hasObjects).toList();
    if (valid.isEmpty()) {
      return Map.of();
    }
    long t0 = System.nanoTime();
    int objects = valid.stream().mapToInt(r -> r.resources().size()).sum();
    Map<String, List<Finding>> out = schema.validate(valid);
    progress.accept("validated " + objects + " objects against the schemas ("
        + seconds(System.nanoTime() - t0) + ")");
    return out;
  }

  /**
   * Runs the live stage on every target that rendered, in parallel up to the cores (one private
   * API server each), in the targets' order.
   */
  private Map<String, LiveVerifier.Result> live(List<RenderedTarget> targets) {
    if (targets.isEmpty()) {
      return Map.of();
    }
    long t0 = System.nanoTime();
    // a failure stops the other targets' stages; each stops its own servers on the way out
    Map<String, LiveVerifier.Result> out = new LinkedHashMap<>();
    inParallel(targets, "live", 60, r -> Map.entry(r.target().id(), live.verify(r)))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    progress.accept("live stage: " + targets.size()
        + (targets.size() == 1 ? " target" : " targets") + " applied and reconciled ("
        + seconds(System.nanoTime() - t0) + ")");
    return out;
  }

  /** A target rendered, and its policy findings (none when it did not render). */
  private record Checked(RenderedTarget rendered, List<Finding> policyFindings, long policyNanos) {
    String id() {
      return rendered.target().id();
    }
  }

  /**
   * Renders every target on the pool and evaluates its policies in the same task (policies do
   * not need the schema results, so they overlap with the other renders). {@link
   * PolicySet#evaluate} is therefore called concurrently for different targets.
   */
  private List<Checked> renderAndEvaluate(List<Target> targets, Renderer renderer,
      String stage) {
    AtomicInteger done = new AtomicInteger();
    // on a failure the other renders are stopped (their kustomize processes with them) and
    // waited for, so that none still writes a cache entry after the run has ended
    return inParallel(targets, "render", 30, target -> {
      long t0 = System.nanoTime();
      RenderedTarget r = renderer.render(target);
      progress.accept(stage + "rendering " + done.incrementAndGet() + "/" + targets.size() + " "
          + target.id() + " (" + seconds(System.nanoTime() - t0)
          + (r.cache() == RenderedTarget.Cache.HIT ? ", from the render cache" : "") + ")");
      long t1 = System.nanoTime();
      List<Finding> policyFindings = hasObjects(r)
          ? policies.evaluate(r.target(), r.resources())
          : List.of();
      return new Checked(r, policyFindings, System.nanoTime() - t1);
    });
  }

  /**
   * {@code task} applied to every item on a pool of up to {@link #parallelism} daemon threads,
   * the results in the items' order. When a task fails, the others are interrupted and waited for
   * up to {@code stopSeconds} before its exception is thrown.
   */
  private <T, R> List<R> inParallel(List<T> items, String thread, int stopSeconds,
      Function<T, R> task) {
    if (items.isEmpty()) {
      return List.of();
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(parallelism, items.size()), daemon(thread));
    try {
      List<Future<R>> futures =
          items.stream().map(item -> pool.submit(() -> task.apply(item))).toList();
      return futures.stream().map(Gate::await).toList();
    } finally {
      pool.shutdownNow();
      try {
        pool.awaitTermination(stopSeconds, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Daemon threads named {@code name}: a gate never keeps the JVM alive. */
  static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread t = new Thread(runnable, name);
      t.setDaemon(true);
      return t;
    };
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ToolException("interrupted while rendering", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re
          : new IllegalStateException(e.getCause());
    }
  }

  private static String seconds(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1fs", nanos / 1e9);
  }
}
