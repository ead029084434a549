package org.monitoringstack.gate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.exec.SystemProcessRunner;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.pipeline.GateFactory;
import org.monitoringstack.gate.policy.PolicySet;
import org.monitoringstack.gate.render.RenderedTarget;
import org.monitoringstack.gate.render.TestRepos;
import org.monitoringstack.gate.schema.SchemaValidator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class MainTest {

  @TempDir Path tmp;

  /** What one CLI run left behind. */
  record Run(int exit, String out, String err) {
    /** The output with the run's duration (the only varying part) fixed. */
    String stableOut() {
      return out.replaceAll(" in \\d+\\.\\d+s\n", " in 0.0s\n");
    }
  }

  /** A schema validator that reports every object whose kind is Widget as having no schema. */
  static final SchemaValidator WIDGETS_HAVE_NO_SCHEMA = targets -> {
    Map<String, List<Finding>> out = new java.util.HashMap<>();
    for (RenderedTarget t : targets) {
      out.put(t.target().id(), t.resources().stream().filter(r -> r.is("Widget"))
          .map(r -> Finding.of("schema.missing", Severity.ERROR, "", t.target().id(), r.ref(),
              r.source(), "no schema for example.com/v1 Widget", ""))
          .toList());
    }
    return out;
  };

  static GateFactory.Wiring wiring(Path kustomize, SchemaValidator schema) {
    return new GateFactory.Wiring() {
      @Override
      public GateFactory.Tools tools(Path repoRoot, Map<String, String> env, ProcessRunner runner,
          int parallelism, Path workDir, Consumer<String> progress) {
        return new GateFactory.Tools(kustomize, schema);
      }

      @Override
      public PolicySet policies(Path repoRoot) {
        return new PolicySet() {
          @Override
          public java.util.Optional<String> profileFor(org.monitoringstack.gate.model.Target t) {
            return java.util.Optional.of(t.id().contains("kind") ? "kind" : "production");
          }

          @Override
          public List<Finding> evaluate(org.monitoringstack.gate.model.Target t,
              List<Resource> resources) {
            return List.of();
          }

          @Override
          public WaiverOutcome applyWaivers(List<Finding> findings,
              List<org.monitoringstack.gate.model.Target> run, java.time.LocalDate today) {
            return new WaiverOutcome(findings, List.of());
          }
        };
      }
    };
  }

  Run run(Path cwd, GateFactory.Wiring wiring, String... args) {
    return run(cwd, Map.of(), wiring, args);
  }

  Run run(Path cwd, Map<String, String> env, GateFactory.Wiring wiring, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new Main(env, cwd, new GateFactory(wiring, new SystemProcessRunner()), false)
        .execute(out, err, args);
    assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
    assertFalse(err.toString().contains("Exception"), "no exception names: " + err);
    return new Run(exit, out.toString(), err.toString());
  }

  Run runScenario(String scenario, SchemaValidator schema, String... args) {
    Path repo = TestRepos.copy(scenario, tmp);
    String[] all = new String[args.length + 2];
    all[0] = "--repo";
    all[1] = repo.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return run(repo, wiring(TestRepos.kustomize(), schema), all);
  }

  @Test
  void prints_report_and_exits_0_when_everything_passes() {
    Run r = runScenario("skeleton", WIDGETS_HAVE_NO_SCHEMA);
    assertEquals(0, r.exit(), r.err());
    assertEquals("""
        overlays/kind: 3 objects, 0 errors, 0 warnings, 0 waived (profile kind)
        overlays/production: 2 objects, 0 errors, 0 warnings, 0 waived (profile production)
        clusters/kind: 5 objects, 0 errors, 0 warnings, 0 waived (profile kind)
        clusters/prod-eu-west: 4 objects, 0 errors, 0 warnings, 0 waived (profile production)
        PASSED: 4 targets, 14 objects, 0 errors, 0 warnings, 0 waived in 0.0s
        """, r.stableOut());
    assertEquals("", r.err());
  }

  @Test
  void renders_only_the_selected_target_when_a_path_is_given() {
    Path repo = TestRepos.copy("skeleton", tmp);
    Run r = run(repo.resolve("overlays"), wiring(TestRepos.kustomize(), WIDGETS_HAVE_NO_SCHEMA),
        "--repo", "..", "production/app-annotations.yaml");
    assertEquals(0, r.exit(), r.err());
    assertEquals("""
        overlays/production: 2 objects, 0 errors, 0 warnings, 0 waived (profile production)
        PASSED: 1 target, 2 objects, 0 errors, 0 warnings, 0 waived in 0.0s
        """, r.stableOut());
  }

  @Test
  void writes_json_to_the_output_file_when_asked() throws Exception {
    Path repo = TestRepos.copy("unknown_kind", tmp);
    Run r = run(repo, wiring(TestRepos.kustomize(), WIDGETS_HAVE_NO_SCHEMA),
        "--format", "json", "--output", "reports/gate.json");
    assertEquals(1, r.exit(), r.err());
    assertEquals("", r.out());
    JsonNode json = JsonMapper.builder().build()
        .readTree(Files.readString(repo.resolve("reports/gate.json")));
    JsonNode f = json.get("targets").get(0).get("findings").get(0);
    assertEquals("schema.missing", f.get("check").asString());
    assertEquals("Widget", f.get("kind").asString());
    assertEquals("base/app/app-configMap.yaml", f.get("file").asString());
    assertEquals(1, f.get("line").asInt());
    assertEquals(false, json.get("summary").get("passed").asBoolean());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      malformed_yaml | base/app/app-configMap.yaml:7: [render.yaml] while parsing a flow sequence: expected ',' or ']', but got : (column 7)
      missing_file   | overlays/broken/kustomization.yaml:5: [render.kustomize] accumulating resources from 'app-networkPolicy.yaml': no such file or directory
      duplicate_keys | base/app/app-configMap.yaml:7: [render.yaml] while constructing a mapping: found duplicate key retention (column 3)
      alias_bomb     | base/app/app-configMap.yaml:6: [render.yaml] too many aliases (more than 50 collections reached through aliases); refusing what looks like an alias bomb
      empty_overlay  | overlays/broken/kustomization.yaml: [render.empty] kustomize rendered no objects: the kustomization is empty
      unknown_kind   | base/app/app-configMap.yaml:1: [schema.missing] Widget/app: no schema for example.com/v1 Widget
      """)
  void reports_the_finding_and_exits_1_when_input_is_bad(String scenario, String line) {
    Run r = runScenario(scenario, WIDGETS_HAVE_NO_SCHEMA, "overlays/broken");
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(r.out().lines().anyMatch(line::equals), "expected line\n" + line + "\nin\n" + r.out());
    assertTrue(r.out().contains("\nFAILED: 1 target, "), r.out());
    assertEquals("", r.err());
  }

  @Test
  void exits_2_with_one_line_when_kustomize_is_missing() {
    Path repo = TestRepos.copy("skeleton", tmp);
    Path missing = tmp.resolve("nowhere/kustomize");
    Run r = run(repo, wiring(missing, WIDGETS_HAVE_NO_SCHEMA), "overlays/kind");
    assertEquals(2, r.exit());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("gitops-validate: cannot run `" + missing + " build "), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void exits_2_when_kustomize_bin_points_nowhere() throws Exception {
    Path repo = TestRepos.copy("skeleton", tmp);
    // the real pins, so that the toolchain gets as far as looking for the binaries
    Files.copy(TestRepos.repositoryRoot().resolve("validator/toolchain.properties"),
        repo.resolve("validator/toolchain.properties"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Run r = run(repo, Map.of("KUSTOMIZE_BIN", "/nowhere/kustomize",
        "KUBECONFORM_BIN", "/nowhere/kubeconform"), GateFactory.STANDARD, "overlays/kind");
    assertEquals(2, r.exit());
    assertEquals("", r.out());
    // the toolchain's own words; they name the variable's value
    assertTrue(r.err().startsWith("gitops-validate: ") && r.err().contains("/nowhere/"),
        r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void exits_2_when_kustomize_hangs() throws Exception {
    Path repo = TestRepos.copy("skeleton", tmp);
    Path fake = tmp.resolve("kustomize");
    Files.writeString(fake, "#!/bin/sh\nsleep 60\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    Run r = run(repo, wiring(fake, WIDGETS_HAVE_NO_SCHEMA), "--timeout", "1", "overlays/kind");
    assertEquals(2, r.exit());
    assertTrue(r.err().matches("gitops-validate: `" + java.util.regex.Pattern.quote(fake.toString())
        + " build \\S+` did not finish within 1s and was stopped\n"), r.err());
  }

  @Test
  void exits_2_with_one_line_when_the_policy_files_are_unusable() {
    Path repo = TestRepos.copy("skeleton", tmp);
    GateFactory.Wiring good = wiring(TestRepos.kustomize(), WIDGETS_HAVE_NO_SCHEMA);
    GateFactory.Wiring broken = new GateFactory.Wiring() {
      @Override
      public GateFactory.Tools tools(Path repoRoot, Map<String, String> env,
          ProcessRunner runner, int parallelism, Path workDir, Consumer<String> progress) {
        return good.tools(repoRoot, env, runner, parallelism, workDir, progress);
      }

      @Override
      public PolicySet policies(Path repoRoot) {
        throw new org.monitoringstack.gate.policy.PolicyException(
            "policies/profiles: cannot read the folder");
      }
    };
    Run r = run(repo, broken, "overlays/kind");
    assertEquals(2, r.exit());
    assertEquals("gitops-validate: policies/profiles: cannot read the folder\n", r.err());
    assertEquals("", r.out());
  }

  @Test
  void exits_2_when_kubeconform_prints_something_that_is_not_json() {
    SchemaValidator garbled = targets -> {
      throw new ToolException("kubeconform printed something that is not JSON: panic: oops");
    };
    Run r = runScenario("skeleton", garbled, "overlays/kind");
    assertEquals(2, r.exit());
    assertEquals("gitops-validate: kubeconform printed something that is not JSON: panic: oops\n",
        r.err());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      --bogus                | gitops-validate: Unknown option: '--bogus'
      --format yaml          | gitops-validate: Invalid value for option '--format' (FORMAT): expected one of [text, json] (case-insensitive) but was 'yaml'
      base/app               | gitops-validate: base/app: not a target: give a folder under overlays/ with a kustomization (not a Component) or a folder under clusters/ (targets: overlays/kind, overlays/production, clusters/kind, clusters/prod-eu-west)
      overlays/missing       | gitops-validate: overlays/missing: no such file or directory
      --timeout 0            | gitops-validate: --timeout must be a positive number of seconds
      --format text --format json | gitops-validate: give --format once (one report per run for now)
      """)
  void exits_2_with_a_usage_message_when_arguments_are_wrong(String args, String message) {
    Path repo = TestRepos.copy("skeleton", tmp);
    Run r = run(repo, wiring(Path.of("kustomize"), WIDGETS_HAVE_NO_SCHEMA), args.split(" "));
    assertEquals(2, r.exit());
    assertEquals(message, r.err().lines().findFirst().orElse(""));
    assertEquals("", r.out());
  }

  @Test
  void exits_2_when_no_repository_root_is_found() {
    Run r = run(tmp, wiring(Path.of("kustomize"), WIDGETS_HAVE_NO_SCHEMA));
    assertEquals(2, r.exit());
    assertEquals("gitops-validate: cannot find the repository root (a folder with "
        + "validator/toolchain.properties) above " + tmp + "; give --repo DIR\n", r.err());
  }

  @Test
  void uses_the_launchers_repository_when_run_outside_any_checkout() throws Exception {
    Path repo = TestRepos.copy("skeleton", tmp);
    Path elsewhere = java.nio.file.Files.createDirectories(tmp.resolve("elsewhere"));
    Run r = run(elsewhere, Map.of("GITOPS_VALIDATE_REPO", repo.toString()),
        wiring(TestRepos.kustomize(), WIDGETS_HAVE_NO_SCHEMA));
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("overlays/kind: 3 objects"), r.out());
  }

  @Test
  void finds_the_repository_root_by_walking_up_when_no_repo_is_given() throws Exception {
    Path repo = TestRepos.copy("skeleton", tmp);
    Files.createDirectories(repo.resolve("validator"));
    Files.writeString(repo.resolve("validator/toolchain.properties"), "");
    Run r = run(repo.resolve("overlays/kind"), wiring(TestRepos.kustomize(),
        WIDGETS_HAVE_NO_SCHEMA), ".");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("overlays/kind: 3 objects"), r.out());
  }

  @Test
  void prints_progress_on_stderr_when_asked() {
    Run ok = runScenario("skeleton", WIDGETS_HAVE_NO_SCHEMA, "--progress", "overlays/kind");
    assertEquals(0, ok.exit(), ok.err());
    List<String> lines = ok.err().lines().toList();
    assertTrue(lines.get(0).matches("rendering 1/1 overlays/kind \\(\\d+\\.\\ds\\)"), ok.err());
    assertTrue(lines.get(1).matches("evaluated the policies \\(\\d+\\.\\ds in total\\)"),
        ok.err());
    assertTrue(lines.get(2).matches("validated 3 objects against the schemas \\(\\d+\\.\\ds\\)"),
        ok.err());
    assertEquals(3, lines.size(), ok.err());
  }

  @Test
  void prints_usage_and_exits_0_when_help_is_asked() {
    Run r = run(tmp, GateFactory.STANDARD, "--help");
    assertEquals(0, r.exit());
    assertTrue(r.out().startsWith("Usage: gitops-validate [-hV] [--progress] [--output=FILE] [--repo=DIR]"),
        r.out());
    assertTrue(r.out().contains("Exit codes: 0 no unwaived error, 1 error findings, 2 usage or"),
        r.out());
  }

  @Test
  void prints_version_and_exits_0_when_asked() {
    Run r = run(tmp, GateFactory.STANDARD, "--version");
    assertEquals(0, r.exit());
    assertEquals("gitops-validate 0.1.0\n", r.out());
  }
}
