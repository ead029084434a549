package org.monitoringstack.gate.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.policy.PolicySet;

class PolicyResultCacheTest {

  @TempDir Path repo;

  static final Target PRODUCTION =
      new Target("overlays/production", Target.Kind.OVERLAY, Path.of("/r/overlays/production"));

  static List<Resource> objects(int replicas, int line) {
    return List.of(new Resource(new ObjectRef("apps/v1", "Deployment", "monitoring", "grafana"),
        Map.of("kind", "Deployment", "spec", Map.of("replicas", replicas, "paused", false)),
        new SourceLocation("base/grafana/grafana-deployment.yaml", line)));
  }

  /** Counts evaluations; finds one warning per target with every field set. */
  static final class Counting implements PolicySet {
    final List<String> evaluated = new ArrayList<>();

    @Override
    public Optional<String> profileFor(Target target) {
      return Optional.of("production");
    }

    @Override
    public List<Finding> evaluate(Target target, List<Resource> resources) {
      evaluated.add(target.id());
      Resource r = resources.get(0);
      return List.of(Finding.of("ha.grafana-replicas", Severity.WARNING, "HA-1", target.id(),
          r.ref(), new SourceLocation("overlays/production/grafana-patch.yaml", 7),
          "Grafana runs " + Resource.at(r.body(), "spec.replicas").orElse("?") + " replica",
          "set spec.replicas to 2"));
    }

    @Override
    public WaiverOutcome applyWaivers(List<Finding> findings, List<Target> run, LocalDate today) {
      return new WaiverOutcome(findings, List.of(Finding.of("policy.waiver-unused",
          Severity.WARNING, "", "policies", ObjectRef.NONE, SourceLocation.of("w.yaml"), "m", "")));
    }
  }

  Counting inner;

  @BeforeEach
  void repository() throws IOException {
    inner = new Counting();
    write("policies/profiles/production.yaml", "profile: production\nchecks: {}\n");
    write("overlays/production/grafana-patch.yaml", "spec:\n  replicas: 1\n");
    write("validator/toolchain.properties", "kustomize.version=v5.8.2\n");
  }

  void write(String rel, String text) throws IOException {
    Path file = repo.resolve(rel);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  /** A new cache each time, as each gate run makes one. */
  List<Finding> run(String identity, List<Resource> resources) {
    return new PolicyResultCache(inner, repo, repo.resolve(".cache/policy-results"),
        () -> identity).evaluate(PRODUCTION, resources);
  }

  @Test
  void skips_every_check_when_the_target_and_its_inputs_are_unchanged() {
    List<Finding> first = run("build-1", objects(1, 1));
    List<Finding> second = run("build-1", objects(1, 1));

    assertEquals(List.of("overlays/production"), inner.evaluated);
    assertEquals(first, second);
    assertEquals("Grafana runs 1 replica", second.get(0).message());
    assertEquals("HA-1", second.get(0).requirement());
    assertEquals(new SourceLocation("overlays/production/grafana-patch.yaml", 7),
        second.get(0).location());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"object content", "object source line", "policy file",
      "patch file the locator reads", "toolchain pins", "validator build"})
  void runs_the_checks_again_when_an_input_changes(String change) throws IOException {
    run("build-1", objects(1, 1));
    List<Resource> resources = objects(1, 1);
    String identity = "build-1";
    switch (change) {
      case "object content" -> resources = objects(2, 1);
      case "object source line" -> resources = objects(1, 2);
      case "policy file" -> write("policies/profiles/production.yaml",
          "profile: production\nchecks: {ha.grafana-replicas: {severity: error}}\n");
      case "patch file the locator reads" -> write("overlays/production/grafana-patch.yaml",
          "# comment\nspec:\n  replicas: 1\n");
      case "toolchain pins" -> write("validator/toolchain.properties",
          "kustomize.version=v5.8.3\n");
      case "validator build" -> identity = "build-2";
      default -> throw new IllegalArgumentException(change);
    }
    List<Finding> second = run(identity, resources);

    assertEquals(List.of("overlays/production", "overlays/production"), inner.evaluated);
    assertEquals(inner.evaluate(PRODUCTION, resources), second);
  }

  @Test
  void ignores_caches_tools_and_the_validator_sources_when_keying() throws IOException {
    run("build-1", objects(1, 1));
    write(".cache/schemas/x.json", "{}");
    write(".tools/bin/kustomize", "binary");
    write("validator/src/main/java/X.java", "class X {}");
    run("build-1", objects(1, 1));

    assertEquals(List.of("overlays/production"), inner.evaluated);
  }

  @Test
  void evaluates_when_an_entry_is_corrupt() throws IOException {
    run("build-1", objects(1, 1));
    try (var entries = Files.list(repo.resolve(".cache/policy-results"))) {
      for (Path entry : entries.toList()) {
        Files.writeString(entry, "[{\"check\": 1");
      }
    }
    List<Finding> second = run("build-1", objects(1, 1));

    assertEquals(2, inner.evaluated.size());
    assertEquals("ha.grafana-replicas", second.get(0).check());
  }

  @Test
  void asks_the_policies_for_profiles_and_waivers() {
    PolicySet cache = new PolicyResultCache(inner, repo, repo.resolve(".cache/policy-results"),
        () -> "build-1");
    assertEquals(Optional.of("production"), cache.profileFor(PRODUCTION));
    assertEquals("policy.waiver-unused", cache.applyWaivers(List.of(), List.of(PRODUCTION),
        LocalDate.of(2026, 1, 1)).waiverFindings().get(0).check());
    assertTrue(inner.evaluated.isEmpty());
  }

  @Test
  void identifies_this_build_the_same_way_twice_and_differently_from_another_repo()
      throws IOException {
    String a = PolicyResultCache.buildIdentity(repo);
    assertEquals(a, PolicyResultCache.buildIdentity(repo));
    assertFalse(a.startsWith("unknown"), a);
    String sources = PolicyResultCache.sourcesDigest(repo);
    write("policies/waivers.yaml", "waivers: []\n");
    assertFalse(sources.equals(PolicyResultCache.sourcesDigest(repo)));
  }
}
