package org.monitoringstack.gate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monitoringstack.gate.stack.StackTools.list;
import static org.monitoringstack.gate.stack.StackTools.map;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.monitoringstack.gate.exec.ProcessResult;
import org.monitoringstack.gate.stack.StackTools.Tool;

/**
 * The Alertmanager configuration files of the repository (base/alertmanager/alertmanager.yaml
 * and any overlays/**&#47;alertmanager.yaml) pass {@code amtool check-config}, and the base
 * routing tree sends each kind of alert to the intended receiver.
 */
class AlertmanagerConfigTest {

  private static final Path ROOT = StackTools.repoRoot();
  private static final Path BASE_CONFIG = ROOT.resolve("base").resolve("alertmanager").resolve("alertmanager.yaml");

  @TempDir Path temp;

  static Stream<Path> configurations() {
    List<Path> files = new ArrayList<>();
    files.add(BASE_CONFIG);
    Path overlays = ROOT.resolve("overlays");
    if (Files.isDirectory(overlays)) {
      try (Stream<Path> walk = Files.walk(overlays)) {
        walk.filter(p -> p.getFileName().toString().equals("alertmanager.yaml")).sorted().forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files.stream().map(p -> ROOT.relativize(p));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configurations")
  void passes_amtool_check_config(Path relative) {
    ProcessResult result = StackTools.run(Tool.AMTOOL, ROOT, "check-config", relative.toString());
    assertEquals(0, result.exitCode(), () -> relative + " fails amtool check-config:\n" + StackTools.explain(result));
    assertTrue(result.stdout().contains("SUCCESS"), () -> StackTools.explain(result));
  }

  @ParameterizedTest(name = "{0} goes to {1}")
  @CsvSource({
      "alertname=Watchdog severity=none, deadmans-switch",
      "alertname=PrometheusDown severity=critical, critical",
      "alertname=TargetDown severity=warning, default",
      "alertname=InhibitOnly severity=none, null",
      "alertname=Unlabelled, default",
  })
  void routes_alerts_to_the_intended_receiver(String labels, String receiver) {
    List<String> args = new ArrayList<>(List.of("config", "routes", "test",
        "--config.file=" + ROOT.relativize(BASE_CONFIG), "--verify.receivers=" + receiver));
    args.addAll(List.of(labels.split(" ")));

    ProcessResult result = StackTools.run(Tool.AMTOOL, ROOT, args.toArray(String[]::new));

    assertEquals(0, result.exitCode(), () -> labels + " should be routed to " + receiver + ":\n" + StackTools.explain(result));
    assertEquals(receiver, result.stdout().trim(), () -> StackTools.explain(result));
  }

  @Test
  void fails_amtool_check_config_when_a_route_names_an_unknown_receiver() throws IOException {
    Path broken = temp.resolve("alertmanager.yaml");
    Files.writeString(broken, "route:\n  receiver: nowhere\nreceivers:\n- name: default\n");

    ProcessResult result = StackTools.run(Tool.AMTOOL, temp, "check-config", broken.toString());

    assertNotEquals(0, result.exitCode(), () -> StackTools.explain(result));
    assertTrue((result.stdout() + result.stderr()).contains("nowhere"), () -> StackTools.explain(result));
  }

  @Test
  void keeps_credentials_out_of_the_base_configuration() throws IOException {
    String text = Files.readString(BASE_CONFIG);
    for (String secretField : List.of("api_key", "api_url", "auth_password", "routing_key",
        "service_key", "bot_token", "password", "webhook_url", "url:")) {
      assertFalse(text.contains(secretField),
          () -> BASE_CONFIG + " must not carry receiver endpoints or credentials (found `" + secretField
              + "`); production adds them from the secret store");
    }
  }

  @Test
  void defines_every_receiver_the_routes_use_and_inhibits_warnings_under_criticals() {
    Map<String, Object> config = StackTools.loadMap(BASE_CONFIG);
    Set<String> receivers = new TreeSet<>();
    list(config.get("receivers")).forEach(r -> receivers.add(String.valueOf(map(r).get("name"))));
    Set<String> used = new TreeSet<>();
    collectReceivers(map(config.get("route")), used);
    assertTrue(receivers.containsAll(used), () -> "routes use " + used + " but receivers are " + receivers);
    assertTrue(used.contains("deadmans-switch"), "the Watchdog must reach the dead man's switch receiver");

    boolean criticalInhibitsWarning = list(config.get("inhibit_rules")).stream().map(StackTools::map)
        .anyMatch(r -> list(r.get("source_matchers")).toString().contains("severity = \"critical\"")
            && list(r.get("target_matchers")).toString().contains("severity = \"warning\""));
    assertTrue(criticalInhibitsWarning, "a critical alert should inhibit the warning of the same alert");
  }

  private static void collectReceivers(Map<String, Object> route, Set<String> into) {
    Object receiver = route.get("receiver");
    if (receiver != null) {
      into.add(String.valueOf(receiver));
    }
    list(route.get("routes")).forEach(r -> collectReceivers(map(r), into));
  }
}
