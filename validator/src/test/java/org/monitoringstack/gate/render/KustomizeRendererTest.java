package org.monitoringstack.gate.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.monitoringstack.gate.exec.ProcessResult;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.exec.ProcessSpec;
import org.monitoringstack.gate.exec.SystemProcessRunner;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.RenderedTarget;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.model.Target;

class KustomizeRendererTest {

  @TempDir Path tmp;
  Path work;

  @BeforeEach
  void setUp() {
    work = tmp.resolve("work");
  }

  /** A stub kustomize: answers by the target folder the wrapper lists, records every call. */
  static final class StubKustomize implements ProcessRunner {
    final List<List<String>> argv = new ArrayList<>();
    final List<String> wrappers = new ArrayList<>();
    final Function<String, ProcessResult> answer;

    StubKustomize(Function<String, ProcessResult> answer) {
      this.answer = answer;
    }

    @Override
    public synchronized ProcessResult run(ProcessSpec spec) {
      argv.add(spec.command());
      try {
        String wrapper = Files.readString(Path.of(spec.command().get(2), "kustomization.yaml"));
        wrappers.add(wrapper);
        String resource = wrapper.substring(wrapper.indexOf("  - '") + 5, wrapper.lastIndexOf('\''));
        return answer.apply(resource);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
  }

  static ProcessResult ok(String stdout) {
    return new ProcessResult(List.of("kustomize"), 0, stdout, "", Duration.ofMillis(5));
  }

  static ProcessResult failed(String stderr) {
    return new ProcessResult(List.of("kustomize"), 1, "", stderr, Duration.ofMillis(5));
  }

  private static Target overlay(Path repo, String id) {
    return new Target(id, Target.Kind.OVERLAY, repo.resolve(id));
  }

  @Test
  void runs_kustomize_build_on_a_wrapper_outside_the_repo_when_rendering() throws Exception {
    Path repo = TestRepos.copy("skeleton", tmp);
    StubKustomize stub = new StubKustomize(r -> ok(
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n"));
    KustomizeRenderer renderer =
        new KustomizeRenderer(repo, Path.of("/opt/kustomize"), stub, Duration.ofSeconds(9), work);

    RenderedTarget rendered = renderer.render(overlay(repo, "overlays/kind"));

    assertEquals(1, stub.argv.size());
    List<String> argv = stub.argv.get(0);
    assertEquals(List.of("/opt/kustomize", "build"), argv.subList(0, 2));
    assertTrue(Path.of(argv.get(2)).startsWith(work.toRealPath()), argv.toString());
    assertEquals(3, argv.size());
    String wrapper = stub.wrappers.get(0);
    assertTrue(wrapper.contains("buildMetadata: [originAnnotations]\n"), wrapper);
    assertTrue(wrapper.endsWith("resources:\n  - '../../skeleton/overlays/kind'\n"), wrapper);
    assertEquals(List.of(), rendered.findings());
    assertEquals(1, rendered.resources().size());
    try (var files = Files.list(work)) {
      assertEquals(0, files.count(), "the wrapper is deleted after the build");
    }
  }

  @Test
  void renders_synced_repo_paths_once_each_when_target_is_a_cluster() {
    Path repo = TestRepos.copy("skeleton", tmp);
    String apps = "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: crds\n"
        + "spec:\n  source:\n    path: example/prometheus-operator-crd-full\n---\n"
        + "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: stack\n"
        + "spec:\n  sources:\n  - path: clusters/prod-eu-west/stack\n  - path: ./clusters/prod-eu-west/stack\n";
    StubKustomize stub = new StubKustomize(r -> r.endsWith("clusters/prod-eu-west")
        ? ok(apps)
        : ok("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n"));
    KustomizeRenderer renderer =
        new KustomizeRenderer(repo, Path.of("kustomize"), stub, Duration.ofSeconds(9), work);

    RenderedTarget rendered = renderer.render(
        new Target("clusters/prod-eu-west", Target.Kind.CLUSTER, repo.resolve("clusters/prod-eu-west")));

    assertEquals(2, stub.argv.size(), "the cluster folder, then its stack once; the external path not");
    assertTrue(stub.wrappers.get(1).contains("clusters/prod-eu-west/stack'"), stub.wrappers.get(1));
    assertEquals(List.of("Application", "Application", "ServiceAccount"),
        rendered.resources().stream().map(Resource::kind).toList());
  }

  @Test
  void reports_render_kustomize_with_kustomizes_message_when_build_fails() {
    Path repo = TestRepos.copy("missing_file", tmp);
    StubKustomize stub = new StubKustomize(r -> failed(
        "Error: accumulating resources: accumulation err='accumulating resources from "
            + "'../../missing_file/overlays/broken': '" + repo + "/overlays/broken' must resolve "
            + "to a file': recursed accumulation of path '" + repo + "/overlays/broken': "
            + "accumulating resources: accumulation err='accumulating resources from "
            + "'app-networkPolicy.yaml': evalsymlink failure on '" + repo
            + "/overlays/broken/app-networkPolicy.yaml' : lstat " + repo
            + "/overlays/broken/app-networkPolicy.yaml: no such file or directory': must build "
            + "at directory: not a valid directory\n"));
    KustomizeRenderer renderer =
        new KustomizeRenderer(repo, Path.of("kustomize"), stub, Duration.ofSeconds(9), work);

    Finding f = renderer.render(overlay(repo, "overlays/broken")).findings().get(0);

    assertEquals("render.kustomize", f.check());
    assertEquals("accumulating resources from 'app-networkPolicy.yaml': no such file or directory",
        f.message());
    assertEquals(new SourceLocation("overlays/broken/kustomization.yaml", 5), f.location());
  }

  @Test
  void reports_render_empty_when_kustomize_prints_nothing() {
    Path repo = TestRepos.copy("empty_overlay", tmp);
    StubKustomize stub = new StubKustomize(r -> ok(""));
    KustomizeRenderer renderer =
        new KustomizeRenderer(repo, Path.of("kustomize"), stub, Duration.ofSeconds(9), work);

    RenderedTarget rendered = renderer.render(overlay(repo, "overlays/broken"));

    Finding f = rendered.findings().get(0);
    assertEquals("render.empty", f.check());
    assertEquals("kustomize rendered no objects", f.message());
    assertEquals(new SourceLocation("overlays/broken/kustomization.yaml", 1), f.location());
  }

  @Test
  void throws_tool_exception_naming_binary_status_and_stderr_when_it_fails_without_an_error() {
    Path repo = TestRepos.copy("skeleton", tmp);
    StubKustomize stub = new StubKustomize(r -> new ProcessResult(List.of("kustomize"), 3, "",
        "fatal: cannot allocate\n", Duration.ofMillis(5)));
    KustomizeRenderer renderer =
        new KustomizeRenderer(repo, Path.of("/opt/kz"), stub, Duration.ofSeconds(9), work);

    ToolException e = assertThrows(ToolException.class,
        () -> renderer.render(overlay(repo, "overlays/kind")));

    assertEquals("`/opt/kz build overlays/kind` failed without an error message (exit status 3,"
        + " stderr: fatal: cannot allocate); kustomize reports every problem of a kustomization"
        + " on a line `Error: ...`, so /opt/kz is not a working kustomize", e.getMessage());
  }

  @Test
  void says_stderr_is_empty_when_the_binary_fails_silently() {
    Path repo = TestRepos.copy("skeleton", tmp);
    StubKustomize stub = new StubKustomize(r -> new ProcessResult(List.of("kustomize"), 1, "",
        "", Duration.ofMillis(5)));
    KustomizeRenderer renderer =
        new KustomizeRenderer(repo, Path.of("/bin/false"), stub, Duration.ofSeconds(9), work);

    ToolException e = assertThrows(ToolException.class,
        () -> renderer.render(overlay(repo, "overlays/kind")));

    assertTrue(e.getMessage().startsWith("`/bin/false build overlays/kind` failed without an "
        + "error message (exit status 1, stderr: empty); "), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"hello: [\n", "hello\n"})
  void throws_tool_exception_when_kustomize_prints_what_is_not_yaml_manifests(String stdout) {
    Path repo = TestRepos.copy("skeleton", tmp);
    StubKustomize stub = new StubKustomize(r -> ok(stdout));
    KustomizeRenderer renderer =
        new KustomizeRenderer(repo, Path.of("/opt/kz"), stub, Duration.ofSeconds(9), work);

    ToolException e = assertThrows(ToolException.class,
        () -> renderer.render(overlay(repo, "overlays/kind")));

    assertTrue(e.getMessage().startsWith("`/opt/kz build overlays/kind` printed something that"
        + " is not YAML manifests: "), e.getMessage());
    assertTrue(e.getMessage().endsWith(" (exit status 0, stderr: empty); kustomize always prints"
        + " a YAML stream of objects, so /opt/kz is not a working kustomize"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"https://github.com/x/y//base", "github.com/x/y//base?ref=v1.0.0",
      "git@github.com:x/y.git//base"})
  void reports_render_remote_at_its_line_and_runs_no_kustomize_when_a_base_is_remote(
      String url) throws IOException {
    Path repo = TestRepos.copy("skeleton", tmp);
    Path kustomization = repo.resolve("overlays/kind/kustomization.yaml");
    Files.writeString(kustomization, Files.readString(kustomization)
        .replace("resources:\n", "resources:\n  - " + url + "\n"));
    StubKustomize stub = new StubKustomize(r -> {
      throw new AssertionError("kustomize must not run: it would fetch " + url);
    });
    KustomizeRenderer renderer =
        new KustomizeRenderer(repo, Path.of("kustomize"), stub, Duration.ofSeconds(9), work);

    RenderedTarget rendered = renderer.render(overlay(repo, "overlays/kind"));

    assertEquals(1, rendered.findings().size(), rendered.findings().toString());
    Finding f = rendered.findings().get(0);
    assertEquals("render.remote", f.check());
    assertEquals("remote base '" + url + "': the gate does not fetch remote bases (it reads "
        + "nothing from the web)", f.message());
    assertEquals(new SourceLocation("overlays/kind/kustomization.yaml", 4), f.location());
    assertEquals(List.of(), stub.argv);
  }

  @Test
  void renders_a_local_folder_whose_name_looks_like_a_host() throws IOException {
    Path repo = TestRepos.copy("skeleton", tmp);
    Files.createDirectories(repo.resolve("overlays/kind/extra.d/x"));
    Path kustomization = repo.resolve("overlays/kind/kustomization.yaml");
    Files.writeString(kustomization, Files.readString(kustomization)
        .replace("resources:\n", "resources:\n  - extra.d/x\n"));
    StubKustomize stub = new StubKustomize(r -> ok(
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n"));
    KustomizeRenderer renderer =
        new KustomizeRenderer(repo, Path.of("kustomize"), stub, Duration.ofSeconds(9), work);

    RenderedTarget rendered = renderer.render(overlay(repo, "overlays/kind"));

    assertEquals(List.of(), rendered.findings());
    assertEquals(1, stub.argv.size());
  }

  @Test
  void throws_tool_exception_when_kustomize_cannot_run() {
    Path repo = TestRepos.copy("skeleton", tmp);
    KustomizeRenderer renderer = new KustomizeRenderer(repo, tmp.resolve("no/kustomize"),
        new SystemProcessRunner(), Duration.ofSeconds(9), work);

    ToolException e = assertThrows(ToolException.class,
        () -> renderer.render(overlay(repo, "overlays/kind")));

    assertTrue(e.getMessage().startsWith("cannot run `" + tmp.resolve("no/kustomize") + " build "),
        e.getMessage());
  }

  @Test
  void reports_render_timeout_on_the_target_naming_the_largest_files_when_kustomize_hangs()
      throws Exception {
    Path repo = TestRepos.copy("skeleton", tmp);
    Files.writeString(repo.resolve("base/huge-configMap.yaml"), "apiVersion: v1\nkind: ConfigMap\n"
        + "metadata: {name: huge}\ndata:\n  blob: " + "x".repeat(2_000_000) + "\n");
    Path fake = tmp.resolve("kustomize");
    Files.writeString(fake, "#!/bin/sh\nsleep 30\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    KustomizeRenderer renderer = new KustomizeRenderer(
        repo, fake, new SystemProcessRunner(), Duration.ofMillis(500), work);

    long start = System.nanoTime();
    RenderedTarget r = renderer.render(overlay(repo, "overlays/kind"));

    assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
    assertEquals(1, r.findings().size(), r.findings().toString());
    Finding f = r.findings().get(0);
    assertEquals("render.timeout", f.check());
    assertEquals("overlays/kind", f.target());
    assertEquals("overlays/kind/kustomization.yaml", f.location().file());
    assertTrue(f.message().startsWith("kustomize build did not finish within 500ms and was"
        + " stopped; the largest YAML files of the repository: base/huge-configMap.yaml (2.0 MB)"),
        f.message());
  }

  // ---- with the real kustomize ----

  private RenderedTarget realRender(String scenario, String target, ProcessRunner runner) {
    Path repo = TestRepos.copy(scenario, tmp);
    return new KustomizeRenderer(repo, TestRepos.kustomize(), runner, Duration.ofSeconds(60), work)
        .render(overlay(repo, target));
  }

  @Test
  void gives_every_object_its_source_file_when_real_kustomize_renders() {
    RenderedTarget r = realRender("skeleton", "overlays/production", new SystemProcessRunner());
    assertEquals(List.of(), r.findings());
    Map<String, SourceLocation> sources = new java.util.TreeMap<>();
    r.resources().forEach(res -> sources.put(res.kind() + "/" + res.name(), res.source()));
    assertEquals(Map.of(
        "Deployment/app", new SourceLocation("base/app/app-deployment.yaml", 2),
        "ServiceAccount/app", new SourceLocation("base/app/app-serviceAccount.yaml", 1)), sources);
    Resource deployment = r.resources().stream().filter(x -> x.is("Deployment")).findFirst().get();
    assertEquals(2, deployment.at("spec.replicas").orElseThrow(), "the ha component applied");
    assertEquals(Map.of("example.com/tier", "production"),
        deployment.at("metadata.annotations").orElseThrow(), "origin annotation stripped");
  }

  @Test
  void points_at_the_generator_when_real_kustomize_generates_an_object() {
    RenderedTarget r = realRender("skeleton", "overlays/kind", new SystemProcessRunner());
    Resource cm = r.resources().stream().filter(x -> x.is("ConfigMap")).findFirst().orElseThrow();
    assertEquals(new SourceLocation("overlays/kind/kustomization.yaml", 6), cm.source());
  }

  @Test
  void reports_missing_file_at_its_kustomization_line_when_real_kustomize_fails() {
    RenderedTarget r = realRender("missing_file", "overlays/broken", new SystemProcessRunner());
    Finding f = r.findings().get(0);
    assertEquals("render.kustomize", f.check());
    assertEquals("accumulating resources from 'app-networkPolicy.yaml': no such file or directory",
        f.message());
    assertEquals(new SourceLocation("overlays/broken/kustomization.yaml", 5), f.location());
    assertTrue(r.resources().isEmpty());
  }

  /** Counts kustomize runs: YAML problems are found before kustomize is asked. */
  static final class Counting implements ProcessRunner {
    int runs;

    @Override
    public ProcessResult run(ProcessSpec spec) {
      runs++;
      return new SystemProcessRunner().run(spec);
    }
  }

  @Test
  void reports_render_yaml_with_file_and_line_when_a_base_is_malformed() {
    Counting runner = new Counting();
    Finding f = realRender("malformed_yaml", "overlays/broken", runner).findings().get(0);
    assertEquals("render.yaml", f.check());
    assertEquals(new SourceLocation("base/app/app-configMap.yaml", 7), f.location());
    assertEquals("while parsing a flow sequence: expected ',' or ']', but got : (column 7)",
        f.message());
    assertEquals(0, runner.runs);
  }

  @Test
  void reports_render_yaml_with_line_when_a_key_is_duplicated() {
    Counting runner = new Counting();
    Finding f = realRender("duplicate_keys", "overlays/broken", runner).findings().get(0);
    assertEquals("render.yaml", f.check());
    assertEquals(new SourceLocation("base/app/app-configMap.yaml", 7), f.location());
    assertEquals("while constructing a mapping: found duplicate key retention (column 3)",
        f.message());
    assertEquals(0, runner.runs, "kustomize would name neither file nor line");
  }

  @Test
  void refuses_alias_bomb_before_kustomize_expands_it() {
    Counting runner = new Counting();
    Finding f = realRender("alias_bomb", "overlays/broken", runner).findings().get(0);
    assertEquals("render.yaml", f.check());
    assertEquals(new SourceLocation("base/app/app-configMap.yaml", 6), f.location());
    assertTrue(f.message().startsWith("too many aliases"), f.message());
    assertEquals(0, runner.runs, "kustomize expands alias bombs into gigabytes");
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}: {1}")
  @org.junit.jupiter.params.provider.CsvSource({
    "overlays/broken, 'kustomize rendered no objects: the kustomization is empty'",
    "overlays/nothing, 'kustomize rendered no objects'"
  })
  void reports_render_empty_when_real_overlay_renders_nothing(String target, String message) {
    Finding f = realRender("empty_overlay", target, new SystemProcessRunner()).findings().get(0);
    assertEquals("render.empty", f.check());
    assertEquals(message, f.message());
    assertEquals(new SourceLocation(target + "/kustomization.yaml", 1), f.location());
  }

  @Test
  void runs_kustomize_every_time_and_writes_nothing_into_the_repository_when_rendering() {
    // caching is the CachingRenderer's job: the kustomize renderer alone never writes .cache/
    Path repo = TestRepos.copy("skeleton", tmp);
    Counting runner = new Counting();
    KustomizeRenderer renderer = new KustomizeRenderer(
        repo, TestRepos.kustomize(), runner, Duration.ofSeconds(60), work);
    renderer.render(overlay(repo, "overlays/kind"));
    renderer.render(overlay(repo, "overlays/kind"));
    assertEquals(2, runner.runs);
    assertTrue(Files.notExists(repo.resolve(".cache")));
  }

  @Test
  void builds_plainly_without_origin_annotations_when_asked_for_argo_cds_output()
      throws Exception {
    Path repo = TestRepos.copy("skeleton", tmp);
    KustomizeRenderer renderer = new KustomizeRenderer(
        repo, TestRepos.kustomize(), new SystemProcessRunner(), Duration.ofSeconds(60), work);
    String plain = renderer.buildPlain(repo.resolve("overlays/kind"));
    org.monitoringstack.gate.exec.ProcessResult direct = new SystemProcessRunner().run(
        org.monitoringstack.gate.exec.ProcessSpec.of(List.of(TestRepos.kustomize().toString(),
            "build", repo.resolve("overlays/kind").toString()), Duration.ofSeconds(60)));
    assertEquals(direct.stdout(), plain, "exactly kustomize's own output");
    assertTrue(plain.contains("kind: ServiceAccount"), plain);
    assertTrue(!plain.contains("config.kubernetes.io/origin"), plain);
    ToolException e = assertThrows(ToolException.class,
        () -> renderer.buildPlain(repo.resolve("base/app/app-deployment.yaml").getParent()
            .resolve("missing")));
    assertTrue(e.getMessage().startsWith("`kustomize build base/app/missing` failed (exit 1): "),
        e.getMessage());
  }

  @Test
  void reports_render_yaml_when_the_kustomization_itself_has_a_duplicate_key() throws Exception {
    Path repo = TestRepos.copy("skeleton", tmp);
    Files.writeString(repo.resolve("overlays/kind/kustomization.yaml"),
        "resources:\n  - ../../base\nresources:\n  - ../../base/app\n");
    Counting runner = new Counting();
    RenderedTarget r = new KustomizeRenderer(repo, TestRepos.kustomize(), runner,
        Duration.ofSeconds(60), work).render(overlay(repo, "overlays/kind"));
    Finding f = r.findings().get(0);
    assertEquals("render.yaml", f.check());
    assertEquals(new SourceLocation("overlays/kind/kustomization.yaml", 3), f.location());
    assertEquals(0, runner.runs);
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
      missing_patch        | 4 | trouble configuring builtin PatchTransformer with config: ` path: prometheus-retention.yaml `: failed to get the patch file from path(prometheus-retention.yaml): overlays/missing_patch/prometheus-retention.yaml: no such file or directory
      missing_component    | 4 | accumulating components: loader.New "must build at directory: not a valid directory: overlays/components/tls: no such file or directory"
      unknown_field        | 0 | invalid Kustomization: json: unknown field "resourcez"
      patch_does_not_apply | 0 | replace operation does not apply: doc is missing path: /spec/strategy/type: missing value
      duplicate_object     | 0 | accumulating resources from '../../base/app': recursed merging from path 'base/app': may not add resource with an already registered id: ServiceAccount.v1.[noGrp]/app.monitoring
      """)
  void reports_kustomizes_own_words_without_wrapping_when_a_build_fails(
      String overlay, int line, String message) {
    Finding f = realRender("kustomize_errors", "overlays/" + overlay, new SystemProcessRunner())
        .findings().get(0);
    assertEquals("render.kustomize", f.check());
    assertEquals(message, f.message());
    assertEquals(new SourceLocation("overlays/" + overlay + "/kustomization.yaml", line),
        f.location());
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"missing_patch", "missing_component",
      "unknown_field", "patch_does_not_apply", "duplicate_object"})
  void gives_the_located_finding_when_a_build_without_origins_fails(String overlay) {
    Path repo = TestRepos.copy("kustomize_errors", tmp);
    KustomizeRenderer located = new KustomizeRenderer(repo, TestRepos.kustomize(),
        new SystemProcessRunner(), Duration.ofSeconds(60), work);
    Target target = overlay(repo, "overlays/" + overlay);
    assertEquals(located.render(target).findings(), located.unlocated().render(target)
        .findings());
  }

  /**
   * The fast pass of the gate judges the objects of a plain {@code kustomize build}: for every
   * target of this repository they must be the objects of the located render, in its order, with
   * no source (but the fleet's: a generated Application names the ApplicationSet it comes from). (The checks use a source only to locate a finding; see {@code pipeline.Gate}.)
   */
  @Test
  void renders_the_same_objects_in_the_same_order_without_origins_for_every_repository_target() {
    Path repo = TestRepos.repositoryRoot();
    KustomizeRenderer located = new KustomizeRenderer(repo, TestRepos.kustomize(),
        new SystemProcessRunner(), Duration.ofSeconds(60), work);
    KustomizeRenderer plain = located.unlocated();
    List<Target> targets = new TargetDiscovery(repo).all();
    assertTrue(targets.size() >= 6, "targets: " + targets);
    for (Target target : targets) {
      RenderedTarget a = located.render(target);
      RenderedTarget b = plain.render(target);
      assertEquals(List.of(), a.findings(), target.id());
      assertEquals(List.of(), b.findings(), target.id());
      assertTrue(a.resources().size() > 0, target.id());
      assertEquals(a.resources().stream().map(Resource::ref).toList(),
          b.resources().stream().map(Resource::ref).toList(), target.id());
      assertEquals(a.resources().stream().map(Resource::body).toList(),
          b.resources().stream().map(Resource::body).toList(), target.id());
      // no source, except fleet/'s ApplicationSets and the Applications they generate
      for (int i = 0; i < a.resources().size(); i++) {
        Resource withOrigin = a.resources().get(i);
        Resource plainly = b.resources().get(i);
        assertEquals(withOrigin.source().file().startsWith("fleet/") ? withOrigin.source()
            : SourceLocation.UNKNOWN, plainly.source(), target.id() + " " + withOrigin.ref());
      }
      assertTrue(a.resources().stream().anyMatch(r -> !r.source().file().isEmpty()),
          target.id());
    }
  }

  @Test
  void keys_renders_without_origins_apart_from_located_ones() {
    KustomizeRenderer located = new KustomizeRenderer(tmp, Path.of("kustomize"),
        new SystemProcessRunner(), Duration.ofSeconds(9), work);
    assertEquals(KustomizeRenderer.FLAGS, located.flags());
    assertNotEquals(located.flags(), located.unlocated().flags());
  }

  @Test
  void reports_an_entry_outside_the_repository_at_its_line_without_running_kustomize()
      throws Exception {
    Path repo = TestRepos.copy("skeleton", tmp);
    Path outside = Files.writeString(tmp.resolve("outside.yaml"), "kind: ConfigMap\n");
    String entry = repo.resolve("overlays/kind").relativize(outside).toString();
    Files.writeString(repo.resolve("overlays/kind/kustomization.yaml"),
        "resources:\n  - ../../base\n  - " + entry + "\n");
    Counting runner = new Counting();
    RenderedTarget r = new KustomizeRenderer(repo, TestRepos.kustomize(), runner,
        Duration.ofSeconds(60), work).unlocated().render(overlay(repo, "overlays/kind"));
    Finding f = r.findings().get(0);
    assertEquals("render.kustomize", f.check());
    assertEquals(new SourceLocation("overlays/kind/kustomization.yaml", 3), f.location());
    assertEquals("'" + entry + "' is outside the repository (" + outside.toRealPath()
        + "): a kustomization may use only files of this repository, which is all Argo CD and"
        + " Flux sync", f.message());
    assertEquals("move the file into the repository and list it by its path there", f.hint());
    assertEquals(0, runner.runs);
  }

  @Test
  void reports_a_symlink_back_into_the_kustomization_as_a_cycle_at_its_line() throws Exception {
    Path repo = TestRepos.copy("skeleton", tmp);
    Files.createDirectories(repo.resolve("overlays/kind/sub"));
    Files.createSymbolicLink(repo.resolve("overlays/kind/sub/back"), Path.of(".."));
    Files.writeString(repo.resolve("overlays/kind/kustomization.yaml"),
        "resources:\n  - ../../base\n  - sub/back\n");
    Counting runner = new Counting();
    RenderedTarget r = new KustomizeRenderer(repo, TestRepos.kustomize(), runner,
        Duration.ofSeconds(60), work).render(overlay(repo, "overlays/kind"));
    Finding f = r.findings().get(0);
    assertEquals("render.kustomize", f.check());
    assertEquals(new SourceLocation("overlays/kind/kustomization.yaml", 3), f.location());
    assertEquals("'sub/back' leads back to overlays/kind, whose kustomization includes this one:"
        + " a cycle kustomize cannot build", f.message());
    assertEquals(0, runner.runs);
  }

  @Test
  void keeps_a_component_two_folders_share_when_scanning_for_cycles() throws Exception {
    // two folders of the target use one component: reached twice, but not from itself
    Path repo = TestRepos.copy("skeleton", tmp);
    Files.createDirectories(repo.resolve("overlays/shared-label"));
    Files.writeString(repo.resolve("overlays/shared-label/kustomization.yaml"), """
        apiVersion: kustomize.config.k8s.io/v1alpha1
        kind: Component
        labels:
          - pairs: {team: platform}
        """);
    for (String extra : List.of("one", "two")) {
      Files.createDirectories(repo.resolve("overlays/kind/" + extra));
      Files.writeString(repo.resolve("overlays/kind/" + extra + "/configMap.yaml"),
          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + extra + "\n");
      Files.writeString(repo.resolve("overlays/kind/" + extra + "/kustomization.yaml"),
          "resources:\n  - configMap.yaml\ncomponents:\n  - ../../shared-label\n");
    }
    Files.writeString(repo.resolve("overlays/kind/kustomization.yaml"),
        "resources:\n  - ../../base/app\n  - one\n  - two\n");
    RenderedTarget r = new KustomizeRenderer(repo, TestRepos.kustomize(),
        new SystemProcessRunner(), Duration.ofSeconds(60), work)
        .render(overlay(repo, "overlays/kind"));
    assertEquals(List.of(), r.findings());
    assertEquals(List.of("one", "two"), r.resources().stream()
        .filter(x -> x.is("ConfigMap")).map(Resource::name).sorted().toList());
  }

  @Test
  void reports_an_empty_kustomization_at_its_first_line() throws Exception {
    Path repo = TestRepos.copy("skeleton", tmp);
    Files.writeString(repo.resolve("overlays/kind/kustomization.yaml"), "");
    KustomizeRenderer located = new KustomizeRenderer(repo, TestRepos.kustomize(),
        new SystemProcessRunner(), Duration.ofSeconds(60), work);
    for (KustomizeRenderer r : List.of(located, located.unlocated())) {
      Finding f = r.render(overlay(repo, "overlays/kind")).findings().get(0);
      assertEquals("render.empty", f.check());
      assertEquals(new SourceLocation("overlays/kind/kustomization.yaml", 1), f.location());
      assertEquals("kustomize rendered no objects: the kustomization is empty", f.message());
    }
  }

  @Test
  void reports_a_key_missing_from_the_values_a_replacement_reads_at_the_values_file()
      throws Exception {
    Path repo = TestRepos.copy("skeleton", tmp);
    Files.createDirectories(repo.resolve("overlays/components/values"));
    Files.writeString(repo.resolve("overlays/components/values/kustomization.yaml"), """
        apiVersion: kustomize.config.k8s.io/v1alpha1
        kind: Component
        replacements:
          - source: {kind: ConfigMap, name: cluster-values, fieldPath: data.cluster}
            targets:
              - select: {kind: ServiceAccount, name: app}
                fieldPaths: [metadata.labels.cluster]
                options: {create: true}
        """);
    Files.writeString(repo.resolve("overlays/kind/values.yaml"), """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: cluster-values
          annotations:
            config.kubernetes.io/local-config: "true"
        data:
          clustr: kind-1
        """);
    Files.writeString(repo.resolve("overlays/kind/kustomization.yaml"),
        "resources:\n  - ../../base\n  - values.yaml\ncomponents:\n"
            + "  - ../components/values\n");
    KustomizeRenderer located = new KustomizeRenderer(repo, TestRepos.kustomize(),
        new SystemProcessRunner(), Duration.ofSeconds(60), work);
    for (KustomizeRenderer r : List.of(located, located.unlocated())) {
      Finding f = r.render(overlay(repo, "overlays/kind")).findings().get(0);
      assertEquals("render.kustomize", f.check());
      assertEquals(new SourceLocation("overlays/kind/values.yaml", 7), f.location());
      assertEquals("ConfigMap/cluster-values has no data.cluster, which the replacement in "
          + "overlays/components/values/kustomization.yaml:4 reads; expected the key in this file"
          + " (is it misspelled?)", f.message());
    }
    Files.writeString(repo.resolve("overlays/kind/values.yaml"), Files.readString(
        repo.resolve("overlays/kind/values.yaml")).replace("clustr:", "cluster:"));
    assertEquals(List.of(), located.render(overlay(repo, "overlays/kind")).findings());
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
      a list     | '- just a list\n'                 | missing Resource metadata
      no kind    | 'apiVersion: v1\ndata:\n  a: b\n' | missing kind
      """)
  void reports_a_resource_file_that_is_not_objects_at_its_first_line(String name, String text,
      String reason) throws Exception {
    Path repo = TestRepos.copy("skeleton", tmp);
    Files.writeString(repo.resolve("overlays/kind/values.yaml"), text.replace("\\n", "\n"));
    Files.writeString(repo.resolve("overlays/kind/kustomization.yaml"),
        "resources:\n  - ../../base\n  - values.yaml\n");
    KustomizeRenderer located = new KustomizeRenderer(repo, TestRepos.kustomize(),
        new SystemProcessRunner(), Duration.ofSeconds(60), work);
    for (KustomizeRenderer r : List.of(located, located.unlocated())) {
      Finding f = r.render(overlay(repo, "overlays/kind")).findings().get(0);
      assertEquals("render.kustomize", f.check());
      assertEquals(new SourceLocation("overlays/kind/values.yaml", 1), f.location());
      assertEquals("'values.yaml' is not a list of Kubernetes objects kustomize can read: "
          + reason + " (each document needs apiVersion, kind and metadata.name)", f.message());
    }
  }
}
