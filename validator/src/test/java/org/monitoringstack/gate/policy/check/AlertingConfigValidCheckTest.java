package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

class AlertingConfigValidCheckTest {

  private static final Path AMTOOL = Path.of("/usr/bin/amtool");

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

  @Test
  void runs_amtool_on_the_substituted_configuration_and_passes_when_it_accepts() {
    var check = new AlertingConfigValidCheck(stub(0, "SUCCESS", ""), () -> "");
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
        "amtool: error: failed to validate 1 file(s)\n"), () -> "");
    assertEquals(List.of("Secret/alertmanager-main-config: amtool check-config rejects the"
        + " Alertmanager configuration: expected a configuration amtool accepts, found:"
        + " Checking 'alertmanager.yaml'  FAILED: undefined receiver \"pager\" used in route |"
        + " amtool: error: failed to validate 1 file(s)"),
        CheckFixtures.reported(check, "fail", Map.of("amtool", "amtool")));
  }

  @Test
  void finds_amtool_on_the_search_path() throws IOException {
    Path dir = Files.createTempDirectory("amtool-path");
    Path fake = Files.createFile(dir.resolve("amtool"));
    assumeTrue(fake.toFile().setExecutable(true));
    try {
      var check = new AlertingConfigValidCheck(stub(0, "", ""), () -> "/nonexistent:" + dir);
      assertEquals(List.of(), CheckFixtures.messages(check, "pass", Map.of()));
      assertEquals(fake.toString(), commands.get(0).get(0));
    } finally {
      Files.delete(fake);
      Files.delete(dir);
    }
  }

  @Test
  void reports_one_finding_naming_the_package_when_amtool_is_missing() {
    var check = new AlertingConfigValidCheck(stub(0, "", ""), () -> "/nonexistent");
    var findings = CheckFixtures.run(check, "pass", Map.of());
    assertEquals(List.of("ExternalSecret/alertmanager-main-config: the Alertmanager"
        + " configuration was not checked: expected amtool (param amtool or on PATH), found"
        + " none"), CheckFixtures.reported(check, findings));
    assertTrue(findings.get(0).hint().contains("prometheus-alertmanager"));
    assertEquals(List.of(), commands);
  }

  @Test
  void reports_a_tool_that_cannot_start() {
    ProcessRunner failing = spec -> {
      throw new ToolException("cannot run `" + spec.display() + "`: No such file");
    };
    var check = new AlertingConfigValidCheck(failing, () -> "");
    var messages = CheckFixtures.reported(check, "fail", Map.of("amtool", "/missing/amtool"));
    assertEquals(1, messages.size());
    assertTrue(messages.get(0).startsWith("Secret/alertmanager-main-config: the Alertmanager"
        + " configuration was not checked: cannot run `/missing/amtool check-config "),
        messages.get(0));
  }

  @Test
  void real_amtool_accepts_the_pass_fixture_and_rejects_the_fail_fixture() {
    assumeTrue(Files.isExecutable(AMTOOL), "amtool not installed (Debian prometheus-alertmanager)");
    var check = new AlertingConfigValidCheck(new SystemProcessRunner(), () -> "");
    Map<String, Object> params = Map.of("amtool", AMTOOL.toString());
    assertEquals(List.of(), CheckFixtures.messages(check, "pass", params));
    List<String> messages = CheckFixtures.reported(check, "fail", params);
    assertEquals(1, messages.size());
    assertTrue(messages.get(0).startsWith("Secret/alertmanager-main-config: amtool check-config"
        + " rejects the Alertmanager configuration: expected a configuration amtool accepts,"
        + " found: Checking 'alertmanager.yaml'  FAILED: undefined receiver \"pager\""),
        messages.get(0));
  }
}
