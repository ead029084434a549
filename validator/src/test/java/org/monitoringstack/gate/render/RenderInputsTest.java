package org.monitoringstack.gate.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RenderInputsTest {

  @TempDir Path tmp;

  @Test
  void lists_every_file_the_build_reads_when_following_bases_and_components() throws Exception {
    Path repo = TestRepos.copy("skeleton", tmp).toRealPath();
    List<String> files = new RenderInputs(repo).of(repo.resolve("overlays/production"))
        .orElseThrow().stream().map(p -> repo.relativize(p).toString()).toList();
    assertEquals(List.of(
        "base/app/app-deployment.yaml",
        "base/app/app-serviceAccount.yaml",
        "base/app/kustomization.yaml",
        "base/kustomization.yaml",
        "overlays/components/ha/app-replicas.yaml",
        "overlays/components/ha/kustomization.yaml",
        "overlays/production/app-annotations.yaml",
        "overlays/production/kustomization.yaml"), files);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "https://git.example.com/platform/bases.git//app?ref=v1",
    "git.example.com/platform/bases//app?ref=v1",
    "git@git.example.com:platform/bases.git"
  })
  void refuses_to_cache_when_a_base_is_remote(String remote) throws Exception {
    Path repo = TestRepos.copy("skeleton", tmp);
    Files.writeString(repo.resolve("overlays/kind/kustomization.yaml"),
        "resources:\n  - ../../base\n  - " + remote + "\n");
    assertTrue(new RenderInputs(repo).of(repo.resolve("overlays/kind")).isEmpty());
  }

  @Test
  void refuses_to_cache_when_a_file_outside_the_repository_is_read() throws Exception {
    Path repo = TestRepos.copy("skeleton", tmp);
    Files.writeString(tmp.resolve("outside.yaml"), "kind: ConfigMap\n");
    Files.writeString(repo.resolve("overlays/kind/kustomization.yaml"),
        "resources:\n  - ../../base\n  - ../../../outside.yaml\n");
    assertTrue(new RenderInputs(repo).of(repo.resolve("overlays/kind")).isEmpty());
  }
}
