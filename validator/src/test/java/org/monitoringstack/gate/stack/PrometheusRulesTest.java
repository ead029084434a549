package org.monitoringstack.gate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.monitoringstack.gate.stack.StackTools.list;
import static org.monitoringstack.gate.stack.StackTools.map;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.monitoringstack.gate.exec.ProcessResult;
import org.monitoringstack.gate.stack.StackTools.Tool;

/**
 * Our PrometheusRules in base/rules/ (POST-1, POST-2): each one's spec is extracted to a plain
 * rule file, checked with {@code promtool check rules} and unit-tested with
 * {@code promtool test rules} against base/rules/tests/, whose rule_files name the
 * PrometheusRule manifests they test.
 */
class PrometheusRulesTest {

  private static final Path RULES = StackTools.repoRoot().resolve("base").resolve("rules");
  private static final Path TESTS = RULES.resolve("tests");
  private static final Set<String> SEVERITIES = Set.of("critical", "warning", "none");

  @TempDir Path temp;

  static Stream<Path> ruleManifests() {
    return StackTools.list(RULES, "*-prometheusRule.yaml").stream();
  }

  static Stream<Path> unitTests() {
    return StackTools.list(TESTS, "*.yaml").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleManifests")
  void passes_promtool_check_rules_when_spec_is_extracted(Path manifest) {
    Path ruleFile = extract(manifest, temp);
    ProcessResult result = StackTools.run(Tool.PROMTOOL, temp, "check", "rules", ruleFile.toString());
    assertEquals(0, result.exitCode(), () -> manifest + " fails promtool check rules:\n" + StackTools.explain(result));
    assertTrue(result.stdout().contains("SUCCESS"), () -> StackTools.explain(result));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unitTests")
  void passes_promtool_unit_tests_when_rule_files_point_at_extracted_specs(Path unitTest) {
    Path rewritten = rewrite(unitTest, temp);
    ProcessResult result = StackTools.run(Tool.PROMTOOL, temp, "test", "rules", rewritten.toString());
    assertEquals(0, result.exitCode(), () -> unitTest + " fails promtool test rules:\n" + StackTools.explain(result));
    assertTrue(result.stdout().contains("SUCCESS"), () -> StackTools.explain(result));
  }

  @Test
  void fails_promtool_unit_tests_when_an_expected_alert_is_wrong() {
    Map<String, Object> test = StackTools.loadMap(TESTS.resolve("general.yaml"));
    // Expect the Watchdog with the wrong severity: promtool must report the mismatch.
    Map<String, Object> firstCase = map(list(map(list(test.get("tests")).get(0)).get("alert_rule_test")).get(0));
    Map<String, Object> expected = map(list(firstCase.get("exp_alerts")).get(0));
    map(expected.get("exp_labels")).put("severity", "critical");
    Path broken = temp.resolve("broken.test.yaml");
    test.put("rule_files", List.of(extract(RULES.resolve("general-prometheusRule.yaml"), temp).toString()));
    StackTools.write(broken, test);

    ProcessResult result = StackTools.run(Tool.PROMTOOL, temp, "test", "rules", broken.toString());

    assertNotEquals(0, result.exitCode(), () -> StackTools.explain(result));
    assertTrue(result.stdout().contains("FAILED") || result.stderr().contains("FAILED"), () -> StackTools.explain(result));
  }

  @Test
  void fails_promtool_check_rules_when_an_expression_is_invalid() throws Exception {
    Path bad = temp.resolve("bad.rules.yaml");
    Files.writeString(bad, "groups:\n- name: bad\n  rules:\n  - alert: Broken\n    expr: rate(up[5m]\n");

    ProcessResult result = StackTools.run(Tool.PROMTOOL, temp, "check", "rules", bad.toString());

    assertNotEquals(0, result.exitCode(), () -> StackTools.explain(result));
  }

  @Test
  void lists_every_rule_manifest_in_the_kustomization_and_tests_each_one() {
    Map<String, Object> kustomization = StackTools.loadMap(RULES.resolve("kustomization.yaml"));
    Set<String> listed = new TreeSet<>();
    list(kustomization.get("resources")).forEach(r -> listed.add(String.valueOf(r)));
    Set<String> files = new TreeSet<>();
    ruleManifests().forEach(p -> files.add(p.getFileName().toString()));
    assertEquals(files, listed, "base/rules/kustomization.yaml must list exactly the PrometheusRule files");

    Set<String> tested = new TreeSet<>();
    unitTests().forEach(t -> list(StackTools.loadMap(t).get("rule_files"))
        .forEach(f -> tested.add(t.getParent().resolve(String.valueOf(f)).normalize().getFileName().toString())));
    assertEquals(files, tested, "every PrometheusRule file needs a unit test file in base/rules/tests/");
  }

  @Test
  void tests_every_alert_firing_and_not_firing() {
    Map<String, Set<String>> cases = new TreeMap<>();
    for (Path t : unitTests().toList()) {
      for (Object group : list(StackTools.loadMap(t).get("tests"))) {
        for (Object c : list(map(group).get("alert_rule_test"))) {
          String alert = String.valueOf(map(c).get("alertname"));
          boolean fires = !list(map(c).get("exp_alerts")).isEmpty();
          cases.computeIfAbsent(alert, a -> new TreeSet<>()).add(fires ? "firing" : "not firing");
        }
      }
    }
    List<String> missing = new ArrayList<>();
    for (Map<String, Object> rule : alertingRules()) {
      String alert = String.valueOf(rule.get("alert"));
      Set<String> seen = cases.getOrDefault(alert, Set.of());
      // The Watchdog fires by design: it can only be tested firing.
      Set<String> needed = alert.equals("Watchdog") ? Set.of("firing") : Set.of("firing", "not firing");
      for (String n : needed) {
        if (!seen.contains(n)) {
          missing.add(alert + " (" + n + ")");
        }
      }
    }
    assertTrue(missing.isEmpty(), () -> "alerts without a unit test case: " + missing);
  }

  @Test
  void labels_every_alert_with_a_severity_and_explains_it() {
    List<String> problems = new ArrayList<>();
    for (Map<String, Object> rule : alertingRules()) {
      String alert = String.valueOf(rule.get("alert"));
      Object severity = map(rule.get("labels")).get("severity");
      if (!SEVERITIES.contains(String.valueOf(severity))) {
        problems.add(alert + ": severity " + severity + " is not one of " + SEVERITIES);
      }
      Map<String, Object> annotations = map(rule.get("annotations"));
      for (String key : List.of("summary", "description")) {
        if (String.valueOf(annotations.getOrDefault(key, "")).isBlank()) {
          problems.add(alert + ": no " + key + " annotation");
        }
      }
    }
    assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
  }

  @Test
  void includes_the_meta_monitoring_alerts_of_post_1() {
    Set<String> alerts = new TreeSet<>();
    alertingRules().forEach(r -> alerts.add(String.valueOf(r.get("alert"))));
    for (String required : List.of("Watchdog", "TargetDown", "PrometheusDown",
        "PrometheusConfigReloadFailed", "PrometheusRuleFailures", "PrometheusTSDBCompactionsFailing",
        "PrometheusErrorSendingAlertsToAlertmanager", "AlertmanagerDown",
        "AlertmanagerConfigReloadFailed", "AlertmanagerNotificationsFailing",
        "AlertmanagerClusterMembersMismatch", "PrometheusOperatorDown",
        "PrometheusOperatorReconcileErrors", "NodeFilesystemAlmostFull", "NodeMemoryHighUtilization",
        "KubeNodeNotReady", "KubePodCrashLooping")) {
      assertTrue(alerts.contains(required), () -> "missing alert " + required + " in base/rules (have " + alerts + ")");
    }
    Map<String, Object> watchdog = alertingRules().stream()
        .filter(r -> "Watchdog".equals(r.get("alert"))).findFirst().orElseThrow();
    assertEquals("none", map(watchdog.get("labels")).get("severity"));
    assertEquals("vector(1)", String.valueOf(watchdog.get("expr")).trim());
  }

  // ---------------------------------------------------------------------------------------

  private static List<Map<String, Object>> alertingRules() {
    List<Map<String, Object>> rules = new ArrayList<>();
    ruleManifests().forEach(m -> {
      for (Object group : list(spec(m).get("groups"))) {
        for (Object rule : list(map(group).get("rules"))) {
          if (map(rule).containsKey("alert")) {
            rules.add(map(rule));
          }
        }
      }
    });
    assertFalse(rules.isEmpty(), "no alerting rules found in " + RULES);
    return rules;
  }

  /** The spec of a PrometheusRule manifest (its groups), which is a plain Prometheus rule file. */
  private static Map<String, Object> spec(Path manifest) {
    Map<String, Object> doc = StackTools.loadMap(manifest);
    if (!"PrometheusRule".equals(doc.get("kind"))) {
      return fail(manifest + " is a " + doc.get("kind") + ", not a PrometheusRule");
    }
    Map<String, Object> spec = map(doc.get("spec"));
    if (!spec.containsKey("groups")) {
      return fail(manifest + " has no spec.groups");
    }
    return spec;
  }

  /** Writes the manifest's spec as a rule file under dir, named after the manifest. */
  private static Path extract(Path manifest, Path dir) {
    String name = manifest.getFileName().toString().replaceFirst("\\.yaml$", "") + ".rules.yaml";
    Path ruleFile = dir.resolve(name);
    StackTools.write(ruleFile, spec(manifest));
    return ruleFile;
  }

  /** A copy of the unit test whose rule_files point at the extracted specs of the manifests it names. */
  private static Path rewrite(Path unitTest, Path dir) {
    Map<String, Object> test = new LinkedHashMap<>(StackTools.loadMap(unitTest));
    List<Object> ruleFiles = list(test.get("rule_files"));
    if (ruleFiles.isEmpty()) {
      return fail(unitTest + " has no rule_files");
    }
    List<String> extracted = new ArrayList<>();
    for (Object f : ruleFiles) {
      Path manifest = unitTest.getParent().resolve(String.valueOf(f)).normalize();
      if (!Files.isRegularFile(manifest)) {
        return fail(unitTest + ": rule_files entry " + f + " does not exist (" + manifest + ")");
      }
      extracted.add(extract(manifest, dir).toString());
    }
    test.put("rule_files", extracted);
    Path rewritten = dir.resolve(unitTest.getFileName().toString().replaceFirst("\\.yaml$", "") + ".test.yaml");
    StackTools.write(rewritten, test);
    return rewritten;
  }
}
