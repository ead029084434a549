package org.monitoringstack.gate.mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.policy.ParsedYaml;

class RepositoryCopyTest {

  /** A small repository: the locator fixtures (base, overlays/prod, components, clusters). */
  static final Path MINI = Path.of("src/test/resources/fixtures/policy/locator/repo")
      .toAbsolutePath();

  @TempDir
  Path tmp;

  private Path repo() throws IOException {
    Path repo = tmp.resolve("repo");
    try (Stream<Path> walk = Files.walk(MINI)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path dest = repo.resolve(MINI.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
    }
    Files.createDirectories(repo.resolve("validator"));
    Files.writeString(repo.resolve(RepositoryCopy.PINS), "kustomize.version=v5.8.2\n");
    Files.createDirectories(repo.resolve(RepositoryCopy.CATALOG));
    return repo;
  }

  @Test
  void lists_a_json_patch_with_its_selector_when_applying_to_the_copy() throws IOException {
    Path repo = repo();
    String original = Files.readString(repo.resolve("overlays/prod/kustomization.yaml"));
    Path copy = RepositoryCopy.of(repo, tmp.resolve("copies"), "m");
    Mutation m = new Mutation("PERF-1 retention -> prometheus.retention", "overlays/prod",
        "overlays/prod", Mutation.Edit.PATCH, "monitoring.coreos.com/v1/Prometheus/main",
        "- op: replace\n  path: /spec/retention\n  value: 1d\n", "prometheus.retention",
        Severity.ERROR, "Prometheus/main", true);
    RepositoryCopy.apply(copy, m);

    Map<String, Object> k = ParsedYaml.map(ParsedYaml.load(
        Files.readString(copy.resolve("overlays/prod/kustomization.yaml"))));
    List<Object> patches = ParsedYaml.list(k.get("patches"));
    assertEquals(Map.of("path", "mutation.yaml", "target", Map.of("group",
        "monitoring.coreos.com", "version", "v1", "kind", "Prometheus", "name", "main")),
        patches.get(patches.size() - 1));
    assertEquals(4, patches.size(), "the overlay's own patches are kept");
    assertEquals(m.content(), Files.readString(copy.resolve("overlays/prod/mutation.yaml")));
    assertEquals("overlays/prod/mutation.yaml", m.file());
    // the repository itself is untouched; the copy shares its schema catalog by a link
    assertEquals(original, Files.readString(repo.resolve("overlays/prod/kustomization.yaml")));
    assertFalse(Files.exists(repo.resolve("overlays/prod/mutation.yaml")));
    assertTrue(Files.isSymbolicLink(copy.resolve(RepositoryCopy.CATALOG)));
    assertTrue(Files.isSymbolicLink(copy.resolve(".cache/render")));
  }

  @Test
  void appends_to_the_resources_when_applying_a_resource() throws IOException {
    Path copy = RepositoryCopy.of(repo(), tmp.resolve("copies"), "m");
    RepositoryCopy.apply(copy, new Mutation("a Secret", "clusters/c", "clusters/c",
        Mutation.Edit.RESOURCE, "", "kind: Secret\n", "security.no-plaintext-secrets",
        Severity.ERROR, "Secret/s", true));
    Map<String, Object> k = ParsedYaml.map(ParsedYaml.load(
        Files.readString(copy.resolve("clusters/c/kustomization.yaml"))));
    assertEquals(List.of("stack-application.yaml", "mutation.yaml"),
        ParsedYaml.list(k.get("resources")));
  }

  @Test
  void keeps_the_newest_entries_with_all_their_files_when_pruning() throws IOException {
    Path render = Files.createDirectories(tmp.resolve(".render"));
    for (int i = 0; i < 4; i++) {
      for (String ext : List.of(".yaml", ".sources")) {
        Path f = Files.writeString(render.resolve("k" + i + ext), "x");
        Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000L * (i + 1)));
      }
    }
    RepositoryCopy.prune(tmp, 2);
    try (Stream<Path> left = Files.list(render)) {
      assertEquals(List.of("k2.sources", "k2.yaml", "k3.sources", "k3.yaml"),
          left.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void names_the_copy_folder_after_the_mutation() {
    assertEquals("perf-1-retention-1d-prometheus-retention", new Mutation(
        "PERF-1 retention 1d -> prometheus.retention", "overlays/production",
        "overlays/production", Mutation.Edit.PATCH, "", "", "prometheus.retention",
        Severity.ERROR, "Prometheus/main", true).slug());
  }
}
