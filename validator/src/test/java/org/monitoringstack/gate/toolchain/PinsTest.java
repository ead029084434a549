package org.monitoringstack.gate.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.monitoringstack.gate.exec.ToolException;

class PinsTest {

  static final Path FIXTURES = Path.of("src/test/resources/fixtures/toolchain/pins");

  @Test
  void reads_every_pin_when_file_is_complete() {
    Pins pins = Pins.load(FIXTURES.resolve("complete.properties"));

    assertEquals("sigs.k8s.io/kustomize/kustomize/v5", pins.kustomizeModule());
    assertEquals("v5.8.2", pins.kustomizeVersion());
    assertEquals("github.com/yannh/kubeconform/cmd/kubeconform", pins.kubeconformModule());
    assertEquals("v0.7.0", pins.kubeconformVersion());
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

    assertEquals("v5.8.2", pins.kustomizeVersion());
    assertEquals("v0.7.0", pins.kubeconformVersion());
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
      unknown_key.properties                | :2: unknown key kustomise.module (expected one of kustomize.module, kustomize.version, kubeconform.module, kubeconform.version, kubernetes.module, kubernetes.version, kubernetes.openapi.dir or crd.<name>.module/.version/.dirs)
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
    Pins otherKustomize = new Pins(pins.kustomizeModule(), "v5.9.0", pins.kubeconformModule(),
        "v0.8.0", pins.kubernetesModule(), pins.kubernetesVersion(), pins.kubernetesOpenapiDir(),
        pins.crds());
    Pins otherKubernetes = new Pins(pins.kustomizeModule(), pins.kustomizeVersion(),
        pins.kubeconformModule(), pins.kubeconformVersion(), pins.kubernetesModule(), "v1.35.5",
        pins.kubernetesOpenapiDir(), pins.crds());
    Pins otherCrd = new Pins(pins.kustomizeModule(), pins.kustomizeVersion(),
        pins.kubeconformModule(), pins.kubeconformVersion(), pins.kubernetesModule(),
        pins.kubernetesVersion(), pins.kubernetesOpenapiDir(),
        List.of(pins.crds().get(0), new Pins.CrdSource("velero", "github.com/vmware-tanzu/velero",
            "v1.18.4", pins.crds().get(1).dirs())));

    assertTrue(pins.cacheKey().matches("[0-9a-f]{12}"), pins.cacheKey());
    assertEquals(pins.cacheKey(), otherKustomize.cacheKey());
    assertNotEquals(pins.cacheKey(), otherKubernetes.cacheKey());
    assertNotEquals(pins.cacheKey(), otherCrd.cacheKey());
  }
}
