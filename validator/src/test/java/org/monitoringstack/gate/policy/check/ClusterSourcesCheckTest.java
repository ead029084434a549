package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.monitoringstack.gate.policy.PolicyException;

class ClusterSourcesCheckTest {

  @TempDir Path repo;
  private ClusterSourcesCheck check;

  private static final Map<String, Object> PRODUCTION = Map.of("requirePinnedRevisions", true);

  @BeforeEach
  void repository() throws IOException {
    Files.createDirectories(repo.resolve("clusters/prod-eu-west/stack"));
    Files.createDirectories(repo.resolve("clusters/kind/monitoring"));
    Files.createDirectories(repo.resolve("validator"));
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(
        "fixtures/checks/clusters.source-exists/toolchain.properties")) {
      Files.copy(in, repo.resolve("validator/toolchain.properties"));
    }
    check = new ClusterSourcesCheck(repo);
  }

  @Test
  void passes_for_existing_own_paths_and_pinned_external_sources() {
    assertEquals(List.of(), CheckFixtures.messages(check, "pass", PRODUCTION));
  }

  @Test
  void reports_missing_paths_unpinned_unknown_and_mismatched_sources() {
    String own = ": expected an existing folder (relative to the repository root), found none";
    assertEquals(List.of(
        "Application/monitoring-stack: source points at path clusters/prod-eu-west/stak of this"
            + " repository" + own,
        "Application/escape: source points at path ../outside of this repository" + own,
        "Application/monitoring-crds: source 0 follows revision main of"
            + " github.com/prometheus-operator/prometheus-operator: expected a pinned revision"
            + " (tag, semver or commit SHA) in production, found main",
        "Application/monitoring-crds: source 1 syncs from https://charts.example.com/: expected"
            + " this repository [https://git.example.com/platform/monitoring-gitops.git] or a"
            + " source pinned in validator/toolchain.properties [github.com/argoproj/argo-cd/v3,"
            + " github.com/prometheus-operator/prometheus-operator], found neither",
        "Kustomization/monitoring: syncs from GitRepository/flux-system/nope: expected a"
            + " GitRepository of that name in the render, found none",
        "Kustomization/crds: spec.path (GitRepository prometheus-operator) reads path"
            + " example/crds of"
            + " github.com/prometheus-operator/prometheus-operator: expected one of the pinned"
            + " dirs [example/prometheus-operator-crd-full] (crd.prometheus-operator.dirs),"
            + " found example/crds",
        "GitRepository/prometheus-operator: as the source of Kustomization/crds, uses revision"
            + " v0.90.0 of"
            + " github.com/prometheus-operator/prometheus-operator: expected the pinned v0.94.1"
            + " (crd.prometheus-operator.version), found v0.90.0"),
        CheckFixtures.reported(check, "fail", PRODUCTION));
  }

  @Test
  void outside_production_a_branch_is_reported_as_not_the_pin() {
    List<String> messages = CheckFixtures.reported(check, "fail", Map.of());
    assertEquals("Application/monitoring-crds: source 0 uses revision main of"
        + " github.com/prometheus-operator/prometheus-operator: expected the pinned v0.94.1"
        + " (crd.prometheus-operator.version), found main", messages.get(2));
  }

  @Test
  void fails_clearly_without_the_toolchain_file() throws IOException {
    Files.delete(repo.resolve("validator/toolchain.properties"));
    PolicyException e = assertThrows(PolicyException.class,
        () -> CheckFixtures.run(check, "pass", PRODUCTION));
    assertEquals("check clusters.source-exists: cannot read validator/toolchain.properties: "
        + repo.resolve("validator/toolchain.properties"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "https://github.com/a/b.git,   github.com/a/b",
      "git@github.com:a/b.git,       github.com/a/b",
      "ssh://git@github.com/a/b/,    github.com/a/b",
      "HTTPS://GitHub.com/A/B,       github.com/a/b",
      "github.com/a/b,               github.com/a/b",
  })
  void normalizes_repository_urls(String url, String key) {
    assertEquals(key, ClusterSourcesCheck.repoKey(url));
  }
}
