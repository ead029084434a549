package org.monitoringstack.gate.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.monitoringstack.gate.exec.ToolException;

class PinsTest {

  static final Path FIXTURES = Path.of("src/test/resources/fixtures/toolchain/pins");

  @Test
  void reads_every_pin_when_file_is_complete() {
    Pins pins = Pins.load(FIXTURES.resolve("complete.properties"));

    assertEquals(new Pins.ToolPin("kustomize", "sigs.k8s.io/kustomize/kustomize/v5",
        "sigs.k8s.io/kustomize/kustomize/v5", "v5.8.2", Optional.empty(), List.of("version"), "",
        ""), pins.tool("kustomize"));
    assertEquals(new Pins.ToolPin("kubeconform", "github.com/yannh/kubeconform/cmd/kubeconform",
        "github.com/yannh/kubeconform/cmd/kubeconform", "v0.7.0", Optional.empty(),
        List.of("-v"), "", ""), pins.tool("kubeconform"));
    assertEquals(new Pins.ToolPin("amtool", "github.com/prometheus/alertmanager/cmd/amtool",
        "github.com/prometheus/alertmanager/cmd/amtool", "v0.34.1", Optional.empty(),
        List.of("--version"), "", "about 1 min the first time"), pins.tool("amtool"));
    assertEquals(new Pins.ToolPin("promtool", "github.com/prometheus/prometheus/cmd/promtool",
        "github.com/prometheus/prometheus", "v0.314.0",
        Optional.of(FIXTURES.resolve("wrapper").toAbsolutePath().normalize()),
        List.of("--version"), "-X github.com/prometheus/common/version.Version={release}", ""),
        pins.tool("promtool"));
    assertEquals("v3.14.0", pins.tool("promtool").release());
    assertEquals("-X github.com/prometheus/common/version.Version=3.14.0",
        pins.tool("promtool").resolvedLdflags());
    assertEquals("PROMTOOL_BIN", pins.tool("promtool").overrideVariable());
    assertEquals("k8s.io/kubernetes", pins.kubernetesModule());
    assertEquals("v1.35.4", pins.kubernetesVersion());
    assertEquals("api/openapi-spec/v3", pins.kubernetesOpenapiDir());
    assertEquals(
        List.of(
            new Pins.CrdSource("prometheus-operator",
                "github.com/prometheus-operator/prometheus-operator", "v0.94.1",
                List.of("example/prometheus-operator-crd-full")),
            new Pins.CrdSource("velero", "github.com/vmware-tanzu/velero", "v1.18.3",
                List.of("config/crd/v1/bases", "config/crd/v2alpha1/bases"))),
        pins.crds());
  }

  @Test
  void reads_the_repository_pins_when_loaded_from_the_validator_folder() {
    Pins pins = Pins.load(Path.of("toolchain.properties"));

    assertEquals("v5.8.2", pins.tool("kustomize").version());
    assertEquals("v0.7.0", pins.tool("kubeconform").version());
    assertTrue(pins.crds().stream().anyMatch(c -> c.name().equals("prometheus-operator")
        && c.dirs().equals(List.of("example/prometheus-operator-crd-full"))));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      missing_crd_version.properties        | :14: missing key crd.velero.version (CRD source velero is declared on this line)
      missing_kubernetes_version.properties | :7: missing key kubernetes.version (the kubernetes pins start on this line)
      missing_kustomize_pins.properties     | : missing key kustomize.module
      version_without_v.properties          | :5: kubeconform.version must be a version like v1.2.3, was "0.7.0"
      malformed_line.properties             | :9: malformed line "kubernetes.openapi.dir api/openapi-spec/v3": expected key=value
      duplicate_key.properties              | :17: kustomize.version is set twice (first on line 3)
      dir_outside_module.properties         | :16: crd.velero.dirs must list relative folders inside the module, separated by commas, was "../outside"
      empty_value.properties                | :3: kustomize.version has no value
      unknown_key.properties                | :2: unknown key kustomize.mdule (expected <tool>.module/.version, <tool>.package/.wrapper, <tool>.probe/.ldflags/.about, kubernetes.module/.version/.openapi.dir or crd.<name>.module/.version/.dirs)
      """)
  void names_file_key_and_line_when_pins_are_malformed(String fixture, String expected) {
    Path file = FIXTURES.resolve(fixture);

    ToolException e = assertThrows(ToolException.class, () -> Pins.load(file));

    assertEquals(file + expected, e.getMessage());
  }

  @Test
  void says_the_file_is_missing_when_it_does_not_exist() {
    Path file = FIXTURES.resolve("nope.properties");

    ToolException e = assertThrows(ToolException.class, () -> Pins.load(file));

    assertEquals(file + ": the toolchain pins file does not exist", e.getMessage());
  }

  @Test
  void changes_cache_key_when_a_schema_pin_changes_but_not_a_tool_pin() {
    Pins pins = Pins.load(FIXTURES.resolve("complete.properties"));
    Pins otherKustomize = new Pins(Map.of(), pins.kubernetesModule(), pins.kubernetesVersion(),
        pins.kubernetesOpenapiDir(), pins.crds());
    Pins otherKubernetes = new Pins(pins.tools(), pins.kubernetesModule(), "v1.35.5",
        pins.kubernetesOpenapiDir(), pins.crds());
    Pins otherCrd = new Pins(pins.tools(), pins.kubernetesModule(), pins.kubernetesVersion(),
        pins.kubernetesOpenapiDir(),
        List.of(pins.crds().get(0), new Pins.CrdSource("velero", "github.com/vmware-tanzu/velero",
            "v1.18.4", pins.crds().get(1).dirs())));

    assertTrue(pins.cacheKey().matches("[0-9a-f]{12}"), pins.cacheKey());
    assertEquals(pins.cacheKey(), otherKustomize.cacheKey());
    assertNotEquals(pins.cacheKey(), otherKubernetes.cacheKey());
    assertNotEquals(pins.cacheKey(), otherCrd.cacheKey());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      amtool.module=x/cmd/amtool                                   | :1: missing key amtool.version (tool amtool is declared on this line; pin a tool with amtool.module and amtool.version, or with amtool.package and amtool.wrapper)
      promtool.package=x/cmd/promtool                              | :1: missing key promtool.wrapper (tool promtool is declared on this line; pin a tool with promtool.module and promtool.version, or with promtool.package and promtool.wrapper)
      promtool.about=slow                                          | :1: missing key promtool.module (tool promtool is declared on this line; pin a tool with promtool.module and promtool.version, or with promtool.package and promtool.wrapper)
      promtool.package=github.com/prometheus/prometheus/cmd/promtool | :2: promtool.wrapper must be a folder inside validator/, was "../elsewhere"
      promtool.package=example.org/other/cmd/x                     | :2: TOOLDIR/wrapper/go.mod requires no module that holds example.org/other/cmd/x: add `require <module> <version>` for it
      """)
  void names_the_line_when_a_tool_pin_is_incomplete(String firstLine, String expected)
      throws java.io.IOException {
    Path dir = java.nio.file.Files.createTempDirectory("pins");
    Path file = dir.resolve("toolchain.properties");
    String wrapper = firstLine.contains("prometheus/cmd") ? "../elsewhere" : "wrapper";
    String second = firstLine.contains("prometheus/cmd") || firstLine.contains("example.org") ? "promtool.wrapper=" + wrapper + "\n" : "";
    java.nio.file.Files.createDirectories(dir.resolve("wrapper"));
    java.nio.file.Files.copy(FIXTURES.resolve("wrapper/go.mod"), dir.resolve("wrapper/go.mod"));
    java.nio.file.Files.writeString(file, firstLine + "\n" + second
        + java.nio.file.Files.readString(FIXTURES.resolve("complete.properties"))
            .replaceAll("(?m)^(amtool|promtool)\\..*$", ""));

    ToolException e = assertThrows(ToolException.class, () -> Pins.load(file));

    assertEquals(file + expected.replace("TOOLDIR", dir.toString()), e.getMessage());
  }

  @Test
  void refuses_both_forms_for_one_tool() throws java.io.IOException {
    Path dir = java.nio.file.Files.createTempDirectory("pins");
    Path file = dir.resolve("toolchain.properties");
    java.nio.file.Files.writeString(file, java.nio.file.Files.readString(
        FIXTURES.resolve("complete.properties")).replaceAll("(?m)^(amtool|promtool)\\..*$", "")
        + "\namtool.module=a/cmd/amtool\namtool.version=v0.34.1\namtool.wrapper=w\namtool.package=a/cmd/amtool\n");

    ToolException e = assertThrows(ToolException.class, () -> Pins.load(file));

    assertTrue(e.getMessage().endsWith(": amtool.module cannot be combined with amtool.package"
        + " and amtool.wrapper (a tool is pinned by module and version, or by package and wrapper"
        + " module)"), e.getMessage());
  }

  @Test
  void says_how_to_pin_a_tool_that_is_not_pinned() {
    Pins pins = Pins.load(FIXTURES.resolve("complete.properties"));

    ToolException e = assertThrows(ToolException.class, () -> pins.tool("etcd"));

    assertEquals("etcd is not pinned in validator/toolchain.properties (add etcd.module and"
        + " etcd.version, or etcd.package and etcd.wrapper)", e.getMessage());
  }

  @ParameterizedTest(name = "{0} {1} is release {2}")
  @CsvSource({
      "github.com/prometheus/prometheus, v0.314.0, v3.14.0",
      "github.com/prometheus/prometheus, v0.305.2, v3.5.2",
      "github.com/prometheus/alertmanager/cmd/amtool, v0.34.1, v0.34.1",
      "sigs.k8s.io/kustomize/kustomize/v5, v5.8.2, v5.8.2"})
  void maps_a_module_version_to_the_image_release(String module, String version, String release) {
    assertEquals(release, Pins.release(module, version));
  }
}
