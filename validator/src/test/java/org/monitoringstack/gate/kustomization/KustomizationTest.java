package org.monitoringstack.gate.kustomization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KustomizationTest {

  private static final Path FILE = Path.of("overlays/x/kustomization.yaml");

  private static final String FULL = """
      apiVersion: kustomize.config.k8s.io/v1beta1
      kind: Kustomization
      namespace: monitoring
      namePrefix: pre-
      nameSuffix: -suf
      resources:
        - ../../base
        - extra.yaml
      bases:
        - ../old
      components:
        - ../../components/tls
      patches:
        - path: prometheus-retention.yaml
          target:
            kind: Prometheus
            name: main
        - patch: |-
            - op: replace
              path: /spec/replicas
              value: 2
          target:
            kind: Deployment
      patchesStrategicMerge:
        - psm.yaml
        - |-
          kind: Service
          metadata:
            name: s
      patchesJson6902:
        - path: ops.yaml
          target:
            kind: Service
            name: s
      configMapGenerator:
        - name: dashboards
          files:
            - dash.json
            - key=renamed.json
          envs:
            - a.env
          env: b.env
      secretGenerator:
        - name: s
          files:
            - secret.txt
      replacements:
        - path: replacement.yaml
        - source:
            kind: ConfigMap
      crds:
        - crd.json
      configurations:
        - config.yaml
      generators:
        - gen.yaml
      transformers:
        - trans.yaml
      validators:
        - valid.yaml
      openapi:
        path: schema.json
      helmGlobals:
        chartHome: my-charts
      helmCharts:
        - name: grafana
          valuesFile: values.yaml
          additionalValuesFiles:
            - more.yaml
      images:
        - name: grafana/grafana
          newTag: 10.4.1
          digest: sha256:abc
      """;

  @Test
  void reads_every_field_with_its_line() throws Exception {
    Kustomization k = Kustomization.parse(FILE, FULL);
    assertEquals("Kustomization", k.kind());
    assertEquals("monitoring", k.namespace());
    assertEquals("pre-", k.namePrefix());
    assertEquals("-suf", k.nameSuffix());
    assertEquals(List.of(new Kustomization.Entry("../../base", 7),
        new Kustomization.Entry("extra.yaml", 8)), k.resources());
    assertEquals(List.of(new Kustomization.Entry("../old", 10)), k.bases());
    assertEquals(List.of(new Kustomization.Entry("../../components/tls", 12)), k.components());

    assertEquals(2, k.patches().size());
    Kustomization.Patch file = k.patches().get(0);
    assertEquals(new Kustomization.Entry("prometheus-retention.yaml", 14), file.path());
    assertNull(file.inline());
    assertEquals(Map.of("kind", "Prometheus", "name", "main"), file.target());
    Kustomization.Patch inline = k.patches().get(1);
    assertNull(inline.path());
    assertTrue(inline.inline().value().startsWith("- op: replace\n  path: /spec/replicas"));
    assertEquals(18, inline.inline().line());
    assertEquals(Map.of("kind", "Deployment"), inline.target());

    assertEquals(new Kustomization.Entry("psm.yaml", 25), k.patchesStrategicMerge().get(0).path());
    assertNull(k.patchesStrategicMerge().get(1).path());
    assertTrue(k.patchesStrategicMerge().get(1).inline().value().startsWith("kind: Service\n"));
    assertEquals(new Kustomization.Entry("ops.yaml", 31), k.patchesJson6902().get(0).path());
    assertEquals(Map.of("kind", "Service", "name", "s"), k.patchesJson6902().get(0).target());

    Kustomization.Generator cm = k.configMapGenerator().get(0);
    assertEquals(List.of(new Kustomization.Entry("dash.json", 38),
        new Kustomization.Entry("renamed.json", 39)), cm.files());
    assertEquals(List.of(new Kustomization.Entry("a.env", 41),
        new Kustomization.Entry("b.env", 42)), cm.envs());
    assertEquals(List.of(new Kustomization.Entry("secret.txt", 46)),
        k.secretGenerator().get(0).files());
    assertEquals(List.of(new Kustomization.Entry("replacement.yaml", 48)), k.replacements());

    assertEquals(List.of(new Kustomization.Entry("crd.json", 52)), k.crds());
    assertEquals(List.of(new Kustomization.Entry("config.yaml", 54)), k.configurations());
    assertEquals(List.of(new Kustomization.Entry("gen.yaml", 56)), k.generators());
    assertEquals(List.of(new Kustomization.Entry("trans.yaml", 58)), k.transformers());
    assertEquals(List.of(new Kustomization.Entry("valid.yaml", 60)), k.validators());
    assertEquals(new Kustomization.Entry("schema.json", 62), k.openapi());

    assertEquals("my-charts", k.helmChartHome());
    Kustomization.HelmChart chart = k.helmCharts().get(0);
    assertEquals("grafana", chart.name());
    assertEquals(new Kustomization.Entry("values.yaml", 67), chart.valuesFile());
    assertEquals(List.of(new Kustomization.Entry("more.yaml", 69)), chart.additionalValuesFiles());
    assertEquals(List.of(new Kustomization.Image("grafana/grafana", null, "10.4.1", "sha256:abc")),
        k.images());
  }

  @Test
  void missing_fields_are_empty_and_the_chart_home_defaults_to_charts() throws Exception {
    Kustomization k = Kustomization.parse(FILE, "resources: [a.yaml, 3, null]\n");
    assertEquals(List.of(new Kustomization.Entry("a.yaml", 1), new Kustomization.Entry("3", 1)),
        k.resources());
    assertTrue(k.patches().isEmpty() && k.configMapGenerator().isEmpty() && k.images().isEmpty());
    assertNull(k.openapi());
    assertNull(k.kind());
    assertEquals("charts", k.helmChartHome());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "duplicate key | 'resources: [a]\nresources: [b]\n' | duplicate key 'resources' | 2",
      "not YAML | 'resources: [a\n' | expected ',' or ']' | 2",
      "a list | '- a.yaml\n' | a kustomization is a mapping | 1",
      "two documents | 'resources: [a]\n---\nresources: [b]\n' | expected exactly one YAML | 1",
      "empty | '' | expected exactly one YAML document, found 0 | 1"})
  void a_malformed_file_is_one_message_with_its_line(String name, String text, String message,
      int line) {
    KustomizationException e = assertThrows(KustomizationException.class,
        () -> Kustomization.parse(FILE, text.replace("\\n", "\n")));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertEquals(line, e.line());
    assertEquals(FILE, e.file());
  }

  @Test
  void an_alias_bomb_is_refused() {
    StringBuilder bomb = new StringBuilder("a: &a [x, x]\n");
    for (int i = 0; i < 60; i++) {
      bomb.append("b").append(i).append(": &b").append(i).append(" [*a, *a]\n");
    }
    assertThrows(KustomizationException.class, () -> Kustomization.parse(FILE, bomb.toString()));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "https://example.invalid/org/repo//base?ref=v1, true",
      "git@example.invalid:org/repo.git, true",
      "example.invalid/org/repo//base, true",
      "../../base, false",
      "base/extra.yaml, false"})
  void a_remote_entry_is_known_by_its_form(String entry, boolean remote, @TempDir Path dir)
      throws Exception {
    Kustomization k = Kustomization.parse(dir.resolve("kustomization.yaml"),
        "resources:\n  - " + entry + "\n");
    assertEquals(new Kustomization.Entry(entry, 2), k.resources().get(0));
    assertEquals(remote, k.resources().get(0).isRemote(dir));
  }

  @Test
  void a_host_like_path_that_exists_here_is_local(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("example.invalid/org"));
    Kustomization.Entry e = new Kustomization.Entry("example.invalid/org", 1);
    assertFalse(e.isRemote(dir));
  }

  @Test
  void reads_the_kustomization_of_a_folder_in_kustomizes_order(@TempDir Path dir)
      throws Exception {
    assertTrue(Kustomization.readDir(dir).isEmpty());
    Files.writeString(dir.resolve("Kustomization"), "kind: Component\n");
    Files.writeString(dir.resolve("kustomization.yml"), "kind: Kustomization\n");
    Kustomization k = Kustomization.readDir(dir).orElseThrow();
    assertEquals(dir.resolve("kustomization.yml"), k.file());
    assertEquals("Kustomization", k.kind());
  }
}
