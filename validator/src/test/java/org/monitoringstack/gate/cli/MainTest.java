package org.monitoringstack.gate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
import org.monitoringstack.gate.model.RenderedTarget;
import org.monitoringstack.gate.render.TestRepos;
import org.monitoringstack.gate.schema.SchemaCatalog;
import org.monitoringstack.gate.schema.SchemaValidator;
import org.monitoringstack.gate.toolchain.ModuleFetcher;
import org.monitoringstack.gate.toolchain.Toolchain;
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
      public PolicySet policies(Path repoRoot,
          java.util.function.Function<String, Path> tools) {
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

  @Test
  void prints_only_the_setup_notices_when_stderr_is_no_terminal_and_nothing_with_quiet() {
    Path repo = TestRepos.copy("skeleton", tmp);
    GateFactory.Wiring plain = wiring(TestRepos.kustomize(), WIDGETS_HAVE_NO_SCHEMA);
    GateFactory.Wiring installing = new GateFactory.Wiring() {
      @Override
      public GateFactory.Tools tools(Path repoRoot, Map<String, String> env,
          ProcessRunner runner, int parallelism, Path workDir, Consumer<String> progress) {
        progress.accept("installing promtool v3.14.0 into .tools/bin/ (go build)...");
        progress.accept("still building promtool (30s)...");
        return plain.tools(repoRoot, env, runner, parallelism, workDir, progress);
      }

      @Override
      public PolicySet policies(Path repoRoot,
          java.util.function.Function<String, Path> tools) {
        return plain.policies(repoRoot, tools);
      }
    };

    Run r = run(repo, installing, "overlays/kind");
    Run quiet = run(repo, installing, "--quiet", "overlays/kind");

    assertEquals("installing promtool v3.14.0 into .tools/bin/ (go build)...\n"
        + "still building promtool (30s)...\n", r.err());
    assertEquals("", quiet.err());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      installing amtool v0.34.1 into .tools/bin/ (go install)...        | true
      still building promtool (60s)...                                  | true
      installed promtool v3.14.0 in 182s                                | true
      kustomize in .tools/bin/ is v5.7.1, the pin is v5.8.2: reinstalling | true
      generating the offline schema catalog (Kubernetes v1.35.4, 7 CRD sources)... | true
      rendering 1/5 overlays/kind (0.4s)                                | false
      validated 57 objects against the schemas (0.2s)                   | false
      """)
  void tells_setup_notices_from_progress(String line, boolean notice) {
    assertEquals(notice, Main.isSetupNotice(line));
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

        render cache: 0 hits, 4 misses
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

        render cache: 0 hits, 1 miss
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

  @Test
  void takes_the_format_from_the_output_files_extension_when_no_format_is_given()
      throws Exception {
    Path repo = TestRepos.copy("unknown_kind", tmp);
    Run r = run(repo, wiring(TestRepos.kustomize(), WIDGETS_HAVE_NO_SCHEMA),
        "--output", "reports/gate.json", "--output", "reports/gate.txt");
    assertEquals(1, r.exit(), r.err());
    assertEquals("", r.out());
    assertEquals("", r.err());
    JsonNode json = JsonMapper.builder().build()
        .readTree(Files.readString(repo.resolve("reports/gate.json")));
    assertEquals("schema.missing",
        json.get("targets").get(0).get("findings").get(0).get("check").asString());
    assertTrue(Files.readString(repo.resolve("reports/gate.txt")).contains("\nFAILED: "));
  }

  @Test
  void writes_text_to_a_file_whose_extension_names_no_format() throws Exception {
    Path repo = TestRepos.copy("unknown_kind", tmp);
    Run r = run(repo, wiring(TestRepos.kustomize(), WIDGETS_HAVE_NO_SCHEMA),
        "--output", "./json");
    assertEquals(1, r.exit(), r.err());
    assertEquals("", r.out());
    assertTrue(Files.readString(repo.resolve("json")).contains("\nFAILED: "));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      malformed_yaml | base/app/app-configMap.yaml:7: [render.yaml] while parsing a flow sequence: expected ',' or ']', but got : (column 7) (overlays/broken)
      missing_file   | overlays/broken/kustomization.yaml:5: [render.kustomize] accumulating resources from 'app-networkPolicy.yaml': no such file or directory (overlays/broken)
      duplicate_keys | base/app/app-configMap.yaml:7: [render.yaml] while constructing a mapping: found duplicate key retention (column 3) (overlays/broken)
      alias_bomb     | base/app/app-configMap.yaml:6: [render.yaml] too many aliases (more than 50 collections reached through aliases); refusing what looks like an alias bomb (overlays/broken)
      empty_overlay  | overlays/broken/kustomization.yaml:1: [render.empty] kustomize rendered no objects: the kustomization is empty (overlays/broken)
      unknown_kind   | base/app/app-configMap.yaml:1: [schema.missing] Widget/app: no schema for example.com/v1 Widget (overlays/broken)
      """)
  void reports_the_finding_and_exits_1_when_input_is_bad(String scenario, String line) {
    Run r = runScenario(scenario, WIDGETS_HAVE_NO_SCHEMA, "overlays/broken");
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(r.out().lines().anyMatch(line::equals), "expected line\n" + line + "\nin\n" + r.out());
    assertTrue(r.out().contains("\nFAILED: 1 target, "), r.out());
    assertEquals("", r.err());
  }

  @Test
  void reports_a_remote_base_at_its_line_and_exits_1_without_fetching_it() throws IOException {
    Path repo = TestRepos.copy("skeleton", tmp);
    Path kustomization = repo.resolve("overlays/kind/kustomization.yaml");
    Files.writeString(kustomization, Files.readString(kustomization)
        .replace("resources:\n", "resources:\n  - https://github.com/x/y//base\n"));
    Run r = run(repo, wiring(TestRepos.kustomize(), WIDGETS_HAVE_NO_SCHEMA),
        "--repo", repo.toString(), "overlays/kind");
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("\noverlays/kind/kustomization.yaml:4: [render.remote] remote "
        + "base 'https://github.com/x/y//base': the gate does not fetch remote bases (it reads "
        + "nothing from the web) (overlays/kind)\n  hint: copy the base into this repository (e.g. with "
        + "`kustomize localize`) and list its folder instead\n"), r.out());
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

  /** The skeleton fixture with the repository's pins and the wrapper modules they read. */
  private Path skeletonWithRealPins() throws IOException {
    Path repo = TestRepos.copy("skeleton", tmp);
    Files.copy(TestRepos.repositoryRoot().resolve("validator/toolchain.properties"),
        repo.resolve("validator/toolchain.properties"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Path from = TestRepos.repositoryRoot().resolve("validator/tools");
    try (java.util.stream.Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path dest = repo.resolve("validator/tools").resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
    }
    return repo;
  }

  @Test
  void exits_2_with_one_message_when_amtool_bin_fails_its_version_command() throws Exception {
    Path repo = skeletonWithRealPins();
    Run r = run(repo, Map.of("KUSTOMIZE_BIN", TestRepos.kustomize().toString(),
        "KUBECONFORM_BIN", org.monitoringstack.gate.toolchain.TestToolchain.tool("kubeconform")
            .toString(), "PROMTOOL_BIN", org.monitoringstack.gate.toolchain.TestToolchain
            .tool("promtool").toString(), "AMTOOL_BIN", "/bin/false"), GateFactory.STANDARD,
        "overlays/kind");
    assertEquals(2, r.exit(), r.err());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("gitops-validate: AMTOOL_BIN=/bin/false is not a usable amtool:"
        + " `/bin/false --version` exited with 1"), r.err());
    assertTrue(r.err().contains("Point AMTOOL_BIN at amtool v0.34.1, or unset it to let the"
        + " validator install one into .tools/bin/"), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  @Test
  void live_exits_2_with_the_api_servers_own_words_when_it_cannot_start() throws Exception {
    Path repo = skeletonWithRealPins();
    for (String f : List.of("policies/profiles/kind.yaml", "policies/profiles/production.yaml",
        "policies/bindings.yaml")) {
      Files.createDirectories(repo.resolve(f).getParent());
      Files.copy(TestRepos.repositoryRoot().resolve(f), repo.resolve(f));
    }
    // answers the version probe as the pinned kube-apiserver, then fails as a taken port would
    Path apiserver = tmp.resolve("kube-apiserver");
    Files.writeString(apiserver, "#!/bin/sh\n"
        + "if [ \"$1\" = --version ]; then echo 'Kubernetes v1.35.4'; exit 0; fi\n"
        + "echo 'E1204 run.go:72] \"command failed\" err=\"failed to listen: address already in"
        + " use\"' >&2\nexit 1\n");
    apiserver.toFile().setExecutable(true);
    Map<String, String> env = realToolsBut("KUBE_APISERVER_BIN", apiserver.toString());
    env.put("ETCD_BIN", org.monitoringstack.gate.toolchain.TestToolchain.tool("etcd").toString());
    env.put("PROMETHEUS_OPERATOR_BIN",
        org.monitoringstack.gate.toolchain.TestToolchain.tool("prometheus-operator").toString());
    // the repository's real catalog (the live stage applies its pinned CRDs); Go finds the
    // module cache that holds them
    Path root = TestRepos.repositoryRoot();
    Toolchain tools = Toolchain.resolve(root, System.getenv(), new SystemProcessRunner(), l -> { });
    env.put(GateFactory.SCHEMAS_VARIABLE, SchemaCatalog.ensure(root, tools.pins(),
        new ModuleFetcher(new SystemProcessRunner(), System.getenv()), l -> { }).dir().getParent()
        .toString());
    for (String name : List.of("PATH", "HOME", "GOPATH", "GOMODCACHE", "GOCACHE", "GOPROXY")) {
      if (System.getenv(name) != null) {
        env.put(name, System.getenv(name));
      }
    }

    Run r = run(repo, env, GateFactory.STANDARD, "--live", "overlays/kind");

    assertEquals(2, r.exit(), r.err());
    assertEquals("", r.out());
    // one message naming the target and the server's own last words, no trace
    assertEquals("gitops-validate: live stage of overlays/kind: kube-apiserver exited with code 1"
        + " while starting: E1204 run.go:72] \"command failed\" err=\"failed to listen: address"
        + " already in use\"\n", r.err());
  }

  /** The real pinned tools but {@code variable}, and a schema catalog that is never built. */
  private Map<String, String> realToolsBut(String variable, String value) {
    Map<String, String> env = new java.util.HashMap<>(Map.of(
        "KUSTOMIZE_BIN", TestRepos.kustomize().toString(),
        "KUBECONFORM_BIN",
        org.monitoringstack.gate.toolchain.TestToolchain.tool("kubeconform").toString(),
        "AMTOOL_BIN", org.monitoringstack.gate.toolchain.TestToolchain.tool("amtool").toString(),
        "PROMTOOL_BIN",
        org.monitoringstack.gate.toolchain.TestToolchain.tool("promtool").toString(),
        GateFactory.SCHEMAS_VARIABLE, tmp.resolve("no-schemas").toString()));
    env.put(variable, value);
    return env;
  }

  @Test
  void exits_2_naming_the_binary_when_kustomize_bin_is_bin_false() throws Exception {
    Path repo = skeletonWithRealPins();
    Run r = run(repo, realToolsBut("KUSTOMIZE_BIN", "/bin/false"), GateFactory.STANDARD,
        "overlays/kind");
    assertEquals(2, r.exit(), r.err());
    assertEquals("", r.out());
    assertEquals("gitops-validate: KUSTOMIZE_BIN=/bin/false is not a usable kustomize: "
        + "`/bin/false version` exited with 1 and printed nothing. Point KUSTOMIZE_BIN at "
        + "kustomize v5.8.2, or unset it to let the validator install one into .tools/bin/\n",
        r.err());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      fails silently       | exit 1                          | failed without an error message (exit status 1, stderr: empty); kustomize reports every problem of a kustomization on a line `Error: ...`
      crashes              | echo 'fatal error: out of memory' >&2; exit 2 | failed without an error message (exit status 2, stderr: fatal error: out of memory); kustomize reports every problem of a kustomization on a line `Error: ...`
      prints non-YAML      | echo 'hello: ['                 | printed something that is not YAML manifests: while parsing a flow node: expected the node content, but found '<stream end>' (column 1) (output line 2) (exit status 0, stderr: empty); kustomize always prints a YAML stream of objects
      """)
  void exits_2_naming_the_binary_when_kustomize_passes_its_probe_but_its_build_is_broken(
      String name, String build, String message) throws Exception {
    Path repo = skeletonWithRealPins();
    Path fake = tmp.resolve("kustomize");
    Files.writeString(fake, "#!/bin/sh\nif [ \"$1\" = version ]; then echo v5.8.2; exit 0; fi\n"
        + build + "\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    Run r = run(repo, realToolsBut("KUSTOMIZE_BIN", fake.toString()), GateFactory.STANDARD,
        "overlays/kind");
    assertEquals(2, r.exit(), r.err());
    assertEquals("", r.out());
    assertEquals("gitops-validate: `" + fake + " build overlays/kind` " + message + ", so " + fake
        + " is not a working kustomize\n", r.err());
  }

  @Test
  void exits_2_when_kustomize_bin_points_nowhere() throws Exception {
    // the real pins, so that the toolchain gets as far as looking for the binaries
    Path repo = skeletonWithRealPins();
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
  void exits_1_with_a_render_timeout_finding_on_the_target_when_kustomize_hangs()
      throws Exception {
    Path repo = TestRepos.copy("skeleton", tmp);
    Path fake = tmp.resolve("kustomize");
    Files.writeString(fake, "#!/bin/sh\nsleep 60\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    long start = System.nanoTime();
    Run r = run(repo, wiring(fake, WIDGETS_HAVE_NO_SCHEMA), "--timeout", "1", "overlays/kind");
    assertEquals(1, r.exit(), r.err());
    assertTrue(System.nanoTime() - start < java.time.Duration.ofSeconds(20).toNanos());
    assertTrue(r.out().contains("overlays/kind/kustomization.yaml: [render.timeout] kustomize"
        + " build did not finish within 1s and was stopped; the largest YAML files of the"
        + " repository: "), r.out());
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
      public PolicySet policies(Path repoRoot,
          java.util.function.Function<String, Path> tools) {
        throw new org.monitoringstack.gate.policy.PolicyException(
            "policies/profiles: cannot read the folder");
      }
    };
    Run r = run(repo, broken, "overlays/kind");
    assertEquals(2, r.exit());
    assertEquals("gitops-validate: policies/profiles: cannot read the folder\n", r.err());
    assertEquals("", r.out());
  }

  /** The skeleton fixture with the repository's profiles and bindings. */
  private Path skeletonWithRealPolicies() throws IOException {
    Path repo = TestRepos.copy("skeleton", tmp);
    for (String f : List.of("policies/profiles/kind.yaml", "policies/profiles/production.yaml",
        "policies/bindings.yaml")) {
      Files.createDirectories(repo.resolve(f).getParent());
      Files.copy(TestRepos.repositoryRoot().resolve(f), repo.resolve(f));
    }
    return repo;
  }

  /** The fake tools with the standard (real) policy loading. */
  private static GateFactory.Wiring realPoliciesWiring() {
    GateFactory.Wiring fake = wiring(TestRepos.kustomize(), WIDGETS_HAVE_NO_SCHEMA);
    return new GateFactory.Wiring() {
      @Override
      public GateFactory.Tools tools(Path repoRoot, Map<String, String> env,
          ProcessRunner runner, int parallelism, Path workDir, Consumer<String> progress) {
        return fake.tools(repoRoot, env, runner, parallelism, workDir, progress);
      }

      @Override
      public PolicySet policies(Path repoRoot,
          java.util.function.Function<String, Path> tools) {
        return GateFactory.STANDARD.policies(repoRoot, tools);
      }
    };
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      profile is not YAML   | policies/profiles/production.yaml | checks: [       | gitops-validate: policies/profiles/production.yaml:END: [policy.invalid-file] not valid YAML: expected the node content, but found '<stream end>' (fix the YAML syntax)
      binding to no profile | policies/bindings.yaml            | '  - {target: overlays/x, profile: nope}' | gitops-validate: policies/bindings.yaml:22: [policy.invalid-file] target overlays/x is bound to profile 'nope', which does not exist; expected one of: kind, production (add policies/profiles/nope.yaml or correct the name)
      """)
  void exits_2_with_one_message_when_a_policy_file_is_broken(String name, String file,
      String appended, String message) throws IOException {
    Path repo = skeletonWithRealPolicies();
    Files.writeString(repo.resolve(file), appended + "\n", java.nio.file.StandardOpenOption.APPEND);
    // the line after the appended one: where the parser finds the stream's end
    String end = String.valueOf(Files.readAllLines(repo.resolve(file)).size() + 1);
    GateFactory.Wiring realPolicies = realPoliciesWiring();
    Run r = run(repo, realPolicies, "--repo", repo.toString());
    assertEquals(2, r.exit(), r.out() + r.err());
    assertEquals("", r.out());
    assertEquals(message.replace(":END:", ":" + end + ":") + "\n", r.err());
  }

  @Test
  void exits_2_naming_the_missing_checks_when_a_profile_omits_a_registered_check()
      throws IOException {
    Path repo = skeletonWithRealPolicies();
    Path kind = repo.resolve("policies/profiles/kind.yaml");
    String text = Files.readString(kind);
    String without = text.replaceFirst("(?m)^  images\\.pinned:\n    severity: warning\n", "")
        .replaceFirst("(?m)^  ha\\.pdb:.*\n.*\n", "");
    assertFalse(without.contains("\n  images.pinned:") || without.contains("\n  ha.pdb:"),
        "kind.yaml changed: update this test");
    Files.writeString(kind, without);
    int checksLine = Files.readAllLines(kind).indexOf("checks:") + 1;
    GateFactory.Wiring realPolicies = realPoliciesWiring();
    Run r = run(repo, realPolicies, "--repo", repo.toString());
    assertEquals(2, r.exit(), r.out() + r.err());
    assertEquals("", r.out());
    assertEquals("gitops-validate: policies/profiles/kind.yaml:" + checksLine
        + ": [policy.invalid-file] profile 'kind' does not list 2 registered checks: ha.pdb,"
        + " images.pinned; expected every registered check, explicitly {severity: off} where"
        + " unused (add each under checks:, as '<check>: {severity: off}' or with a severity)\n",
        r.err());
  }

  /** Real policy files with one check that flags every Deployment, and the given waiver. */
  private Run runWithWaiver(String resource) throws IOException {
    Path repo = TestRepos.copy("skeleton", tmp);
    Files.createDirectories(repo.resolve("policies/profiles"));
    Files.writeString(repo.resolve("policies/profiles/kind.yaml"),
        "profile: kind\nchecks:\n  test.flag: {severity: error}\n");
    Files.writeString(repo.resolve("policies/bindings.yaml"),
        "bindings:\n  - {target: overlays/kind, profile: kind}\n");
    Files.writeString(repo.resolve("policies/waivers.yaml"), "waivers:\n"
        + "  - check: test.flag\n    target: overlays/kind\n    resource: " + resource + "\n"
        + "    reason: copied from the report\n    owner: team-observability\n"
        + "    expires: 2099-01-01\n");
    org.monitoringstack.gate.policy.Check flag = new org.monitoringstack.gate.policy.Check(
        "test.flag", "T-1", "Flags every Deployment.") {
      @Override
      protected void run(org.monitoringstack.gate.policy.CheckContext ctx, List<Finding> out) {
        ctx.ofKind("Deployment").stream()
            .map(r -> ctx.finding(r, "spec", "flagged", "unflag it")).forEach(out::add);
      }
    };
    GateFactory.Wiring fake = wiring(TestRepos.kustomize(), WIDGETS_HAVE_NO_SCHEMA);
    GateFactory.Wiring withPolicies = new GateFactory.Wiring() {
      @Override
      public GateFactory.Tools tools(Path repoRoot, Map<String, String> env,
          ProcessRunner runner, int parallelism, Path workDir, Consumer<String> progress) {
        return fake.tools(repoRoot, env, runner, parallelism, workDir, progress);
      }

      @Override
      public PolicySet policies(Path repoRoot,
          java.util.function.Function<String, Path> tools) {
        return org.monitoringstack.gate.policy.PolicyFiles.load(repoRoot, List.of(flag),
            org.monitoringstack.gate.policy.CheckContext.Locator.OBJECT_SOURCE);
      }
    };
    return run(repo, withPolicies, "--repo", repo.toString(), "overlays/kind");
  }

  @Test
  void waives_the_finding_when_the_waiver_names_the_object_as_the_finding_prints_it()
      throws IOException {
    Run r = runWithWaiver("Deployment/app");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("base/app/app-deployment.yaml:2: [test.flag] Deployment/app: "
        + "flagged (overlays/kind) (waived until 2099-01-01: copied from the report)\n"), r.out());
    assertTrue(r.out().contains("\nPASSED: 1 target, 3 objects, 0 errors, 0 warnings, 1 waived"),
        r.out());
  }

  @Test
  void names_the_closest_finding_and_exits_1_when_the_waiver_matches_nothing()
      throws IOException {
    Run r = runWithWaiver("Deployment/monitoring/ap");
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("policies/waivers.yaml:2: [policy.waiver-unused] warning: waiver"
        + " of test.flag for Deployment/monitoring/ap on overlays/kind matches no finding of this"
        + " run; expected it to cover at least one; the closest findings of test.flag: "
        + "Deployment/monitoring/app on overlays/kind\n"), r.out());
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
      --format yaml          | gitops-validate: Invalid value for option '--format': expected one of [text, json, junit, sarif, markdown, html] (case-insensitive) but was 'yaml'
      base/app               | gitops-validate: base/app: not a target: give a folder under overlays/ with a kustomization (not a Component) or a folder under clusters/ (targets: overlays/kind, overlays/production, clusters/kind, clusters/prod-eu-west)
      overlays/missing       | gitops-validate: overlays/missing: no such file or directory
      --timeout 0            | gitops-validate: --timeout must be a positive number of seconds
      --format text --format json | gitops-validate: only one report can go to standard output: give each --format but one its own --output FILE
      --format json --output a.json --format sarif --format html | gitops-validate: only one report can go to standard output: give each --format but one its own --output FILE
      --format json --output a.json --output b.log | gitops-validate: with several reports, give every --output its own --format or a file name whose extension names one (e.g. --format junit --output reports/gate.xml)
      --output json          | gitops-validate: --output json is a format name, but --output takes a file: for the json report use --format json (to standard output) or --format json --output FILE (e.g. --format json --output reports/gate.json); for a file of that name, give ./json
      --format sarif --output SARIF | gitops-validate: --output SARIF is a format name, but --output takes a file: for the sarif report use --format sarif (to standard output) or --format sarif --output FILE (e.g. --format sarif --output reports/gate.sarif); for a file of that name, give ./SARIF
      --changed-since=-x     | gitops-validate: --changed-since needs a Git revision, e.g. origin/main (was '-x')
      generate --bogus       | gitops-validate: Unknown option: '--bogus'
      generate base/app      | gitops-validate: base/app: not a target: give a folder under overlays/ with a kustomization (not a Component) or a folder under clusters/ (targets: overlays/kind, overlays/production, clusters/kind, clusters/prod-eu-west)
      generate --timeout 0   | gitops-validate: --timeout must be a positive number of seconds
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
    assertTrue(r.out().startsWith("Usage: gitops-validate [-hqV] [--live] [--no-cache] "
        + "[--no-color] [--progress]\n                       [--changed-since=REV] [--repo=DIR]"),
        r.out());
    // every option has help text
    for (String option : List.of("    --format=FORMAT ", "    --output=FILE ",
        "    --changed-since=REV ", "    --repo=DIR ", "    --progress ", "    --timeout=SECONDS ",
        "-q, --quiet ", "    --no-color ", "    --no-cache ", "    --live ")) {
      assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  " + option)
          && l.length() > 30), option + " documented in\n" + r.out());
    }
    assertTrue(r.out().contains("  generate  Argo CD Config Management Plugin mode"), r.out());
    Run generate = run(tmp, GateFactory.STANDARD, "generate", "--help");
    assertEquals(0, generate.exit());
    assertTrue(generate.out().startsWith("Usage: gitops-validate generate [-hV] [--progress] "
        + "[--repo=DIR]"), generate.out());
    assertTrue(generate.out().contains("ARGOCD_APP_SOURCE_PATH"), generate.out());
    assertTrue(r.out().contains("Exit codes: 0 no unwaived error, 1 error findings, 2 usage or"),
        r.out());
  }

  @Test
  void prints_version_and_exits_0_when_asked() {
    Run r = run(tmp, GateFactory.STANDARD, "--version");
    assertEquals(0, r.exit());
    assertEquals("gitops-validate 0.1.0\n", r.out());
  }

  // ---- several reports ----

  /** The skeleton with a requirement catalog, which the junit/sarif/markdown/html writers read. */
  private Path skeletonWithCatalog() throws Exception {
    Path repo = TestRepos.copy("skeleton", tmp);
    Files.createDirectories(repo.resolve("policies"));
    Files.copy(Path.of(MainTest.class.getResource("/fixtures/report/catalog.yaml").toURI()),
        repo.resolve("policies/requirements.yaml"));
    return repo;
  }

  @Test
  void writes_each_format_to_its_own_file_when_formats_are_repeated() throws Exception {
    Path repo = skeletonWithCatalog();
    Run r = run(repo, wiring(TestRepos.kustomize(), WIDGETS_HAVE_NO_SCHEMA),
        "--format", "text", "--output", "reports/gate.txt",
        "--format", "json", "--output", "reports/gate.json",
        "--format", "junit", "--output", "reports/gate.xml",
        "--format", "sarif", "--output", "reports/gate.sarif",
        "--format", "markdown", "--output", "reports/gate.md",
        "--format", "html", "--output", "reports/gate.html",
        "overlays/kind", "overlays/production");
    assertEquals(0, r.exit(), r.err());
    assertEquals("", r.out(), "every report went to its file");
    assertEquals("", r.err());
    assertEquals("""
        overlays/kind: 3 objects, 0 errors, 0 warnings, 0 waived (profile kind)
        overlays/production: 2 objects, 0 errors, 0 warnings, 0 waived (profile production)

        render cache: 0 hits, 2 misses
        PASSED: 2 targets, 5 objects, 0 errors, 0 warnings, 0 waived in 0.0s
        """, new Run(0, Files.readString(repo.resolve("reports/gate.txt")), "").stableOut());
    assertEquals("""
        {
          "targets" : [ {
            "path" : "overlays/kind",
            "profile" : "kind",
            "resources" : 3,
            "findings" : [ ]
          }, {
            "path" : "overlays/production",
            "profile" : "production",
            "resources" : 2,
            "findings" : [ ]
          } ],
          "runFindings" : [ ],
          "summary" : {
            "targets" : 2,
            "resources" : 5,
            "errors" : 0,
            "warnings" : 0,
            "waived" : 0,
            "passed" : true,
            "elapsedMs" : 0,
            "renderCache" : {
              "hits" : 0,
              "misses" : 2
            },
            "notes" : [ ]
          }
        }
        """, Files.readString(repo.resolve("reports/gate.json"))
        .replaceAll("\"elapsedMs\" : \\d+", "\"elapsedMs\" : 0"));
    String junit = Files.readString(repo.resolve("reports/gate.xml"));
    assertTrue(junit.startsWith("<?xml"), junit);
    assertTrue(junit.contains("overlays/production"), junit);
    assertTrue(junit.contains("<testcase"), junit);
    JsonNode sarif = JsonMapper.builder().build()
        .readTree(Files.readString(repo.resolve("reports/gate.sarif")));
    assertEquals("2.1.0", sarif.get("version").asString());
    assertEquals(0, sarif.get("runs").get(0).get("results").size());
    String markdown = Files.readString(repo.resolve("reports/gate.md"));
    assertTrue(markdown.contains("render cache: 0 hits, 2 misses"), markdown);
    assertTrue(markdown.contains("PERF-1"), markdown);
    String html = Files.readString(repo.resolve("reports/gate.html"));
    assertTrue(html.startsWith("<!DOCTYPE html>"), html.substring(0, 40));
    assertTrue(html.contains("render cache: 0 hits, 2 misses"), html);
    assertTrue(html.contains("<dt>Commit</dt><dd>unknown</dd>"), "not a Git checkout: " + html);
  }

  @Test
  void writes_the_report_without_output_to_stdout_and_the_others_to_files() throws Exception {
    Path repo = skeletonWithCatalog();
    Run r = run(repo, wiring(TestRepos.kustomize(), WIDGETS_HAVE_NO_SCHEMA),
        "--format", "sarif", "--output", "out/gate.sarif", "--format", "text", "overlays/kind");
    assertEquals(0, r.exit(), r.err());
    assertEquals("""
        overlays/kind: 3 objects, 0 errors, 0 warnings, 0 waived (profile kind)

        render cache: 0 hits, 1 miss
        PASSED: 1 target, 3 objects, 0 errors, 0 warnings, 0 waived in 0.0s
        """, r.stableOut());
    assertTrue(Files.readString(repo.resolve("out/gate.sarif")).contains("\"2.1.0\""));
  }

  @Test
  void exits_2_when_a_format_needs_the_requirement_catalog_and_it_is_missing() {
    Run r = runScenario("skeleton", WIDGETS_HAVE_NO_SCHEMA, "--format", "markdown",
        "overlays/kind");
    assertEquals(2, r.exit());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("gitops-validate: policies/requirements.yaml: not found under "),
        r.err());
  }

  // ---- the render cache ----

  /** Counts the kustomize processes a run starts. */
  static final class CountingRunner implements ProcessRunner {
    final java.util.concurrent.atomic.AtomicInteger kustomize =
        new java.util.concurrent.atomic.AtomicInteger();
    private final SystemProcessRunner real = new SystemProcessRunner();

    @Override
    public org.monitoringstack.gate.exec.ProcessResult run(
        org.monitoringstack.gate.exec.ProcessSpec spec) {
      if (spec.command().get(0).endsWith("kustomize")) {
        kustomize.incrementAndGet();
      }
      return real.run(spec);
    }
  }

  Run run(Path cwd, ProcessRunner runner, GateFactory.Wiring wiring, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new Main(Map.of(), cwd, new GateFactory(wiring, runner), false)
        .execute(out, err, args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void reports_cache_hits_and_runs_no_kustomize_when_nothing_changed() throws Exception {
    Path repo = TestRepos.copy("skeleton", tmp);
    GateFactory.Wiring wiring = wiring(TestRepos.kustomize(), WIDGETS_HAVE_NO_SCHEMA);
    CountingRunner cold = new CountingRunner();
    Run first = run(repo, cold, wiring);
    assertEquals(0, first.exit(), first.err());
    assertTrue(first.out().contains("\nrender cache: 0 hits, 4 misses\nPASSED: 4 targets"),
        first.out());
    // a cluster renders its folder and what it syncs: more builds than targets
    assertEquals(6, cold.kustomize.get());

    CountingRunner warm = new CountingRunner();
    Run second = run(repo, warm, wiring);
    assertEquals(first.stableOut().replace("0 hits, 4 misses", "4 hits, 0 misses"),
        second.stableOut());
    assertEquals(0, warm.kustomize.get(), "a second run with nothing changed runs no kustomize");

    // the production overlay's patch is read by overlays/production and by the cluster's stack
    Files.writeString(repo.resolve("overlays/production/app-annotations.yaml"), "\n# edited\n",
        java.nio.file.StandardOpenOption.APPEND);
    CountingRunner edited = new CountingRunner();
    Run third = run(repo, edited, wiring);
    assertTrue(third.out().contains("\nrender cache: 2 hits, 2 misses\n"), third.out());
    assertEquals(3, edited.kustomize.get(), "overlays/production, and prod-eu-west and its stack");
  }

  @Test
  void gives_the_same_verdict_and_uses_no_cache_when_run_with_no_cache() throws Exception {
    Path repo = TestRepos.copy("skeleton", tmp);
    SchemaValidator everyDeploymentUnknown = targets -> {
      Map<String, List<Finding>> out = new java.util.HashMap<>();
      for (RenderedTarget t : targets) {
        out.put(t.target().id(), t.resources().stream().filter(r -> r.is("Deployment"))
            .map(r -> Finding.of("schema.missing", Severity.ERROR, "", t.target().id(), r.ref(),
                r.source(), "no schema for apps/v1 Deployment", ""))
            .toList());
      }
      return out;
    };
    GateFactory.Wiring wiring = wiring(TestRepos.kustomize(), everyDeploymentUnknown);
    Run cached = run(repo, new CountingRunner(), wiring);
    assertEquals(1, cached.exit(), cached.err());
    assertTrue(cached.out().contains("\nrender cache: 0 hits, 4 misses\nFAILED: "), cached.out());

    CountingRunner uncached = new CountingRunner();
    Run noCache = run(repo, uncached, wiring, "--no-cache");
    assertEquals(1, noCache.exit(), noCache.err());
    assertEquals(cached.stableOut().replace("\n\nrender cache: 0 hits, 4 misses\n", "\n"),
        noCache.stableOut(), "the same findings and verdict, without the cache line");
    // every build twice: plainly, then with origins to locate the findings every target has
    assertEquals(12, uncached.kustomize.get(), "every target rendered, though the cache is warm");

    try (java.util.stream.Stream<Path> cache = Files.walk(repo.resolve(".cache"))) {
      cache.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    assertFalse(Files.exists(repo.resolve(".cache")));
    run(repo, new CountingRunner(), wiring, "--no-cache");
    assertFalse(Files.exists(repo.resolve(".cache/render")), "--no-cache writes no entry");
  }

  // ---- --changed-since ----

  private static void git(Path root, String... args) {
    List<String> argv = new java.util.ArrayList<>(List.of("git", "-c", "user.name=gate-test",
        "-c", "user.email=gate-test@example.invalid", "-c", "commit.gpgsign=false"));
    argv.addAll(List.of(args));
    org.monitoringstack.gate.exec.ProcessResult r = new SystemProcessRunner().run(
        org.monitoringstack.gate.exec.ProcessSpec.of(argv, java.time.Duration.ofSeconds(60))
            .inDirectory(root));
    assertEquals(0, r.exitCode(), String.join(" ", argv) + ": " + r.stderr());
  }

  private Path committedSkeleton() {
    Path repo = TestRepos.copy("skeleton", tmp);
    git(repo, "init", "-q");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "fixture");
    return repo;
  }

  @Test
  void names_the_commit_and_the_start_in_the_html_report_when_the_repository_is_a_checkout()
      throws Exception {
    Path repo = committedSkeleton();
    Files.createDirectories(repo.resolve("policies"));
    Files.copy(Path.of(MainTest.class.getResource("/fixtures/report/catalog.yaml").toURI()),
        repo.resolve("policies/requirements.yaml"));
    String head = new SystemProcessRunner().run(org.monitoringstack.gate.exec.ProcessSpec.of(
        List.of("git", "rev-parse", "HEAD"), java.time.Duration.ofSeconds(60)).inDirectory(repo))
        .stdout().strip();
    Run r = run(repo, wiring(TestRepos.kustomize(), WIDGETS_HAVE_NO_SCHEMA),
        "--format", "html", "--output", "gate.html", "overlays/kind");
    assertEquals(0, r.exit(), r.err());
    assertEquals("", r.out() + r.err());
    String html = Files.readString(repo.resolve("gate.html"));
    assertTrue(html.contains("<dt>Commit</dt><dd><code>" + head + "</code></dd>\n"), html);
    assertTrue(java.util.regex.Pattern.compile("<dt>Run started</dt><dd>\\d{4}-\\d\\d-\\d\\dT"
        + "\\d\\d:\\d\\d:\\d\\dZ</dd>\n<dt>Profiles</dt><dd>kind \\(1 target\\)</dd>")
        .matcher(html).find(), html);
  }

  @Test
  void validates_only_the_changed_cluster_when_one_of_its_files_changed() throws Exception {
    Path repo = committedSkeleton();
    Files.writeString(repo.resolve("clusters/prod-eu-west/stack/kustomization.yaml"),
        "\n# edited\n", java.nio.file.StandardOpenOption.APPEND);
    CountingRunner runner = new CountingRunner();
    Run r = run(repo, runner, wiring(TestRepos.kustomize(), WIDGETS_HAVE_NO_SCHEMA),
        "--changed-since", "HEAD");
    assertEquals(0, r.exit(), r.err());
    assertEquals("""
        clusters/prod-eu-west: 4 objects, 0 errors, 0 warnings, 0 waived (profile production)

        render cache: 0 hits, 1 miss
        changed since HEAD: 1 changed file; 1 target of 4 selected
          clusters/prod-eu-west: reads clusters/prod-eu-west/stack/kustomization.yaml
        PASSED: 1 target, 4 objects, 0 errors, 0 warnings, 0 waived in 0.0s
        """, r.stableOut());
    assertEquals("""
        changed since HEAD: 1 changed file; 1 target of 4 selected
          clusters/prod-eu-west: reads clusters/prod-eu-west/stack/kustomization.yaml
        """, r.err());
    assertEquals(2, runner.kustomize.get(), "the cluster folder and its stack, nothing else");
  }

  @Test
  void validates_every_target_when_a_file_of_the_validator_changed() throws Exception {
    Path repo = committedSkeleton();
    Files.writeString(repo.resolve("validator/toolchain.properties"), "\n# edited\n",
        java.nio.file.StandardOpenOption.APPEND);
    Run r = run(repo, wiring(TestRepos.kustomize(), WIDGETS_HAVE_NO_SCHEMA),
        "--changed-since", "HEAD", "--format", "json");
    assertEquals(0, r.exit(), r.err());
    JsonNode json = JsonMapper.builder().build().readTree(r.out());
    assertEquals(4, json.get("targets").size());
    assertEquals("[\"changed since HEAD: 1 changed file; every target of 4 selected: "
        + "validator/toolchain.properties is outside the manifests\"]",
        json.get("summary").get("notes").toString());
  }

  @Test
  void says_which_changed_files_no_target_reads_when_they_select_nothing() throws Exception {
    Path repo = committedSkeleton();
    Files.writeString(repo.resolve("base/app/app-service.yaml"), "kind: Service\n");
    Run r = run(repo, wiring(TestRepos.kustomize(), WIDGETS_HAVE_NO_SCHEMA),
        "--changed-since", "HEAD");
    assertEquals(0, r.exit(), r.err());
    assertEquals("""
        changed since HEAD: 1 changed file; 0 targets of 4 selected
          read by no target: base/app/app-service.yaml
        """, r.err());
  }

  @Test
  void intersects_with_the_given_paths_when_both_are_given() throws Exception {
    Path repo = committedSkeleton();
    Files.writeString(repo.resolve("clusters/prod-eu-west/stack/kustomization.yaml"),
        "\n# edited\n", java.nio.file.StandardOpenOption.APPEND);
    Run r = run(repo, wiring(TestRepos.kustomize(), WIDGETS_HAVE_NO_SCHEMA),
        "--changed-since", "HEAD", "overlays/kind");
    assertEquals(0, r.exit(), r.err());
    assertEquals("""

        changed since HEAD: 1 changed file; 0 targets of the 1 given selected
        PASSED: 0 targets, 0 objects, 0 errors, 0 warnings, 0 waived in 0.0s
        """, r.stableOut());
  }

  @Test
  void exits_2_with_gits_words_when_the_revision_is_unknown() {
    Path repo = committedSkeleton();
    Run r = run(repo, wiring(TestRepos.kustomize(), WIDGETS_HAVE_NO_SCHEMA),
        "--changed-since", "no-such-branch");
    assertEquals(2, r.exit());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("gitops-validate: `git diff --name-only --no-renames "
        + "--relative -z no-such-branch --` failed (exit 128): "), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  // ---- generate (the Argo CD plugin) with the skeleton ----

  @Test
  void prints_exactly_kustomizes_output_when_the_source_path_passes() throws Exception {
    Path repo = TestRepos.copy("skeleton", tmp);
    Path source = repo.resolve("clusters/prod-eu-west/stack");
    Run r = run(source, Map.of("ARGOCD_APP_SOURCE_PATH", "clusters/prod-eu-west/stack",
        "ARGOCD_APP_NAME", "stack"), wiring(TestRepos.kustomize(), WIDGETS_HAVE_NO_SCHEMA),
        "generate");
    assertEquals(0, r.exit(), r.err());
    assertEquals("", r.err());
    String plain = new SystemProcessRunner().run(org.monitoringstack.gate.exec.ProcessSpec.of(
        List.of(TestRepos.kustomize().toString(), "build", source.toString()),
        java.time.Duration.ofSeconds(60))).stdout();
    assertEquals(plain, r.out());
    assertFalse(r.out().contains("config.kubernetes.io/origin"), r.out());
  }

  @Test
  void prints_nothing_on_stdout_and_the_findings_on_stderr_when_the_target_fails()
      throws Exception {
    Path repo = TestRepos.copy("unknown_kind", tmp);
    Run r = run(repo.resolve("overlays/broken"), Map.of("ARGOCD_APP_SOURCE_PATH",
        "overlays/broken", "ARGOCD_APP_NAME", "broken", "ARGOCD_APP_REVISION", "0123abc"),
        wiring(TestRepos.kustomize(), WIDGETS_HAVE_NO_SCHEMA), "generate");
    assertEquals(1, r.exit(), r.err());
    assertEquals("", r.out());
    List<String> lines = r.err().lines().toList();
    assertEquals("gitops-validate generate: application broken, revision 0123abc, target "
        + "overlays/broken (profile production) does not pass; not generating manifests:",
        lines.get(0));
    assertTrue(lines.contains("base/app/app-configMap.yaml:1: [schema.missing] Widget/app: no "
        + "schema for example.com/v1 Widget (overlays/broken)"), r.err());
  }

  @Test
  void refuses_to_print_objects_the_gate_did_not_validate_when_the_folder_is_not_synced()
      throws Exception {
    Path repo = TestRepos.copy("skeleton", tmp);
    Path extra = Files.createDirectories(repo.resolve("clusters/prod-eu-west/extra"));
    Files.writeString(extra.resolve("kustomization.yaml"), "resources: [extra-configMap.yaml]\n");
    Files.writeString(extra.resolve("extra-configMap.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: unsynced\n");
    Run r = run(extra, Map.of("ARGOCD_APP_SOURCE_PATH", "clusters/prod-eu-west/extra"),
        wiring(TestRepos.kustomize(), WIDGETS_HAVE_NO_SCHEMA), "generate");
    assertEquals(2, r.exit(), r.out() + r.err());
    assertEquals("", r.out());
    assertEquals("gitops-validate: generate: ConfigMap/unsynced from clusters/prod-eu-west/extra "
        + "is not among the objects the gate validated for clusters/prod-eu-west: point the "
        + "Application at a target, or at a folder the cluster's Applications sync\n", r.err());
  }
}
