package org.monitoringstack.gate.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.monitoringstack.gate.model.Target;

class TargetDiscoveryTest {

  @TempDir Path tmp;
  Path repo;
  TargetDiscovery discovery;

  @BeforeEach
  void setUp() {
    repo = TestRepos.copy("skeleton", tmp);
    discovery = new TargetDiscovery(repo);
  }

  @Test
  void finds_overlays_and_clusters_but_not_components_when_listing_all() {
    List<Target> all = discovery.all();
    assertEquals(List.of("overlays/kind", "overlays/production", "clusters/kind",
        "clusters/prod-eu-west"), all.stream().map(Target::id).toList());
    assertEquals(List.of(Target.Kind.OVERLAY, Target.Kind.OVERLAY, Target.Kind.CLUSTER,
        Target.Kind.CLUSTER), all.stream().map(Target::kind).toList());
  }

  @Test
  void skips_component_outside_components_folder_when_its_kind_is_component() throws Exception {
    Path extra = Files.createDirectories(repo.resolve("overlays/shared"));
    Files.writeString(extra.resolve("kustomization.yml"),
        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n");
    Path other = Files.createDirectories(repo.resolve("overlays/staging"));
    Files.writeString(other.resolve("Kustomization"), "resources:\n  - ../../base\n");
    assertEquals(List.of("overlays/kind", "overlays/production", "overlays/staging",
        "clusters/kind", "clusters/prod-eu-west"),
        discovery.all().stream().map(Target::id).toList());
  }

  @ParameterizedTest(name = "{0} selects {1}")
  @CsvSource({
    "overlays/production, overlays/production",
    "overlays/production/app-annotations.yaml, overlays/production",
    "clusters/prod-eu-west/stack, clusters/prod-eu-west",
    "clusters/kind/, clusters/kind"
  })
  void selects_the_target_when_path_is_inside_it(String path, String expected) {
    assertEquals(List.of(expected),
        discovery.select(List.of(path), repo).stream().map(Target::id).toList());
  }

  @Test
  void keeps_discovery_order_when_several_paths_are_given() {
    assertEquals(List.of("overlays/kind", "clusters/kind"), discovery.select(
        List.of("clusters/kind", "overlays/kind", "overlays/kind/kustomization.yaml"), repo)
        .stream().map(Target::id).toList());
  }

  @Test
  void refuses_a_path_that_is_in_no_target() {
    TargetSelectionException e = assertThrows(TargetSelectionException.class,
        () -> discovery.select(List.of("base/app"), repo));
    assertEquals("base/app: not a target: give a folder under overlays/ with a kustomization "
        + "(not a Component) or a folder under clusters/ (targets: overlays/kind, "
        + "overlays/production, clusters/kind, clusters/prod-eu-west)", e.getMessage());
  }

  @Test
  void names_the_folder_from_the_repository_root_when_the_working_directory_is_in_no_target() {
    TargetSelectionException e = assertThrows(TargetSelectionException.class,
        () -> discovery.select(List.of("."), repo.resolve("base/app")));
    assertEquals("base/app: not a target: give a folder under overlays/ with a kustomization "
        + "(not a Component) or a folder under clusters/ (targets: overlays/kind, "
        + "overlays/production, clusters/kind, clusters/prod-eu-west)", e.getMessage());
  }

  @Test
  void refuses_a_component_path() {
    assertThrows(TargetSelectionException.class,
        () -> discovery.select(List.of("overlays/components/ha"), repo));
  }

  @Test
  void refuses_a_path_that_does_not_exist() {
    TargetSelectionException e = assertThrows(TargetSelectionException.class,
        () -> discovery.select(List.of("overlays/nope"), repo));
    assertEquals("overlays/nope: no such file or directory", e.getMessage());
  }

  @Test
  void finds_nothing_when_repository_has_no_stack_folders() {
    assertEquals(List.of(), new TargetDiscovery(tmp.resolve("empty")).all());
  }
}
