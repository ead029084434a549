package org.monitoringstack.gate.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.toolchain.ModuleFetcher;
import org.monitoringstack.gate.toolchain.Pins;

class SchemaCatalogTest {

  @TempDir Path root;
  final List<String> progress = new ArrayList<>();

  /** Serves the hand-written modules under fixtures/schema/modules instead of the Go cache. */
  static final class FixtureFetcher extends ModuleFetcher {
    final List<String> downloads = new ArrayList<>();

    FixtureFetcher() {
      super(spec -> {
        throw new AssertionError("no process may run");
      }, Map.of());
    }

    @Override
    public Path download(String module, String version) {
      downloads.add(module + "@" + version);
      return switch (module) {
        case "k8s.io/kubernetes" -> OpenApiConverterTest.MODULES.resolve("kubernetes");
        case "example.com/widgets" -> OpenApiConverterTest.MODULES.resolve("widgets");
        default -> throw new AssertionError("unexpected module " + module);
      };
    }
  }

  static Pins pins(String crdDir) {
    return new Pins(Map.of(), "k8s.io/kubernetes", "v1.35.4",
        "api/openapi-spec/v3",
        List.of(new Pins.CrdSource("widgets", "example.com/widgets", "v1.0.0", List.of(crdDir))));
  }

  static List<String> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  static Map<String, FileTime> modificationTimes(Path dir) throws IOException {
    Map<String, FileTime> times = new TreeMap<>();
    for (String file : files(dir)) {
      times.put(file, Files.getLastModifiedTime(dir.resolve(file)));
    }
    return times;
  }

  @Test
  void writes_kubeconform_layout_and_marker_when_cache_is_empty() throws IOException {
    Pins pins = pins("crds");

    SchemaCatalog.Catalog catalog =
        SchemaCatalog.ensure(root, pins, new FixtureFetcher(), progress::add);

    Path expectedDir = root.toAbsolutePath().resolve(".cache/schemas/" + pins.cacheKey());
    assertEquals(expectedDir, catalog.dir());
    assertTrue(catalog.generated());
    assertEquals(expectedDir + "/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json",
        catalog.locationTemplate());
    assertEquals(List.of(".complete", "example.com/widget_v1.json",
        "example.com/widget_v1alpha1.json", "gadgets.example.org/gadgetclass_v1.json",
        "other.example.com/gizmo_v2.json", "v1/gadget_v1.json"), files(catalog.dir()));
    assertEquals("generator=1\nschemas=5\nkubernetes=v1.35.4\n",
        Files.readString(catalog.dir().resolve(".complete")));
    assertEquals(List.of(pins.cacheKey()), files(root.resolve(".cache/schemas")).stream()
        .map(f -> f.substring(0, f.indexOf('/'))).distinct().toList(),
        "no temporary folder is left next to the catalog");
    assertEquals(OpenApiConverterTest.json(OpenApiConverterTest.OBJECT_META),
        OpenApiConverter.JSON.readTree(catalog.dir().resolve("example.com/widget_v1alpha1.json")
            .toFile()).get("properties").get("metadata"));
    assertEquals("converted 2 built-in and 3 custom resource schemas", progress.get(1));
  }

  @Test
  void does_no_generation_work_when_catalog_is_cached() throws IOException {
    Pins pins = pins("crds");
    FixtureFetcher fetcher = new FixtureFetcher();
    SchemaCatalog.Catalog first = SchemaCatalog.ensure(root, pins, fetcher, progress::add);
    Map<String, FileTime> before = modificationTimes(first.dir());
    int downloads = fetcher.downloads.size();
    progress.clear();

    SchemaCatalog.Catalog second = SchemaCatalog.ensure(root, pins, fetcher, progress::add);

    assertFalse(second.generated());
    assertEquals(first.dir(), second.dir());
    assertEquals(before, modificationTimes(second.dir()));
    assertEquals(downloads, fetcher.downloads.size(), "no module is fetched again");
    assertEquals(List.of(), progress);
  }

  @Test
  void reads_a_prebuilt_catalog_without_generating_when_one_is_baked_elsewhere()
      throws IOException {
    Pins pins = pins("crds");
    SchemaCatalog.Catalog generated = SchemaCatalog.ensure(root, pins, new FixtureFetcher(),
        progress::add);
    Path baked = generated.dir().getParent();
    SchemaCatalog.Catalog read = SchemaCatalog.prebuilt(baked, pins);
    assertFalse(read.generated());
    assertEquals(generated.dir(), read.dir());
    Path empty = Files.createDirectories(root.resolve("empty"));
    org.monitoringstack.gate.exec.ToolException e = assertThrows(
        org.monitoringstack.gate.exec.ToolException.class,
        () -> SchemaCatalog.prebuilt(empty, pins));
    assertTrue(e.getMessage().startsWith("no complete schema catalog for the pinned versions in "
        + empty.resolve(pins.cacheKey())), e.getMessage());
  }

  @Test
  void regenerates_when_catalog_was_made_by_another_generator_revision() throws IOException {
    Pins pins = pins("crds");
    SchemaCatalog.Catalog first = SchemaCatalog.ensure(root, pins, new FixtureFetcher(), s -> { });
    Files.writeString(first.dir().resolve(".complete"), "generator=0\n");

    SchemaCatalog.Catalog second = SchemaCatalog.ensure(root, pins, new FixtureFetcher(), s -> { });

    assertTrue(second.generated());
    assertTrue(Files.readString(second.dir().resolve(".complete")).startsWith("generator=1\n"));
  }

  @Test
  void uses_another_folder_when_a_schema_pin_changes() {
    SchemaCatalog.Catalog first =
        SchemaCatalog.ensure(root, pins("crds"), new FixtureFetcher(), s -> { });
    Pins bumped = new Pins(Map.of(), "k8s.io/kubernetes", "v1.35.5",
        "api/openapi-spec/v3", pins("crds").crds());

    SchemaCatalog.Catalog second = SchemaCatalog.ensure(root, bumped, new FixtureFetcher(), s -> { });

    assertTrue(second.generated());
    assertFalse(first.dir().equals(second.dir()));
  }

  @Test
  void names_the_pin_when_a_crd_folder_does_not_exist() throws IOException {
    ToolException e = assertThrows(ToolException.class,
        () -> SchemaCatalog.ensure(root, pins("config/crd"), new FixtureFetcher(), s -> { }));

    assertEquals("CRD source widgets: folder config/crd does not exist in example.com/widgets@v1.0.0"
        + " (check crd.widgets.dirs in validator/toolchain.properties)", e.getMessage());
    assertEquals(List.of(), files(root.resolve(".cache/schemas")), "nothing is left behind");
  }

  @Test
  void names_the_pin_when_a_crd_folder_holds_no_crd() throws IOException {
    ToolException e = assertThrows(ToolException.class,
        () -> SchemaCatalog.ensure(root, pins("kustomize-only"), new FixtureFetcher(), s -> { }));

    assertEquals("CRD source widgets: no CustomResourceDefinition with a schema in kustomize-only of"
        + " example.com/widgets@v1.0.0 (check crd.widgets.dirs in validator/toolchain.properties)",
        e.getMessage());
    assertEquals(List.of(), files(root.resolve(".cache/schemas")), "nothing is left behind");
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
      "v1, Service, v1/service_v1.json",
      "apps/v1, Deployment, apps/deployment_v1.json",
      "monitoring.coreos.com/v1, Prometheus, monitoring.coreos.com/prometheus_v1.json",
      "monitoring.coreos.com/v1alpha1, AlertmanagerConfig, monitoring.coreos.com/alertmanagerconfig_v1alpha1.json",
  })
  void lays_out_files_as_kubeconform_template_resolves_them(
      String apiVersion, String kind, String expected) {
    assertEquals(expected, SchemaCatalog.relativePath(apiVersion, kind));
  }
}
