package org.monitoringstack.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.monitoringstack.gate.yaml.SafeYaml;

/** The files that put the gate into Argo CD and CI: their shape, which nothing else checks. */
class DeliveryFilesTest {

  private static Path repoRoot() {
    Path here = Path.of("").toAbsolutePath();
    return here.getFileName().toString().equals("validator") ? here.getParent() : here;
  }

  private static Map<?, ?> load(String path) throws IOException {
    return (Map<?, ?>) SafeYaml.load(Files.readString(repoRoot().resolve(path)));
  }

  private static Object at(Object root, String... keys) {
    Object current = root;
    for (String k : keys) {
      current = current instanceof Map<?, ?> m ? m.get(k) : null;
    }
    return current;
  }

  @Test
  void declares_a_sidecar_plugin_whose_generate_runs_the_gate_when_read() throws IOException {
    Map<?, ?> plugin = load("validator/argocd/plugin.yaml");
    assertEquals("argoproj.io/v1alpha1", plugin.get("apiVersion"));
    assertEquals("ConfigManagementPlugin", plugin.get("kind"));
    assertEquals("monitoring-gate", at(plugin, "metadata", "name"));
    assertEquals("v1", at(plugin, "spec", "version"));
    List<?> command = (List<?>) at(plugin, "spec", "generate", "command");
    assertEquals("generate", command.get(command.size() - 1));
    assertTrue(String.valueOf(command.get(0)).endsWith("gitops-validate-sidecar"));
    assertFalse(((Map<?, ?>) plugin.get("spec")).containsKey("discover"),
        "only Applications that name the plugin are gated");
    assertEquals(false, at(plugin, "spec", "provideGitCreds"));
  }

  @Test
  void documents_the_offline_sidecar_when_read() throws IOException {
    String readme = Files.readString(repoRoot().resolve("validator/argocd/README.md"));
    for (String needed : List.of("ARGOCD_APP_SOURCE_PATH", "no network call at sync time",
        "monitoring-gate-v1", "/home/argocd/cmp-server/config/plugin.yaml",
        "argocd-cmp-server", "exits 1")) {
      assertTrue(readme.contains(needed), "README mentions " + needed);
    }
  }

  @Test
  void runs_the_tests_then_the_gate_and_publishes_every_report_on_pull_requests()
      throws IOException {
    Map<?, ?> workflow = load(".github/workflows/gate.yml");
    // YAML 1.1 reads the key `on` as true
    Object on = workflow.containsKey("on") ? workflow.get("on") : workflow.get(Boolean.TRUE);
    assertTrue(((Map<?, ?>) on).containsKey("pull_request"));
    List<?> steps = (List<?>) at(workflow, "jobs", "gate", "steps");
    StringBuilder all = new StringBuilder();
    steps.forEach(s -> all.append(s).append('\n'));
    String text = all.toString();
    for (String needed : List.of("actions/setup-java", "java-version=17", "actions/setup-go",
        "bash .ci/run", "--changed-since \"origin/${{ github.base_ref }}\"",
        "--format junit --output reports/gate.xml", "--format sarif --output reports/gate.sarif",
        "--format markdown --output reports/gate.md", "github/codeql-action/upload-sarif",
        "sarif_file=reports/gate.sarif", "report_paths=reports/gate.xml",
        "path=reports/gate.md")) {
      assertTrue(text.contains(needed), "workflow has " + needed + "\n" + text);
    }
    int test = text.indexOf("bash .ci/run");
    int gate = text.indexOf("validator/bin/gitops-validate");
    assertTrue(test < gate, "tests run before the gate");
  }
}
