package org.monitoringstack.gate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.policy.check.CheckRegistry;

/** The repository's own {@code policies/} folder, validated against the schemas and registry. */
class RealPoliciesTest {

  private static final List<Check> CHECKS = CheckRegistry.all(PolicyFixtures.REPO,
      spec -> {
        throw new AssertionError("loading policies runs no process");
      });
  private static final PolicyFiles POLICIES = PolicyFiles.load(PolicyFixtures.REPO, CHECKS,
      new SourceLocator(PolicyFixtures.REPO));

  @Test
  void validates_against_schemas_and_registry_when_loading_the_repository() {
    // loading throws PolicyFiles.InvalidFiles on any problem
    assertEquals(Set.of("kind", "production"), POLICIES.profiles().keySet());
  }

  @ParameterizedTest(name = "profile {0} configures every registered check")
  @ValueSource(strings = {"kind", "production"})
  void configures_every_registered_check_when_profile_is_complete(String profile) {
    Set<String> registered = new TreeSet<>(CHECKS.stream().map(Check::id).toList());
    Set<String> configured = new TreeSet<>(POLICIES.profiles().get(profile).checks().keySet());
    assertEquals(registered, configured,
        "every check must be listed (severity off to disable it) in " + profile);
  }

  @ParameterizedTest(name = "{0} is bound to {1}")
  @CsvSource({
      "overlays/kind, kind",
      "overlays/production, production",
      "clusters/kind, kind",
      "clusters/prod-eu-west, production",
      "clusters/prod-us-east, production",
      "clusters/prod-eu-west/stack, production",
      "clusters/prod-ap-south, production"
  })
  void binds_repository_targets_when_loading_bindings(String target, String profile) {
    assertEquals(Optional.of(profile), POLICIES.profileFor(
        new Target(target, Target.Kind.CLUSTER, PolicyFixtures.REPO.resolve(target))));
  }

  @Test
  void requires_resources_in_both_profiles_and_relaxes_kind() {
    for (String profile : List.of("kind", "production")) {
      assertEquals(Optional.of(Severity.ERROR), POLICIES.profiles().get(profile).checks()
          .get("resources.present").severity());
    }
    PolicyFiles.Profile kind = POLICIES.profiles().get("kind");
    Set<String> errorsInKind = new TreeSet<>(kind.checks().entrySet().stream()
        .filter(e -> e.getValue().severity().equals(Optional.of(Severity.ERROR)))
        .map(java.util.Map.Entry::getKey).toList());
    assertEquals(new TreeSet<>(Set.of("stack.components", "resources.present",
        "security.no-plaintext-secrets", "delivery.object-size", "network.scrape-allowed",
        "alerting.meta-monitoring", "alerting.config-valid", "alerting.rules-valid",
        "auth.grafana-admin-secret", "monitoring.coverage", "grafana.dashboards-as-code",
        "clusters.source-exists")), errorsInKind,
        "of the checks that read only the rendered objects, kind enforces only the components'"
            + " presence, requests/limits, objects the API server stores and no hand-written"
            + " Secrets; of the others, what keeps a local stack working and secret-free");
    PolicyFiles.Profile prod = POLICIES.profiles().get("production");
    assertTrue(prod.checks().values().stream().noneMatch(PolicyFiles.Setting::isOff));
  }

  @Test
  void names_a_requirement_on_every_guide_value_of_production() throws IOException {
    List<String> lines = Files.readAllLines(
        PolicyFixtures.REPO.resolve("policies/profiles/production.yaml"));
    for (String line : lines) {
      if (line.matches(".*\\b(15d|30s|50Gi|10Gi|5Gi|100000|4Gi|9090|9093|3000|9100)\\b.*")
          && !line.trim().startsWith("#")) {
        assertTrue(line.matches(".*# .*(RES|PERF|STO|HA|NET|SEC|SCA|PRE)-\\d.*"),
            "guide value without its requirement ID: " + line);
      }
    }
  }
}
