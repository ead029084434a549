package org.monitoringstack.gate.impact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.model.TargetInputs;

class KustomizeGraphTest {

  /** The fixture repository (read-only: tests that change files copy it first). */
  static Path miniRepo() {
    try {
      return Path.of(KustomizeGraphTest.class.getResource("/fixtures/impact/mini-repo").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Target> targets(Path root) {
    return List.of(
        new Target("overlays/dev", Target.Kind.OVERLAY, root.resolve("overlays/dev")),
        new Target("overlays/prod", Target.Kind.OVERLAY, root.resolve("overlays/prod")),
        new Target("clusters/alpha", Target.Kind.CLUSTER, root.resolve("clusters/alpha")),
        new Target("clusters/beta", Target.Kind.CLUSTER, root.resolve("clusters/beta")));
  }

  static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
    }
    return to;
  }

  private static Set<String> existing(Path root, TargetInputs in) {
    return in.files().stream().filter(f -> Files.exists(root.resolve(f)))
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  private static TargetInputs inputs(String id) {
    Path root = miniRepo();
    KustomizeGraph graph = KustomizeGraph.of(root, targets(root));
    return graph.inputsOf(targets(root).stream().filter(t -> t.id().equals(id)).findFirst()
        .orElseThrow());
  }

  @Test
  void follows_resources_components_patches_replacements_and_generators_of_an_overlay() {
    TargetInputs prod = inputs("overlays/prod");
    assertEquals(Set.of(
        "overlays/prod/kustomization.yaml",
        "overlays/prod/app-image.json",
        "overlays/prod/replacements/app-port.yaml",
        "overlays/prod/token.txt",
        "overlays/components/ha/kustomization.yaml",
        "overlays/components/ha/web-replicas.yaml",
        "base/kustomization.yaml",
        "base/app/kustomization.yaml",
        "base/app/app-deployment.yaml",
        "base/app/app-service.yaml",
        "base/app/config/app.properties",
        "base/app/app.env",
        "base/web/kustomization.yaml",
        "base/web/web-deployment.yaml"), existing(miniRepo(), prod));
    assertEquals(Set.of(), prod.folders());
  }

  @Test
  void counts_every_kustomization_file_name_when_visiting_a_folder() {
    TargetInputs dev = inputs("overlays/dev");
    assertTrue(dev.reads("overlays/dev/kustomization.yml"));
    assertTrue(dev.reads("overlays/dev/Kustomization"));
    assertTrue(dev.reads("base/app/Kustomization"));
    assertFalse(dev.reads("base/web/kustomization.yaml"));
    assertFalse(dev.reads("base/kustomization.yaml"));
  }

  @Test
  void follows_argo_cd_application_paths_from_a_cluster_folder() {
    TargetInputs alpha = inputs("clusters/alpha");
    // fleet/: the ApplicationSets there may generate Applications for any cluster folder
    assertEquals(Set.of("clusters/alpha/", "example/crds/", "fleet/"), alpha.folders());
    assertTrue(alpha.reads("clusters/alpha/stack/app-cluster.yaml"));
    assertTrue(alpha.reads("overlays/prod/token.txt"));
    assertTrue(alpha.reads("base/web/web-deployment.yaml"));
    assertTrue(alpha.reads("clusters/alpha/new-file.yaml"));
    assertFalse(alpha.reads("overlays/dev/app-replicas.yaml"));
  }

  @Test
  void follows_flux_kustomization_paths_from_a_cluster_folder() {
    TargetInputs beta = inputs("clusters/beta");
    assertTrue(beta.reads("overlays/dev/app-replicas.yaml"));
    assertTrue(beta.reads("base/app/config/app.properties"));
    assertFalse(beta.reads("overlays/prod/kustomization.yaml"));
    assertFalse(beta.reads("base/web/web-deployment.yaml"));
  }

  @ParameterizedTest(name = "{0} is read by [{1}]")
  @CsvSource({
    "base/app/app.env, overlays/dev overlays/prod clusters/alpha clusters/beta",
    "base/web/web-deployment.yaml, overlays/prod clusters/alpha",
    "overlays/components/ha/web-replicas.yaml, overlays/prod clusters/alpha",
    "overlays/dev/app-replicas.yaml, overlays/dev clusters/beta",
    "clusters/beta/beta-sync.yaml, clusters/beta",
    "base/unused/unused-configMap.yaml, ''",
    "base/README.md, ''",
  })
  void lists_the_targets_reading_a_file(String path, String expected) {
    Path root = miniRepo();
    KustomizeGraph graph = KustomizeGraph.of(root, targets(root));
    assertEquals(expected.isEmpty() ? List.of() : List.of(expected.split(" ")),
        graph.targetsReading(path).stream().map(Target::id).toList());
  }

  @Test
  void counts_the_whole_folder_when_a_kustomization_cannot_be_parsed(@TempDir Path tmp)
      throws IOException {
    Path root = copy(miniRepo(), tmp.resolve("repo"));
    Files.writeString(root.resolve("overlays/dev/kustomization.yaml"), "resources: [unclosed\n");
    KustomizeGraph graph = KustomizeGraph.of(root, targets(root));
    TargetInputs dev = graph.inputsOf(targets(root).get(0));
    assertEquals(Set.of("overlays/dev/"), dev.folders());
    assertTrue(dev.reads("overlays/dev/anything.yaml"));
  }

  @Test
  void follows_flux_paths_into_folders_without_a_kustomization(@TempDir Path tmp)
      throws IOException {
    Path root = copy(miniRepo(), tmp.resolve("repo"));
    Files.createDirectories(root.resolve("plain"));
    Files.writeString(root.resolve("plain/a.yaml"), "kind: ConfigMap\n");
    Files.writeString(root.resolve("clusters/beta/beta-sync.yaml"),
        Files.readString(root.resolve("clusters/beta/beta-sync.yaml"))
            .replace("./overlays/dev", "./plain"));
    TargetInputs beta = KustomizeGraph.of(root, targets(root)).inputsOf(targets(root).get(3));
    assertTrue(beta.reads("plain/a.yaml"));
    assertTrue(beta.reads("plain/b.yaml"));
    assertFalse(beta.reads("overlays/dev/app-replicas.yaml"));
  }

  @Test
  void follows_helm_chart_values_and_generator_configurations(@TempDir Path tmp)
      throws IOException {
    Path root = tmp.resolve("repo");
    Files.createDirectories(root.resolve("overlays/x"));
    Files.writeString(root.resolve("overlays/x/kustomization.yaml"), """
        helmCharts:
          - name: demo
            valuesFile: values.yaml
            additionalValuesFiles: [more-values.yaml]
        generators: [gen.yaml]
        transformers: [../shared/labels.yaml]
        crds: [crd.yaml]
        configurations: [config.yaml]
        openapi:
          path: schema.json
        patchesJson6902:
          - target: {kind: Deployment, name: a}
            path: ops.yaml
        patchesStrategicMerge: [smp.yaml]
        resources: [https://example.com/remote.yaml]
        """);
    Files.writeString(root.resolve("overlays/x/gen.yaml"), """
        apiVersion: builtin
        kind: ConfigMapGenerator
        metadata: {name: g}
        files: [data/a.txt]
        """);
    Target x = new Target("overlays/x", Target.Kind.OVERLAY, root.resolve("overlays/x"));
    TargetInputs in = KustomizeGraph.of(root, List.of(x)).inputsOf(x);
    for (String f : List.of("values.yaml", "more-values.yaml", "gen.yaml", "data/a.txt",
        "crd.yaml", "config.yaml", "schema.json", "ops.yaml", "smp.yaml", "charts/demo/x")) {
      assertTrue(in.reads("overlays/x/" + f), f);
    }
    assertTrue(in.reads("overlays/shared/labels.yaml"));
    assertFalse(in.files().stream().anyMatch(f -> f.contains("remote")));
    // a remote resource and a Helm chart: the render reads something outside the repository
    assertTrue(in.external().contains("https://example.com/remote.yaml"), in.external().toString());
    assertTrue(in.external().contains("overlays/x/kustomization: helmCharts"),
        in.external().toString());
    assertFalse(in.local());
  }

  // ---- external inputs (moved from the foundation's render-input tests) ----

  @Test
  void has_only_local_inputs_when_every_reference_is_in_the_repository() {
    assertTrue(inputs("overlays/prod").local());
    assertTrue(inputs("clusters/alpha").local());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "https://git.example.com/platform/bases.git//app?ref=v1",
    "git.example.com/platform/bases//app?ref=v1",
    "git.example.com/platform/bases//app",
    "git@git.example.com:platform/bases.git",
  })
  void records_an_external_input_when_a_base_is_remote(String remote, @TempDir Path tmp)
      throws IOException {
    Path root = copy(miniRepo(), tmp.resolve("repo"));
    Files.writeString(root.resolve("overlays/dev/kustomization.yaml"),
        "resources:\n  - ../../base\n  - " + remote + "\n");
    Target dev = new Target("overlays/dev", Target.Kind.OVERLAY, root.resolve("overlays/dev"));
    TargetInputs in = KustomizeGraph.of(root, List.of(dev)).inputsOf(dev);
    assertEquals(Set.of(remote), in.external());
    assertTrue(in.reads("base/kustomization.yaml"), "the local base still counts");
  }

  @Test
  void records_an_external_input_when_a_file_outside_the_repository_is_read(@TempDir Path tmp)
      throws IOException {
    Path root = copy(miniRepo(), tmp.resolve("repo"));
    Files.writeString(tmp.resolve("outside.yaml"), "kind: ConfigMap\n");
    Files.writeString(root.resolve("overlays/dev/kustomization.yaml"),
        "resources:\n  - ../../base\n  - ../../../outside.yaml\n");
    Target dev = new Target("overlays/dev", Target.Kind.OVERLAY, root.resolve("overlays/dev"));
    TargetInputs in = KustomizeGraph.of(root, List.of(dev)).inputsOf(dev);
    assertEquals(Set.of("../../../outside.yaml"), in.external());
  }

  @Test
  void treats_a_local_folder_that_looks_like_a_host_as_local(@TempDir Path tmp)
      throws IOException {
    Path root = copy(miniRepo(), tmp.resolve("repo"));
    Files.createDirectories(root.resolve("overlays/dev/v1.2/x"));
    Files.writeString(root.resolve("overlays/dev/v1.2/x/kustomization.yaml"), "resources: []\n");
    Files.writeString(root.resolve("overlays/dev/kustomization.yaml"),
        "resources:\n  - ../../base\n  - v1.2/x\n");
    Target dev = new Target("overlays/dev", Target.Kind.OVERLAY, root.resolve("overlays/dev"));
    TargetInputs in = KustomizeGraph.of(root, List.of(dev)).inputsOf(dev);
    assertTrue(in.local(), in.external().toString());
    assertTrue(in.reads("overlays/dev/v1.2/x/kustomization.yaml"));
  }
}
