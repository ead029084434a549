package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.exec.SystemProcessRunner;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.toolchain.TestToolchain;

class AlertingRulesValidCheckTest {

  private final List<List<String>> commands = new ArrayList<>();

  /** The real runner, recording each command. */
  private ProcessRunner recording() {
    SystemProcessRunner real = new SystemProcessRunner();
    return spec -> {
      commands.add(spec.command());
      return real.run(spec);
    };
  }

  private AlertingRulesValidCheck pinned() {
    return new AlertingRulesValidCheck(recording(), () -> TestToolchain.tool("promtool"));
  }

  @Test
  void passes_with_one_promtool_run_when_every_rule_parses() {
    AlertingRulesValidCheck check = pinned();

    assertEquals(List.of(), CheckFixtures.messages(check, "pass", Map.of()));
    assertEquals(1, commands.size(), commands.toString());
    assertEquals(List.of("check", "rules"), commands.get(0).subList(1, 3));
    assertEquals(5, commands.get(0).size(), "both PrometheusRules in one run: " + commands);
  }

  @Test
  void reports_the_prometheus_rule_whose_expression_promtool_rejects() {
    AlertingRulesValidCheck check = pinned();

    List<Finding> findings = CheckFixtures.run(check, "fail", Map.of());

    assertEquals(1, findings.size(), findings.toString());
    Finding f = findings.get(0);
    assertEquals("alerting.rules-valid", f.check());
    assertEquals("POST-2", f.requirement());
    String message = CheckFixtures.reported(check, findings).get(0);
    assertTrue(message.startsWith("PrometheusRule/node: promtool check rules rejects the rule"
        + " groups: expected rules promtool accepts, found: PrometheusRule/node: "), message);
    assertTrue(message.contains("NodeFilesystemAlmostFull"), message);
    assertTrue(message.contains("parse error"), message);
    assertTrue(!message.contains("/tmp/"), message);
  }

  @Test
  void stops_the_run_when_promtool_cannot_be_had() {
    AlertingRulesValidCheck check = new AlertingRulesValidCheck(recording(), () -> {
      throw new ToolException("PROMTOOL_BIN=/bin/false is not a usable promtool");
    });

    ToolException e = assertThrows(ToolException.class,
        () -> CheckFixtures.run(check, "pass", Map.of()));

    assertEquals("PROMTOOL_BIN=/bin/false is not a usable promtool", e.getMessage());
    assertEquals(List.of(), commands);
  }

  @Test
  void asks_for_no_promtool_when_the_render_has_no_rules() {
    AlertingRulesValidCheck check = new AlertingRulesValidCheck(recording(), () -> {
      throw new AssertionError("promtool was not needed");
    });

    assertEquals(List.of(), check.evaluate(CheckFixtures.context(check, List.of(), Map.of())));
    assertEquals(List.of(), commands);
  }

  @Test
  void uses_the_promtool_param_when_set() {
    AlertingRulesValidCheck check = new AlertingRulesValidCheck(recording(),
        () -> Path.of("/not/asked"));
    String promtool = TestToolchain.tool("promtool").toString();

    CheckFixtures.messages(check, "pass", Map.of("promtool", promtool));

    assertEquals(promtool, commands.get(0).get(0));
  }
}
