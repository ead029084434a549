package org.monitoringstack.gate.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.impact.KustomizeGraph;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.RenderedTarget;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.model.TargetInputs;

class CachingRendererTest {

  @TempDir Path tmp;
  private Path root;
  private Target prod;
  private Target alpha;
  private final AtomicInteger calls = new AtomicInteger();

  private static Path fixture(String name) {
    try {
      return Path.of(CachingRendererTest.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeEach
  void copyRepository() throws IOException {
    Path from = fixture("/fixtures/impact/mini-repo");
    root = tmp.resolve("repo");
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path dest = root.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
    }
    prod = new Target("overlays/prod", Target.Kind.OVERLAY, root.resolve("overlays/prod"));
    alpha = new Target("clusters/alpha", Target.Kind.CLUSTER, root.resolve("clusters/alpha"));
  }

  /** A delegate that counts its calls and renders one object whose body has every YAML type. */
  private RenderedTarget fakeRender(Target t) {
    calls.incrementAndGet();
    return sample(t, List.of());
  }

  private RenderedTarget sample(Target t, List<Finding> findings) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("apiVersion", "v1");
    body.put("kind", "ConfigMap");
    body.put("metadata", new LinkedHashMap<>(Map.of("name", "app-config", "namespace", "demo")));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("int", 42);
    data.put("long", 12345678901L);
    data.put("double", 0.5);
    data.put("bool", true);
    data.put("nothing", null);
    data.put("number-like string", "0123");
    data.put("bool-like string", "true");
    data.put("multi-line", "a: b\n- c\n");
    data.put("unicode", "監視スタック");
    data.put("list", new ArrayList<>(List.of(1, "two", Map.of("three", 3))));
    data.put("date", new Date(0));
    body.put("data", data);
    Resource r = new Resource(new ObjectRef("v1", "ConfigMap", "demo", "app-config"), body,
        new SourceLocation("base/app/kustomization.yaml", 8));
    return new RenderedTarget(t, List.of(r), findings);
  }

  private static Finding warning(Target t) {
    return Finding.of("render.kustomize", Severity.WARNING, "", t.id(), ObjectRef.NONE,
        new SourceLocation(t.id() + "/kustomization.yaml", 2), "a deprecated field", "use x");
  }

  private TargetInputs inputs(Target t) {
    return KustomizeGraph.of(root, List.of(t)).inputsOf(t);
  }

  private CachingRenderer renderer(String version, List<String> flags) {
    return new CachingRenderer(this::fakeRender, new RenderCache(root, version, flags),
        this::inputs);
  }

  /** Renders and returns how the cache took part. */
  private static RenderedTarget.Cache use(CachingRenderer r, Target t) {
    return r.render(t).cache();
  }

  private CachingRenderer renderer() {
    return renderer("v5.8.2", List.of("--load-restrictor=LoadRestrictionsNone"));
  }

  @Test
  void returns_the_stored_render_without_calling_kustomize_when_nothing_changed() {
    CachingRenderer caching = renderer();
    RenderedTarget first = caching.render(prod);
    RenderedTarget second = caching.render(prod);
    assertEquals(1, calls.get(), "the delegate renders once");
    assertEquals(RenderedTarget.Cache.MISS, first.cache());
    assertEquals(RenderedTarget.Cache.HIT, second.cache());
    assertEquals(first.withCache(RenderedTarget.Cache.HIT), second);
    // a new run (new cache object) still hits: the entry is on disk
    CachingRenderer next = renderer();
    assertEquals(second, next.render(prod));
    assertEquals(1, calls.get());
  }

  @Test
  void keeps_every_value_type_when_reading_an_entry_back() {
    RenderedTarget expected = sample(prod, List.of(warning(prod)));
    RenderedTarget back = RenderCache.decode(RenderCache.encode(expected), prod);
    assertEquals(expected, back);
    Map<?, ?> data = (Map<?, ?>) back.resources().get(0).body().get("data");
    assertEquals(Integer.class, data.get("int").getClass());
    assertEquals(Long.class, data.get("long").getClass());
    assertEquals("0123", data.get("number-like string"));
    assertEquals("true", data.get("bool-like string"));
    assertTrue(data.containsKey("nothing"));
  }

  @Test
  void stores_entries_in_the_git_ignored_cache_folder() throws IOException {
    CachingRenderer caching = renderer();
    caching.render(prod);
    try (Stream<Path> files = Files.list(root.resolve(".cache/render"))) {
      List<String> names = files.map(p -> p.getFileName().toString()).toList();
      assertEquals(1, names.size(), names.toString());
      assertTrue(names.get(0).matches("[0-9a-f]{64}"), names.get(0));
    }
  }

  @ParameterizedTest(name = "editing {0}")
  @CsvSource({
    "overlays/prod/kustomization.yaml",
    "overlays/prod/token.txt",
    "overlays/prod/replacements/app-port.yaml",
    "overlays/components/ha/web-replicas.yaml",
    "base/kustomization.yaml",
    "base/app/config/app.properties",
    "base/app/app.env",
    "base/web/web-deployment.yaml",
  })
  void renders_again_when_an_input_file_changes(String file) throws IOException {
    CachingRenderer caching = renderer();
    assertEquals(RenderedTarget.Cache.MISS, use(caching, prod));
    Files.writeString(root.resolve(file), "\n# edited\n", StandardOpenOption.APPEND);
    assertEquals(RenderedTarget.Cache.MISS, use(caching, prod));
    assertEquals(2, calls.get());
  }

  @ParameterizedTest(name = "creating {0}")
  @CsvSource({"overlays/prod/kustomization.yml", "base/app/Kustomization"})
  void renders_again_when_a_second_kustomization_file_appears(String file) throws IOException {
    CachingRenderer caching = renderer();
    caching.render(prod);
    Files.writeString(root.resolve(file), "kind: Kustomization\n");
    caching.render(prod);
    assertEquals(2, calls.get());
  }

  @ParameterizedTest(name = "editing {0}")
  @CsvSource({
    "base/unused/unused-configMap.yaml", "overlays/dev/app-replicas.yaml", "README.md",
    "clusters/alpha/stack/app-cluster.yaml",
  })
  void hits_when_a_file_outside_the_inputs_changes(String file) throws IOException {
    CachingRenderer caching = renderer();
    caching.render(prod);
    Files.writeString(root.resolve(file), "\n# edited\n", StandardOpenOption.APPEND);
    assertEquals(RenderedTarget.Cache.HIT, use(caching, prod));
    assertEquals(1, calls.get());
  }

  @Test
  void renders_again_when_a_file_is_added_to_a_cluster_folder() throws IOException {
    CachingRenderer caching = renderer();
    caching.render(alpha);
    caching.render(alpha);
    assertEquals(1, calls.get());
    Files.writeString(root.resolve("clusters/alpha/notes.yaml"), "a: 1\n");
    caching.render(alpha);
    assertEquals(2, calls.get());
  }

  @Test
  void renders_again_when_the_kustomize_version_changes() {
    renderer("v5.8.2", List.of()).render(prod);
    CachingRenderer newer = renderer("v5.8.3", List.of());
    assertEquals(RenderedTarget.Cache.MISS, use(newer, prod));
    assertEquals(2, calls.get());
  }

  @Test
  void renders_again_when_the_kustomize_flags_change() {
    renderer("v5.8.2", List.of()).render(prod);
    renderer("v5.8.2", List.of("--enable-helm")).render(prod);
    assertEquals(2, calls.get());
    RenderCache a = new RenderCache(root, "v5.8.2", List.of("--enable-helm"));
    RenderCache b = new RenderCache(root, "v5.8.2", List.of());
    assertNotEquals(a.key(inputs(prod)), b.key(inputs(prod)));
    assertEquals(a.key(inputs(prod)), a.key(inputs(prod)));
  }

  @Test
  void renders_again_and_repairs_the_entry_when_it_is_corrupt() throws IOException {
    CachingRenderer caching = renderer();
    caching.render(prod);
    Path entry;
    try (Stream<Path> files = Files.list(root.resolve(".cache/render"))) {
      entry = files.findFirst().orElseThrow();
    }
    Files.writeString(entry, "format: render-cache/2\nresources: [unclosed",
        StandardCharsets.UTF_8);
    caching.render(prod);
    assertEquals(2, calls.get());
    caching.render(prod);
    assertEquals(2, calls.get(), "the entry was rewritten");
  }

  @Test
  void renders_again_when_an_entry_was_edited_into_another_valid_render() throws IOException {
    CachingRenderer caching = renderer();
    RenderedTarget first = caching.render(prod);
    Path entry;
    try (Stream<Path> files = Files.list(root.resolve(".cache/render"))) {
      entry = files.findFirst().orElseThrow();
    }
    String text = Files.readString(entry, StandardCharsets.UTF_8);
    String edited = text.replace("int: 42", "int: 43");
    assertNotEquals(text, edited, "the edit changes the entry");
    Files.writeString(entry, edited, StandardCharsets.UTF_8);

    RenderedTarget second = caching.render(prod);
    assertEquals(RenderedTarget.Cache.MISS, second.cache());
    assertEquals(2, calls.get(), "kustomize ran again");
    assertEquals(first.resources(), second.resources());
  }

  @Test
  void stores_nothing_when_the_delegate_cannot_run() throws IOException {
    RenderCache cache = new RenderCache(root, "v5.8.2", List.of());
    CachingRenderer failing = new CachingRenderer(t -> {
      throw new ToolException("kustomize did not finish within 60 s and was stopped");
    }, cache, this::inputs);
    assertThrows(ToolException.class, () -> failing.render(prod));
    assertFalse(Files.exists(root.resolve(".cache/render"))
        && Files.list(root.resolve(".cache/render")).findAny().isPresent());
  }

  @Test
  void reads_an_entry_of_the_current_format_from_a_fixture() throws IOException {
    RenderedTarget r = RenderCache.decode(
        Files.readString(fixture("/fixtures/cache/entry-format-2.yaml")), prod);
    assertEquals(new ObjectRef("v1", "Service", "demo", "app"), r.resources().get(0).ref());
    assertEquals(new SourceLocation("base/app/app-service.yaml", 1),
        r.resources().get(0).source());
    assertEquals(Integer.valueOf(8080), r.resources().get(0).at("spec.ports.0.port").orElseThrow());
    assertEquals("10.0.0.1", r.resources().get(0).at("spec.clusterIP").orElseThrow());
    assertEquals(List.of("render.kustomize"),
        r.findings().stream().map(Finding::check).toList());
    assertEquals(Severity.WARNING, r.findings().get(0).severity());
  }

  @Test
  void rejects_an_entry_of_another_target() throws IOException {
    Target dev = new Target("overlays/dev", Target.Kind.OVERLAY, root.resolve("overlays/dev"));
    String text = Files.readString(fixture("/fixtures/cache/entry-format-2.yaml"));
    assertThrows(IllegalArgumentException.class, () -> RenderCache.decode(text, dev));
  }

  @Test
  void does_not_store_a_render_with_findings() {
    CachingRenderer caching = new CachingRenderer(t -> {
      calls.incrementAndGet();
      return new RenderedTarget(t, List.of(), List.of(warning(t)));
    }, new RenderCache(root, "v5.8.2", List.of()), this::inputs);
    assertEquals(RenderedTarget.Cache.MISS, use(caching, prod));
    assertEquals(RenderedTarget.Cache.MISS, use(caching, prod));
    assertEquals(2, calls.get(), "a failed render is rendered again");
  }

  @Test
  void never_caches_a_render_that_reads_a_remote_base() throws IOException {
    Path k = root.resolve("overlays/prod/kustomization.yaml");
    Files.writeString(k, Files.readString(k).replace("  - ../../base\n",
        "  - ../../base\n  - https://git.example.com/platform/bases.git//app?ref=v1\n"));
    assertFalse(inputs(prod).local());
    CachingRenderer caching = renderer();
    assertEquals(RenderedTarget.Cache.MISS, use(caching, prod));
    assertEquals(RenderedTarget.Cache.MISS, use(caching, prod));
    assertEquals(2, calls.get());
    assertTrue(new RenderCache(root, "v5.8.2", List.of()).key(inputs(prod)).isEmpty());
  }

  // ---- with the real kustomize (moved from the foundation's renderer test) ----

  @Test
  void reads_the_cache_with_source_locations_until_a_component_patch_changes() throws Exception {
    Path repo = TestRepos.copy("skeleton", tmp.resolve("skeleton"));
    Path kustomize = TestRepos.kustomize();
    AtomicInteger builds = new AtomicInteger();
    org.monitoringstack.gate.exec.ProcessRunner counting = spec -> {
      builds.incrementAndGet();
      return new org.monitoringstack.gate.exec.SystemProcessRunner().run(spec);
    };
    Target production = new Target("overlays/production", Target.Kind.OVERLAY,
        repo.resolve("overlays/production").toRealPath());
    java.util.function.Supplier<CachingRenderer> fresh = () -> new CachingRenderer(
        new KustomizeRenderer(repo, kustomize, counting, java.time.Duration.ofSeconds(60),
            tmp.resolve("work")),
        new RenderCache(repo, "v5.8.2", KustomizeRenderer.FLAGS),
        t -> KustomizeGraph.of(repo, List.of(t)).inputsOf(t));

    RenderedTarget first = fresh.get().render(production);
    RenderedTarget second = fresh.get().render(production);

    assertEquals(1, builds.get(), "the second run reads .cache/render/");
    assertEquals(RenderedTarget.Cache.HIT, second.cache());
    assertEquals(first.resources(), second.resources());
    assertEquals(first.resources().stream().map(Resource::source).toList(),
        second.resources().stream().map(Resource::source).toList());
    assertTrue(first.resources().stream().allMatch(r -> r.source().isKnown()));
    // a patch from the component changes: the cache key changes
    Files.writeString(repo.resolve("overlays/components/ha/app-replicas.yaml"),
        "- op: replace\n  path: /spec/replicas\n  value: 3\n");
    RenderedTarget third = fresh.get().render(production);
    assertEquals(2, builds.get());
    assertEquals(RenderedTarget.Cache.MISS, third.cache());
    assertEquals(3, third.resources().stream().filter(r -> r.is("Deployment")).findFirst()
        .orElseThrow().at("spec.replicas").orElseThrow());
  }
}
