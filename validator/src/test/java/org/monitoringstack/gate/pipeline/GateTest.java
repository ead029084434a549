package org.monitoringstack.gate.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.GateReport;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.model.TargetReport;
import org.monitoringstack.gate.model.Waiver;
import org.monitoringstack.gate.policy.PolicySet;
import org.monitoringstack.gate.model.RenderedTarget;
import org.monitoringstack.gate.render.Renderer;
import org.monitoringstack.gate.schema.SchemaValidator;

class GateTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

  static Target target(String id) {
    return new Target(id, Target.Kind.OVERLAY, Path.of("/repo", id));
  }

  static Resource resource(String kind, String name) {
    return new Resource(new ObjectRef("v1", kind, "monitoring", name),
        Map.of("kind", kind), SourceLocation.of("base/" + name + ".yaml"));
  }

  static Finding finding(String check, String target, Severity severity) {
    return Finding.of(check, severity, "", target, ObjectRef.NONE, SourceLocation.of(target),
        check + " found something", "");
  }

  /** No profiles, no checks, no waivers: the pipeline alone. */
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
        List<Finding> findings, List<Target> targetsRun, LocalDate today) {
      return new WaiverOutcome(findings, List.of());
    }
  };

  /** Records calls; binds every target to profile "kind"; waives checks named "waivable". */
  static final class FakePolicies implements PolicySet {
    final List<String> evaluated = Collections.synchronizedList(new ArrayList<>());
    int waiverCalls;
    LocalDate today;

    @Override
    public Optional<String> profileFor(Target target) {
      return Optional.of("kind");
    }

    @Override
    public List<Finding> evaluate(Target target, List<Resource> resources) {
      evaluated.add(target.id());
      return List.of(finding("waivable", target.id(), Severity.ERROR),
          finding("policy.x", target.id(), Severity.WARNING));
    }

    @Override
    public WaiverOutcome applyWaivers(List<Finding> findings, List<Target> run, LocalDate day) {
      waiverCalls++;
      today = day;
      Waiver w = new Waiver("waivable", "*", "*", "accepted", "sre", LocalDate.of(2027, 1, 1),
          SourceLocation.of("policies/waivers.yaml"));
      return new WaiverOutcome(
          findings.stream().map(f -> f.check().equals("waivable") ? f.withWaiver(w) : f).toList(),
          List.of(finding("policy.waiver-unused", "policies", Severity.WARNING)));
    }
  }

  @Test
  void renders_validates_evaluates_and_waives_in_target_order_when_run() {
    // the first target finishes last: the report still keeps the given order
    CountDownLatch secondDone = new CountDownLatch(1);
    Renderer renderer = t -> {
      if (t.id().equals("overlays/a")) {
        try {
          secondDone.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return new RenderedTarget(t, List.of(resource("ConfigMap", t.id())), List.of());
    };
    List<List<RenderedTarget>> schemaCalls = new ArrayList<>();
    SchemaValidator schema = targets -> {
      schemaCalls.add(targets);
      return Map.of("overlays/b", List.of(finding("schema.kubeconform", "overlays/b",
          Severity.ERROR)));
    };
    FakePolicies policies = new FakePolicies();
    List<String> progress = Collections.synchronizedList(new ArrayList<>());
    java.util.function.Consumer<String> listener = line -> {
      progress.add(line);
      if (line.contains("overlays/b")) {
        secondDone.countDown();
      }
    };

    GateReport report = new Gate(renderer, schema, policies, 2, listener, CLOCK)
        .run(List.of(target("overlays/a"), target("overlays/b")));

    assertEquals(List.of("overlays/a", "overlays/b"),
        report.targets().stream().map(r -> r.target().id()).toList());
    assertEquals(1, schemaCalls.size(), "one schema validation for all targets");
    assertEquals(2, schemaCalls.get(0).size());
    assertEquals(1, policies.waiverCalls);
    assertEquals(LocalDate.of(2026, 11, 25), policies.today);
    TargetReport b = report.targets().get(1);
    assertEquals(List.of("schema.kubeconform", "waivable", "policy.x"),
        b.findings().stream().map(Finding::check).toList());
    assertTrue(b.findings().get(1).isWaived());
    assertEquals("kind", b.profile());
    assertEquals(1, b.resources());
    assertEquals(List.of("policy.waiver-unused"),
        report.runFindings().stream().map(Finding::check).toList());
    assertFalse(report.passed(), "the schema error is not waived");
    assertEquals(List.of("rendering 1/2 overlays/b", "rendering 2/2 overlays/a"),
        progress.subList(0, 2).stream().map(s -> s.replaceAll(" \\(.*\\)$", "")).toList());
    assertTrue(progress.get(2).matches("evaluated the policies \\(\\d+\\.\\ds in total\\)"),
        progress.get(2));
    assertTrue(progress.get(3).startsWith("validated 2 objects against the schemas ("),
        progress.get(3));
  }

  @Test
  void skips_schema_and_policies_for_a_target_that_did_not_render() {
    Renderer renderer = t -> t.id().equals("overlays/broken")
        ? new RenderedTarget(t, List.of(), List.of(finding("render.kustomize", t.id(),
            Severity.ERROR)))
        : new RenderedTarget(t, List.of(resource("ConfigMap", "ok")), List.of());
    List<String> validated = new ArrayList<>();
    SchemaValidator schema = targets -> {
      targets.forEach(t -> validated.add(t.target().id()));
      return Map.of();
    };
    FakePolicies policies = new FakePolicies();

    GateReport report = new Gate(renderer, schema, policies, 4, s -> { }, CLOCK)
        .run(List.of(target("overlays/broken"), target("overlays/ok")));

    assertEquals(List.of("overlays/ok"), validated);
    assertEquals(List.of("overlays/ok"), policies.evaluated);
    assertEquals(List.of("render.kustomize"),
        report.targets().get(0).findings().stream().map(Finding::check).toList());
    assertEquals(0, report.targets().get(0).resources());
  }

  @Test
  void does_not_call_schema_validator_when_nothing_rendered() {
    Renderer renderer = t -> new RenderedTarget(t, List.of(),
        List.of(finding("render.empty", t.id(), Severity.ERROR)));
    SchemaValidator schema = targets -> {
      throw new AssertionError("not expected");
    };
    GateReport report = new Gate(renderer, schema, new FakePolicies(), 1, s -> { }, CLOCK)
        .run(List.of(target("overlays/empty")));
    assertFalse(report.passed());
  }

  @Test
  void propagates_tool_exception_when_a_tool_cannot_run() {
    ToolException boom = new ToolException("`kustomize build x` did not finish within 1s");
    Renderer renderer = t -> {
      throw boom;
    };
    Gate gate = new Gate(renderer, t -> Map.of(), new FakePolicies(), 2, s -> { }, CLOCK);
    assertSame(boom, assertThrows(ToolException.class,
        () -> gate.run(List.of(target("overlays/a"), target("overlays/b")))));
  }

  @Test
  void propagates_tool_exception_when_schema_validation_fails() {
    Renderer renderer = t -> new RenderedTarget(t, List.of(resource("ConfigMap", "a")), List.of());
    SchemaValidator schema = t -> {
      throw new ToolException("kubeconform printed something that is not JSON: oops");
    };
    Gate gate = new Gate(renderer, schema, new FakePolicies(), 2, s -> { }, CLOCK);
    ToolException e = assertThrows(ToolException.class,
        () -> gate.run(List.of(target("overlays/a"))));
    assertEquals("kubeconform printed something that is not JSON: oops", e.getMessage());
  }

  @Test
  void reports_nothing_when_no_targets_are_given() {
    GateReport report = new Gate(t -> null, t -> Map.of(), NO_POLICIES, 1, s -> { },
        CLOCK).run(List.of());
    assertTrue(report.targets().isEmpty());
  }

  @Test
  void cleans_up_after_a_run_even_when_a_tool_fails() {
    List<String> cleaned = new ArrayList<>();
    Renderer renderer = t -> {
      throw new ToolException("kustomize missing");
    };
    Gate gate = new Gate(renderer, t -> Map.of(), new FakePolicies(), 1, s -> { }, CLOCK)
        .withCleanup(() -> cleaned.add("done"));
    assertThrows(ToolException.class, () -> gate.run(List.of(target("overlays/a"))));
    assertEquals(List.of("done"), cleaned);
  }

  @Test
  void counts_render_cache_hits_and_misses_when_the_renderer_reports_them() {
    Renderer renderer = t -> new RenderedTarget(t, List.of(resource("ConfigMap", "a")), List.of(),
        t.id().endsWith("a") ? RenderedTarget.Cache.HIT
            : t.id().endsWith("b") ? RenderedTarget.Cache.MISS : RenderedTarget.Cache.NONE);
    GateReport report = new Gate(renderer, targets -> Map.of(), NO_POLICIES, 2,
        line -> { }, CLOCK).run(List.of(target("overlays/a"), target("overlays/b"),
            target("overlays/c"), target("overlays/aa")));
    assertEquals(new GateReport.CacheStats(2, 1), report.renderCache());
    assertEquals(List.of("render cache: 2 hits, 1 miss"), report.summaryNotes());
  }

  @Test
  void reports_no_cache_line_when_no_render_went_through_a_cache() {
    GateReport report = new Gate(t -> new RenderedTarget(t, List.of(resource("ConfigMap", "a")),
        List.of()), targets -> Map.of(), NO_POLICIES, 1, line -> { }, CLOCK)
        .run(List.of(target("overlays/a")));
    assertEquals(GateReport.CacheStats.NONE, report.renderCache());
    assertEquals(List.of(), report.summaryNotes());
  }

  /** A policy set that finds "policy.located" on every object of targets named ".../bad". */
  static final class LocatingPolicies implements PolicySet {
    @Override
    public Optional<String> profileFor(Target target) {
      return Optional.of("kind");
    }

    @Override
    public List<Finding> evaluate(Target target, List<Resource> resources) {
      if (!target.id().endsWith("bad")) {
        return List.of();
      }
      return resources.stream().map(r -> Finding.of("policy.located", Severity.ERROR, "",
          target.id(), r.ref(), r.source(), "found at " + r.source().file(), "")).toList();
    }

    @Override
    public WaiverOutcome applyWaivers(List<Finding> findings, List<Target> run, LocalDate day) {
      return new WaiverOutcome(findings, List.of());
    }
  }

  @Test
  void renders_again_with_sources_only_the_targets_with_findings_when_a_locating_renderer_is_set() {
    List<String> plain = Collections.synchronizedList(new ArrayList<>());
    List<String> located = Collections.synchronizedList(new ArrayList<>());
    Renderer fast = t -> {
      plain.add(t.id());
      return new RenderedTarget(t, List.of(new Resource(new ObjectRef("v1", "ConfigMap",
          "monitoring", "a"), Map.of("kind", "ConfigMap"), SourceLocation.UNKNOWN)), List.of());
    };
    Renderer locating = t -> {
      located.add(t.id());
      return new RenderedTarget(t, List.of(resource("ConfigMap", "a")), List.of());
    };
    List<String> schemaCalls = Collections.synchronizedList(new ArrayList<>());
    SchemaValidator schema = rendered -> {
      rendered.forEach(r -> schemaCalls.add(r.target().id()));
      return Map.of();
    };
    List<String> progress = Collections.synchronizedList(new ArrayList<>());
    GateReport report = new Gate(fast, schema, new LocatingPolicies(), 2, progress::add, CLOCK)
        .withLocating(locating)
        .run(List.of(target("overlays/good"), target("overlays/bad")));

    assertEquals(List.of("overlays/bad"), located);
    assertEquals(2, plain.size());
    assertEquals(List.of(), report.targets().get(0).findings());
    List<Finding> bad = report.targets().get(1).findings();
    assertEquals(1, bad.size());
    assertEquals("policy.located", bad.get(0).check());
    assertEquals("base/a.yaml", bad.get(0).location().file());
    assertEquals("found at base/a.yaml", bad.get(0).message());
    assertEquals(3, schemaCalls.size(), "both targets, then the located one: " + schemaCalls);
    assertTrue(progress.stream().anyMatch(l -> l.startsWith("located the findings of 1 target "
        + "(rendered again with origin annotations, ")), String.join("\n", progress));
    assertTrue(progress.stream().anyMatch(l -> l.startsWith(
        "locating findings: rendering 1/1 overlays/bad (")), String.join("\n", progress));
  }

  @Test
  void renders_nothing_again_when_every_target_passes_the_fast_render() {
    List<String> located = Collections.synchronizedList(new ArrayList<>());
    GateReport report = new Gate(t -> new RenderedTarget(t, List.of(resource("ConfigMap", "a")),
        List.of()), targets -> Map.of(), new LocatingPolicies(), 1, line -> { }, CLOCK)
        .withLocating(t -> {
          located.add(t.id());
          return new RenderedTarget(t, List.of(), List.of());
        })
        .run(List.of(target("overlays/good")));
    assertEquals(List.of(), located);
    assertTrue(report.passed());
  }

  @Test
  void does_not_render_again_a_target_whose_build_timed_out() {
    List<String> located = Collections.synchronizedList(new ArrayList<>());
    Finding timeout = Finding.of("render.timeout", Severity.ERROR, "", "overlays/bad",
        ObjectRef.NONE, SourceLocation.of("overlays/bad/kustomization.yaml"),
        "kustomize build did not finish within 1s and was stopped", "");
    GateReport report = new Gate(t -> new RenderedTarget(t, List.of(), List.of(timeout)),
        targets -> Map.of(), new LocatingPolicies(), 1, line -> { }, CLOCK)
        .withLocating(t -> {
          located.add(t.id());
          return new RenderedTarget(t, List.of(), List.of(timeout));
        })
        .run(List.of(target("overlays/bad")));
    assertEquals(List.of(), located);
    assertEquals(List.of(timeout), report.targets().get(0).findings());
  }
}
