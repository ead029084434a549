package org.monitoringstack.gate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.model.Target;

class PolicyFilesTest {

  /** Reports every Deployment, with the params it got in the message. */
  static final Check FLAG = new Check("test.flag", "T-1", "Flags every Deployment.") {
    @Override
    protected void run(CheckContext ctx, List<Finding> out) {
      for (Resource r : ctx.ofKind("Deployment")) {
        out.add(ctx.finding(r, "spec", "flagged with " + ctx.params().values(), "unflag it"));
      }
    }
  };

  /** Must never run where its severity is off. */
  static final Check SILENT = new Check("test.silent", "T-2", "Fails whenever it runs.") {
    @Override
    protected void run(CheckContext ctx, List<Finding> out) {
      out.add(ctx.targetFinding("silent ran", "it should not"));
    }
  };

  static final Check BOOM = new Check("test.boom", "T-3", "Throws.") {
    @Override
    protected void run(CheckContext ctx, List<Finding> out) {
      ctx.params().integer("missing");
    }
  };

  static final List<Check> CHECKS = List.of(FLAG, SILENT, BOOM);

  @TempDir
  Path repo;

  static final String STRICT = """
      profile: strict
      values:
        namespace: monitoring
      checks:
        test.flag:
          severity: error
          params:
            level: 3
        test.silent:
          severity: off
        test.boom: {severity: off}
      """;
  static final String LAX = """
      profile: lax
      checks:
        test.flag:
          severity: warning
        test.boom:
          severity: info
        test.silent: {severity: off}
      """;
  static final String BINDINGS = """
      bindings:
        - target: overlays/prod
          profile: strict
        - target: clusters/prod-*
          profile: strict
        - target: clusters/prod-special
          profile: lax
        - target: overlays/dev
          profile: lax
      """;

  private void write(String rel, String text) throws IOException {
    Path p = repo.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private PolicyFiles load(String waivers) throws IOException {
    write("policies/profiles/strict.yaml", STRICT);
    write("policies/profiles/lax.yaml", LAX);
    if (!Files.exists(repo.resolve("policies/bindings.yaml"))) {
      write("policies/bindings.yaml", BINDINGS);
    }
    write("policies/waivers.yaml", waivers);
    return PolicyFiles.load(repo, CHECKS, CheckContext.Locator.OBJECT_SOURCE);
  }

  private Target target(String id) {
    return new Target(id, id.startsWith("clusters") ? Target.Kind.CLUSTER : Target.Kind.OVERLAY,
        repo.resolve(id));
  }

  private static Resource deployment(String namespace, String name) {
    return new Resource(new ObjectRef("apps/v1", "Deployment", namespace, name),
        Map.of("kind", "Deployment"), new SourceLocation("base/grafana/grafana-deployment.yaml",
            1));
  }

  /** The problems that loading the written files throws, as {@code file:line: message}. */
  private List<String> problems(String waivers) {
    return assertThrows(PolicyFiles.InvalidFiles.class, () -> load(waivers)).problems().stream()
        .map(p -> p.location() + ": " + p.message()).toList();
  }

  private static String show(Finding f) {
    return f.location() + ": " + f.severity().label() + " [" + f.check() + "] " + f.message()
        + (f.isWaived() ? " (waived)" : "");
  }

  @Test
  void loads_profiles_bindings_and_waivers_when_files_are_valid() throws IOException {
    PolicyFiles p = load("""
        waivers:
          - check: test.flag
            target: overlays/prod
            resource: Deployment/monitoring/grafana
            reason: Grafana sizing is tracked in a ticket
            owner: team-observability
            expires: 2030-01-31
        """);
    assertEquals(List.of("lax", "strict"), p.profiles().keySet().stream().sorted().toList());
    PolicyFiles.Profile strict = p.profiles().get("strict");
    assertEquals(Optional.of(Severity.ERROR), strict.checks().get("test.flag").severity());
    assertEquals(Map.of("level", 3), strict.checks().get("test.flag").params());
    assertTrue(strict.checks().get("test.silent").isOff());
    assertEquals(Map.of("namespace", "monitoring"), strict.values());
    assertEquals(4, p.bindings().size());
    assertEquals(1, p.waivers().size());
    assertEquals(LocalDate.of(2030, 1, 31), p.waivers().get(0).expires());
    assertEquals(new SourceLocation("policies/waivers.yaml", 2), p.waivers().get(0).declaredAt());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "overlays/prod, strict",
      "clusters/prod-eu, strict",
      "clusters/prod-special, lax",
      "overlays/dev, lax",
      "clusters/prod-eu/stack, ''",
      "overlays/staging, ''"
  })
  void binds_targets_by_exact_entry_before_pattern(String target, String profile)
      throws IOException {
    PolicyFiles p = load("waivers: []\n");
    assertEquals(profile.isEmpty() ? Optional.empty() : Optional.of(profile),
        p.profileFor(target(target)));
  }

  @Test
  void reports_unbound_target_when_no_binding_matches() throws IOException {
    PolicyFiles p = load("waivers: []\n");
    List<Finding> findings = p.evaluate(target("overlays/staging"), List.of());
    assertEquals(List.of("policies/bindings.yaml: error [policy.unbound-target] target "
        + "overlays/staging is not bound to any profile in policies/bindings.yaml; expected an "
        + "entry whose target matches it, found none"), findings.stream().map(
        PolicyFilesTest::show).toList());
    assertTrue(findings.get(0).blocks());
  }

  @Test
  void runs_checks_at_profile_severity_and_skips_off_checks() throws IOException {
    PolicyFiles p = load("waivers: []\n");
    List<Finding> strict = p.evaluate(target("overlays/prod"),
        List.of(deployment("monitoring", "grafana")));
    assertEquals(List.of("base/grafana/grafana-deployment.yaml:1: error [test.flag] flagged with "
        + "{namespace=monitoring, level=3}"), strict.stream().map(PolicyFilesTest::show).toList());
    assertEquals("T-1", strict.get(0).requirement());
    assertEquals("overlays/prod", strict.get(0).target());
  }

  @Test
  void gives_a_cluster_the_admin_networks_of_its_own_values_file() throws IOException {
    PolicyFiles p = load("waivers: []\n");
    write("clusters/prod-a/values.yaml", """
        kind: ConfigMap
        metadata: {name: cluster-values}
        data:
          cluster: prod-a
          adminCidr: 10.10.10.0/24
          additionalAdminCidr: 10.10.11.0/24
        """);
    List<Finding> own = p.evaluate(target("clusters/prod-a"),
        List.of(deployment("monitoring", "grafana")));
    assertEquals(List.of("base/grafana/grafana-deployment.yaml:1: error [test.flag] flagged with "
        + "{namespace=monitoring, adminCidrs=[10.10.10.0/24, 10.10.11.0/24], level=3}"),
        own.stream().map(PolicyFilesTest::show).toList());
    // no values file: the profile's values as they are
    List<Finding> none = p.evaluate(target("clusters/prod-b"),
        List.of(deployment("monitoring", "grafana")));
    assertEquals(List.of("base/grafana/grafana-deployment.yaml:1: error [test.flag] flagged with "
        + "{namespace=monitoring, level=3}"), none.stream().map(PolicyFilesTest::show).toList());
  }

  @Test
  void reports_check_failure_instead_of_crashing_when_a_check_throws() throws IOException {
    PolicyFiles p = load("waivers: []\n");
    List<Finding> lax = p.evaluate(target("overlays/dev"), List.of(deployment("m", "a")));
    assertEquals(List.of(
        "base/grafana/grafana-deployment.yaml:1: warning [test.flag] flagged with {}",
        "policies/profiles/lax.yaml:5: error [policy.check-failed] check test.boom: parameter "
            + "'missing' is not set"), lax.stream().map(PolicyFilesTest::show).toList());
  }

  @Test
  void reports_invalid_file_with_line_when_profile_breaks_schema() throws IOException {
    write("policies/profiles/broken.yaml", """
        profile: broken
        checks:
          test.flag:
            severity: fatal
          test.nope:
            severity: error
        extra: 1
        """);
    assertEquals(List.of(
        "policies/profiles/broken.yaml:4: does not match the profile"
            + " schema: /checks/test.flag/severity: does not have a value in the enumeration "
            + "[\"error\", \"warning\", \"info\", \"off\"]",
        "policies/profiles/broken.yaml:7: does not match the profile"
            + " schema: top level: property 'extra' is not defined in the schema and the schema does not "
            + "allow additional properties"), problems("waivers: []\n"));
  }

  @Test
  void throws_one_exception_with_every_problem_and_its_hint_when_files_are_broken()
      throws IOException {
    write("policies/bindings.yaml", "bindings: []\n");
    write("policies/profiles/other.yaml", "profile: other\nchecks: [\n");
    PolicyFiles.InvalidFiles e =
        assertThrows(PolicyFiles.InvalidFiles.class, () -> load("waivers: []\n"));
    assertEquals("2 problems in the policy files: policies/profiles/other.yaml:3: "
        + "[policy.invalid-file] not valid YAML: expected the node content, but found "
        + "'<stream end>' (fix the YAML syntax); policies/bindings.yaml:1: [policy.invalid-file]"
        + " does not match the bindings schema: /bindings: must have at least 1 items but found 0"
        + " (see validator/src/main/resources/policy-schemas/bindings.schema.json for the expected"
        + " shape)", e.getMessage());
  }

  @Test
  void reports_missing_files_instead_of_crashing_when_policies_folder_is_absent() {
    PolicyFiles.InvalidFiles e = assertThrows(PolicyFiles.InvalidFiles.class,
        () -> PolicyFiles.load(repo, CHECKS, CheckContext.Locator.OBJECT_SOURCE));
    assertEquals(List.of(
        "policies/profiles: the profiles folder policies/profiles is missing",
        "policies/bindings.yaml: cannot read policies/bindings.yaml: the file is missing"),
        e.problems().stream().map(p -> p.location() + ": " + p.message()).toList(),
        "waivers.yaml is optional");
  }

  @Test
  void loads_a_profile_when_it_lists_every_registered_check_some_off() throws IOException {
    PolicyFiles p = load("waivers: []\n");
    assertEquals(List.of("test.flag", "test.silent", "test.boom"),
        List.copyOf(p.profiles().get("strict").checks().keySet()));
    assertTrue(p.profiles().get("strict").checks().get("test.boom").isOff());
  }

  @Test
  void reports_the_missing_check_ids_when_a_profile_omits_registered_checks()
      throws IOException {
    write("policies/profiles/forgetful.yaml", """
        profile: forgetful
        checks:
          test.flag: {severity: error}
        """);
    PolicyFiles.InvalidFiles e =
        assertThrows(PolicyFiles.InvalidFiles.class, () -> load("waivers: []\n"));
    assertEquals("policies/profiles/forgetful.yaml:2: [policy.invalid-file] profile 'forgetful'"
        + " does not list 2 registered checks: test.boom, test.silent; expected every registered"
        + " check, explicitly {severity: off} where unused (add each under checks:, as"
        + " '<check>: {severity: off}' or with a severity)", e.getMessage());
  }

  @Test
  void reports_unknown_check_id_when_profile_names_one() throws IOException {
    write("policies/profiles/typo.yaml", """
        profile: typo
        checks:
          test.flag:
            severity: error
          test.flgg:
            severity: error
          test.silent: {severity: off}
          test.boom: {severity: off}
        """);
    write("policies/bindings.yaml", "bindings:\n  - target: overlays/x\n    profile: typo\n");
    assertEquals(List.of("policies/profiles/typo.yaml:5: unknown check"
        + " 'test.flgg'; expected one of: test.boom, test.flag, test.silent"),
        problems("waivers: []\n"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      duplicate key   | 'bindings:\n  - target: a\n    profile: lax\n    target: b\n'     | 4 | not valid YAML: duplicate key 'target'
      syntax          | 'bindings:\n  - target: [a\n'                                     | 3 | not valid YAML:
      missing profile | 'bindings:\n  - target: overlays/a\n    profile: nope\n'         | 2 | target overlays/a is bound to profile 'nope', which does not exist; expected one of: lax, strict
      wrong type      | 'bindings:\n  - target: overlays/a\n    profile: [lax]\n'        | 3 | does not match the bindings schema: /bindings/0/profile: array found, string expected
      twice           | 'bindings:\n  - {target: a, profile: lax}\n  - {target: a, profile: strict}\n' | 3 | target a is bound twice; expected one binding per target
      """)
  void reports_invalid_bindings_with_line(String scenario, String text, int line, String message)
      throws IOException {
    write("policies/bindings.yaml", text.replace("\\n", "\n"));
    List<PolicyFiles.Problem> problems = assertThrows(PolicyFiles.InvalidFiles.class,
        () -> load("waivers: []\n")).problems();
    assertEquals(1, problems.size(), problems.toString());
    PolicyFiles.Problem f = problems.get(0);
    assertEquals(new SourceLocation("policies/bindings.yaml", line), f.location());
    assertTrue(f.message().startsWith(message), f.message());
  }

  @Test
  void rejects_alias_bombs_when_reading_policy_files() throws IOException {
    StringBuilder bomb = new StringBuilder("a: &a [x, x]\n");
    for (int i = 0; i < 12; i++) {
      bomb.append("b").append(i).append(": &b").append(i).append(" [")
          .append(i == 0 ? "*a, *a" : "*b" + (i - 1) + ", *b" + (i - 1)).append("]\n");
    }
    for (int i = 0; i < 60; i++) {
      bomb.append("c").append(i).append(": *b11\n");
    }
    write("policies/bindings.yaml", bomb.toString());
    // at the first anchor, where the bomb starts
    assertEquals(List.of("policies/bindings.yaml:1: not valid YAML: too many aliases (more than"
        + " 50 collections reached through aliases); refusing what looks like an alias bomb"),
        problems("waivers: []\n"));
  }

  @Test
  void reports_invalid_waiver_with_line_when_date_or_check_is_wrong() throws IOException {
    List<String> problems = problems("""
        waivers:
          - check: test.flag
            target: overlays/prod
            resource: '*'
            reason: a valid reason here
            owner: me
            expires: 2030-02-30
          - check: test.unknown
            target: overlays/prod
            resource: '*'
            reason: a valid reason here
            owner: me
            expires: 2030-02-01
          - check: test.flag
            target: overlays/prod
            resource: grafana
            reason: short
            owner: me
            expires: 2030-02-01
        """);
    assertEquals(List.of(
        "policies/waivers.yaml:16: does not match the waivers schema:"
            + " /waivers/2/resource: does not match the regex pattern "
            + "^(\\*|[A-Za-z*][A-Za-z0-9*]*(/[a-z0-9.*-]*)?/[a-z0-9.*-]+)$",
        "policies/waivers.yaml:17: does not match the waivers schema:"
            + " /waivers/2/reason: must be at least 10 characters long"), problems);
  }

  @Test
  void reports_semantic_waiver_problems_with_line() throws IOException {
    List<String> problems = problems("""
        waivers:
          - check: test.flag
            target: overlays/prod
            resource: '*'
            reason: a valid reason here
            owner: me
            expires: 2030-02-30
          - check: test.unknown
            target: overlays/prod
            resource: '*'
            reason: a valid reason here
            owner: me
            expires: 2030-02-01
        """);
    assertEquals(List.of(
        "policies/waivers.yaml:7: waiver expiry '2030-02-30' is not a"
            + " calendar date; expected YYYY-MM-DD",
        "policies/waivers.yaml:8: waiver for unknown check "
            + "'test.unknown'; expected one of: test.boom, test.flag, test.silent"), problems);
  }

  @Test
  void marks_waived_findings_and_reports_expired_and_unused_waivers() throws IOException {
    PolicyFiles p = load("""
        waivers:
          - check: test.flag
            target: overlays/prod
            resource: Deployment/monitoring/grafana
            reason: sizing tracked in OBS-12
            owner: team-observability
            expires: 2026-11-25
          - check: test.flag
            target: overlays/prod
            resource: Deployment/monitoring/old
            reason: this one has run out
            owner: team-observability
            expires: 2026-11-24
          - check: test.flag
            target: clusters/prod-*
            resource: '*'
            reason: nothing matches this one
            owner: team-platform
            expires: 2027-01-01
          - check: test.flag
            target: overlays/never-run
            resource: '*'
            reason: target not part of this run
            owner: team-platform
            expires: 2027-01-01
        """);
    Target prod = target("overlays/prod");
    List<Finding> findings = p.evaluate(prod, List.of(deployment("monitoring", "grafana"),
        deployment("monitoring", "old")));
    PolicySet.WaiverOutcome outcome = p.applyWaivers(findings,
        List.of(prod, target("clusters/prod-eu")), LocalDate.of(2026, 11, 25));
    assertEquals(2, outcome.findings().size());
    assertTrue(outcome.findings().get(0).isWaived(), "expires today: still valid");
    assertEquals(p.waivers().get(0), outcome.findings().get(0).waiver());
    assertFalse(outcome.findings().get(0).blocks());
    assertFalse(outcome.findings().get(1).isWaived(), "an expired waiver waives nothing");
    assertEquals(List.of(
        "policies/waivers.yaml:8: error [policy.waiver-expired] waiver of test.flag for "
            + "Deployment/monitoring/old on overlays/prod (owner team-observability) expired on "
            + "2026-11-24; today is 2026-11-25, so it no longer waives anything",
        "policies/waivers.yaml:14: warning [policy.waiver-unused] waiver of test.flag for * on "
            + "clusters/prod-* matches no finding of this run; expected it to cover at least one;"
            + " the closest findings of test.flag: Deployment/monitoring/grafana on overlays/prod,"
            + " Deployment/monitoring/old on overlays/prod"),
        outcome.waiverFindings().stream().map(PolicyFilesTest::show).toList());
  }

  @ParameterizedTest(name = "{0} covers {1}/{2}/{3}: {4}")
  @CsvSource({
      "*, Deployment, monitoring, grafana, true",
      "Deployment/monitoring/grafana, Deployment, monitoring, grafana, true",
      "Deployment/*/grafana, Deployment, other, grafana, true",
      "Deployment/monitoring/graf*, Deployment, monitoring, grafana-db, true",
      "Deployment/monitoring/grafana, StatefulSet, monitoring, grafana, false",
      "Deployment/monitoring/grafana, Deployment, other, grafana, false",
      "ClusterRole/kube-state-metrics, ClusterRole, '', kube-state-metrics, true",
      "Deployment/grafana, Deployment, monitoring, grafana, true",
      "Deployment/grafana, Deployment, monitoring, grafana-db, false",
      "Deployment/graf*, Deployment, monitoring, grafana-db, true",
      "Deployment/grafana, StatefulSet, monitoring, grafana, false"
  })
  void matches_waiver_resource_patterns(String resource, String kind, String ns, String name,
      boolean covered) {
    var w = new org.monitoringstack.gate.model.Waiver("c.x", "overlays/*", resource, "reason",
        "owner", LocalDate.MAX, SourceLocation.UNKNOWN);
    Finding f = Finding.of("c.x", Severity.ERROR, "", "overlays/prod",
        new ObjectRef("v1", kind, ns, name), SourceLocation.UNKNOWN, "m", "h");
    assertEquals(covered, Waivers.covers(w, f));
  }

  private static final String WAIVER = """
        waivers:
          - check: test.flag
            target: overlays/prod
            resource: %s
            reason: copied from the report
            owner: team-observability
            expires: 2030-01-01
        """;

  private PolicySet.WaiverOutcome waive(String resource, Resource... objects) throws IOException {
    PolicyFiles p = load(WAIVER.formatted(resource));
    Target prod = target("overlays/prod");
    return p.applyWaivers(p.evaluate(prod, List.of(objects)), List.of(prod),
        LocalDate.of(2026, 12, 3));
  }

  @Test
  void waives_a_namespaced_object_by_kind_and_name_as_the_finding_prints_it() throws IOException {
    PolicySet.WaiverOutcome outcome = waive("Deployment/grafana",
        deployment("monitoring", "grafana"), deployment("monitoring", "old"));
    assertEquals(List.of(true, false),
        outcome.findings().stream().map(Finding::isWaived).toList());
    assertEquals("Deployment/grafana", outcome.findings().get(0).object().display());
    assertEquals(List.of(), outcome.waiverFindings());
  }

  @Test
  void waives_nothing_and_says_so_when_kind_and_name_match_in_two_namespaces()
      throws IOException {
    PolicySet.WaiverOutcome outcome = waive("Deployment/grafana",
        deployment("monitoring", "grafana"), deployment("team-a", "grafana"));
    assertEquals(List.of(false, false),
        outcome.findings().stream().map(Finding::isWaived).toList());
    assertEquals(List.of("policies/waivers.yaml:2: warning [policy.waiver-unused] waiver of "
        + "test.flag for Deployment/grafana on overlays/prod is ambiguous on overlays/prod: it "
        + "matches Deployment/grafana in namespaces monitoring, team-a, so it waives none of "
        + "them; expected Kind/namespace/name"),
        outcome.waiverFindings().stream().map(PolicyFilesTest::show).toList());
    assertEquals("write the namespace, e.g. resource: Deployment/monitoring/grafana",
        outcome.waiverFindings().get(0).hint());
  }

  @Test
  void names_the_closest_findings_when_a_waiver_matches_nothing() throws IOException {
    PolicySet.WaiverOutcome outcome = waive("Deployment/monitoring/grafna",
        deployment("monitoring", "old"), deployment("monitoring", "grafana"),
        deployment("monitoring", "prometheus"), deployment("monitoring", "zzz"));
    assertTrue(outcome.findings().stream().noneMatch(Finding::isWaived));
    assertEquals(List.of("policies/waivers.yaml:2: warning [policy.waiver-unused] waiver of "
        + "test.flag for Deployment/monitoring/grafna on overlays/prod matches no finding of this"
        + " run; expected it to cover at least one; the closest findings of test.flag: "
        + "Deployment/monitoring/grafana on overlays/prod, Deployment/monitoring/old on "
        + "overlays/prod, Deployment/monitoring/zzz on overlays/prod"),
        outcome.waiverFindings().stream().map(PolicyFilesTest::show).toList());
  }

  @Test
  void says_the_run_has_no_finding_of_the_check_when_a_waiver_matches_nothing()
      throws IOException {
    PolicySet.WaiverOutcome outcome = waive("Deployment/monitoring/grafana");
    assertEquals(List.of("policies/waivers.yaml:2: warning [policy.waiver-unused] waiver of "
        + "test.flag for Deployment/monitoring/grafana on overlays/prod matches no finding of "
        + "this run; expected it to cover at least one; this run has no finding of test.flag"),
        outcome.waiverFindings().stream().map(PolicyFilesTest::show).toList());
  }

  @Test
  void locates_findings_in_the_target_patches_when_loaded_with_the_source_locator() {
    Check retention = new Check("test.retention", "PERF-1",
        "Reports every Prometheus' retention.") {
      @Override
      protected void run(CheckContext ctx, List<Finding> out) {
        ctx.ofKind("Prometheus").stream()
            .map(r -> ctx.finding(r, "spec.retention", "retention", "fix")).forEach(out::add);
      }
    };
    Path mini = PolicyFixtures.ROOT.resolve("locator/repo");
    PolicyFiles p = PolicyFiles.load(mini, List.of(retention), new SourceLocator(mini));
    Resource prometheus = new Resource(
        new ObjectRef("monitoring.coreos.com/v1", "Prometheus", "", "main"), Map.of(),
        new SourceLocation("base/prometheus.yaml", 1));
    List<Finding> findings = p.evaluate(
        new Target("overlays/prod", Target.Kind.OVERLAY, mini.resolve("overlays/prod")),
        List.of(prometheus));
    assertEquals(List.of("overlays/prod/prometheus-retention.yaml:7: error [test.retention] "
        + "retention"), findings.stream().map(PolicyFilesTest::show).toList());
  }
}
