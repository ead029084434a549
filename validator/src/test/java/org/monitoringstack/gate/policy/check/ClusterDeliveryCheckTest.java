package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterDeliveryCheckTest {

  @TempDir Path repo;
  private ClusterDeliveryCheck check;

  private static final List<String> OWN =
      List.of("https://git.example.com/platform/monitoring-gitops.git");
  private static final Map<String, Object> PRODUCTION =
      Map.of("pinnedRevisions", true, "ownRepositories", OWN);

  @BeforeEach
  void repository() throws IOException {
    Files.createDirectories(repo.resolve("validator"));
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(
        "fixtures/checks/clusters.source-exists/toolchain.properties")) {
      Files.copy(in, repo.resolve("validator/toolchain.properties"));
    }
    check = new ClusterDeliveryCheck(repo);
  }

  @Test
  void passes_when_revisions_are_pinned_and_crds_sync_first() {
    assertEquals(List.of(), CheckFixtures.messages(check, "pass", PRODUCTION));
  }

  @Test
  void reports_moving_revisions_missing_order_prune_and_server_side_apply() {
    String pinned = "expected a pinned revision: a release tag like v1.2.3 or a 40-hex commit";
    assertEquals(List.of(
        "Application/crds: syncs revision HEAD of"
            + " https://github.com/prometheus-operator/prometheus-operator.git, which moves with"
            + " every push; " + pinned,
        "Application/stack: syncs revision main of"
            + " https://git.example.com/platform/monitoring-gitops.git, which moves with every"
            + " push; " + pinned,
        "Application/stack: syncs without prune, selfHeal, so removed objects stay and drift is"
            + " not corrected; expected spec.syncPolicy.automated with prune: true and selfHeal:"
            + " true",
        "Application/stack: applies client-side (syncOptions [PruneLast=true]); expected"
            + " ServerSideApply=true, as large objects such as the CRDs exceed the client-side"
            + " annotation limit",
        "GitRepository/upstream: as the source of Kustomization/crds, follows semver >=0.90.0,"
            + " which can move; " + pinned,
        "Kustomization/crds: is suspended, so drift is not corrected; expected it reconciled"
            + " (spec.suspend unset or false)",
        "GitRepository/self: as the source of Kustomization/monitoring, follows branch main,"
            + " which can move; " + pinned,
        "Kustomization/monitoring: does not prune, so objects removed from git stay in the"
            + " cluster; expected spec.prune: true",
        "Application/stack: syncs the stack in sync wave 0, not after Application/crds (wave 0),"
            + " which delivers the CRDs; expected a wave above 0",
        "Kustomization/monitoring: syncs the stack without waiting for Kustomization/crds, which"
            + " delivers the CRDs; expected crds in spec.dependsOn"),
        CheckFixtures.reported(check, "fail", PRODUCTION));
  }

  @Test
  void accepts_a_branch_but_still_orders_layers_when_revisions_need_not_be_pinned() {
    List<String> messages = CheckFixtures.reported(check, "fail",
        Map.of("ownRepositories", OWN));
    assertEquals(6, messages.size(), String.join("\n", messages));
    assertEquals(0, messages.stream().filter(m -> m.contains("pinned revision")).count());
  }

  @Test
  void reports_a_stack_without_a_crd_layer() {
    var stack = CheckFixtures.load(check.id(), "fail").stream()
        .filter(r -> r.name().equals("stack")).toList();
    assertEquals(List.of("Application/stack: syncs the stack, but no Argo CD object of the"
        + " cluster delivers the CRDs before it; expected an Application of a CRD folder pinned"
        + " in validator/toolchain.properties ordered before it"),
        CheckFixtures.reported(check, check.evaluate(CheckFixtures.context(check, stack,
            Map.of("ownRepositories", OWN)))).stream().filter(m -> m.contains("CRD folder"))
            .toList());
  }
}
