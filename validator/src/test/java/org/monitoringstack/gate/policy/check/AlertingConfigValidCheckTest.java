package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.monitoringstack.gate.exec.ProcessResult;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.exec.SystemProcessRunner;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.toolchain.TestToolchain;

class AlertingConfigValidCheckTest {

  private final List<List<String>> commands = new ArrayList<>();
  private final List<String> configs = new ArrayList<>();

  private ProcessRunner stub(int exit, String stdout, String stderr) {
    return spec -> {
      commands.add(spec.command());
      try {
        configs.add(Files.readString(Path.of(spec.command().get(2))));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new ProcessResult(spec.command(), exit, stdout.replace("FILE",
          spec.command().get(2)), stderr, Duration.ofMillis(5));
    };
  }

  private static final java.util.function.Supplier<Path> NOT_ASKED = () -> {
    throw new AssertionError("the resolved amtool was not expected to be asked for");
  };

  @Test
  void runs_amtool_on_the_substituted_configuration_and_passes_when_it_accepts() {
    var check = new AlertingConfigValidCheck(stub(0, "SUCCESS", ""), NOT_ASKED);
    assertEquals(List.of(), CheckFixtures.messages(check, "pass",
        Map.of("amtool", "/opt/am/amtool")));
    assertEquals(1, commands.size());
    assertEquals(List.of("/opt/am/amtool", "check-config"), commands.get(0).subList(0, 2));
    assertTrue(configs.get(0).contains("slack_api_url: 'https://placeholder.invalid/secret'"),
        configs.get(0));
    assertTrue(configs.get(0).contains("text: '{{ .CommonAnnotations.summary }}'"));
    assertFalse(Files.exists(Path.of(commands.get(0).get(2))), "temporary file deleted");
  }

  @Test
  void reports_what_amtool_says_without_the_temporary_path() {
    var check = new AlertingConfigValidCheck(stub(1,
        "Checking 'FILE'  FAILED: undefined receiver \"pager\" used in route\n",
        "amtool: error: failed to validate 1 file(s)\n"), () -> Path.of("/opt/am/amtool"));
    assertEquals(List.of("Secret/alertmanager-main-config: amtool check-config rejects the"
        + " Alertmanager configuration: expected a configuration amtool accepts, found:"
        + " Checking 'alertmanager.yaml'  FAILED: undefined receiver \"pager\" used in route |"
        + " amtool: error: failed to validate 1 file(s)"),
        CheckFixtures.reported(check, "fail", Map.of()));
    assertEquals("/opt/am/amtool", commands.get(0).get(0));
  }

  @Test
  void ends_the_run_with_one_tool_error_when_amtool_cannot_be_had() {
    var check = new AlertingConfigValidCheck(stub(0, "", ""), () -> {
      throw new ToolException("amtool v0.34.1 is not installed and Go is not available");
    });
    ToolException e = assertThrows(ToolException.class,
        () -> CheckFixtures.run(check, "pass", Map.of()));
    assertEquals("amtool v0.34.1 is not installed and Go is not available", e.getMessage());
    assertEquals(List.of(), commands);
  }

  @Test
  void ends_the_run_with_one_tool_error_when_amtool_cannot_start() {
    ProcessRunner failing = spec -> {
      throw new ToolException("cannot run `" + spec.display() + "`: No such file");
    };
    var check = new AlertingConfigValidCheck(failing, () -> Path.of("/missing/amtool"));
    ToolException e = assertThrows(ToolException.class,
        () -> CheckFixtures.run(check, "fail", Map.of()));
    assertTrue(e.getMessage().startsWith("cannot run `/missing/amtool check-config "),
        e.getMessage());
  }

  @Test
  void pinned_amtool_accepts_the_pass_fixture_and_rejects_the_fail_fixture() {
    var check = new AlertingConfigValidCheck(new SystemProcessRunner(),
        () -> TestToolchain.tool("amtool"));
    assertEquals(List.of(), CheckFixtures.messages(check, "pass", Map.of()));
    List<String> messages = CheckFixtures.reported(check, "fail", Map.of());
    assertEquals(1, messages.size());
    assertTrue(messages.get(0).startsWith("Secret/alertmanager-main-config: amtool check-config"
        + " rejects the Alertmanager configuration: expected a configuration amtool accepts,"
        + " found: Checking 'alertmanager.yaml'  FAILED: undefined receiver \"pager\""),
        messages.get(0));
  }
}
