package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.monitoringstack.gate.exec.ProcessResult;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.exec.SystemProcessRunner;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.toolchain.TestToolchain;

class AlertingRouteEveryRuleCheckTest {

  private final List<List<String>> commands = new ArrayList<>();

  private AlertingRouteEveryRuleCheck pinned() {
    SystemProcessRunner real = new SystemProcessRunner();
    ProcessRunner recording = spec -> {
      commands.add(spec.command());
      return real.run(spec);
    };
    return new AlertingRouteEveryRuleCheck(recording, () -> TestToolchain.tool("amtool"));
  }

  @Test
  void passes_when_every_rule_reaches_enough_channels_and_amtool_agrees() {
    AlertingRouteEveryRuleCheck check = pinned();

    assertEquals(List.of(), CheckFixtures.messages(check, "pass", Map.of()));
    // Watchdog, PrometheusDown and TargetDown differ in what the matchers test: three label sets
    assertEquals(3, commands.size(), commands.toString());
    assertTrue(commands.stream().anyMatch(c -> c.containsAll(List.of("alertname=\"Watchdog\"",
        "severity=\"none\""))), commands.toString());
  }

  @Test
  void reports_a_critical_rule_that_a_team_route_sends_to_one_channel_and_a_lost_watchdog() {
    AlertingRouteEveryRuleCheck check = pinned();

    List<Finding> findings = CheckFixtures.run(check, "fail", Map.of());

    assertEquals(List.of("alerting.route-every-rule", "alerting.route-every-rule"),
        findings.stream().map(Finding::check).toList());
    assertEquals(List.of(
        "PrometheusRule/general: alert Watchdog reaches receivers [default] (routes route):"
            + " expected a route matching alertname=\"Watchdog\" whose receiver has an"
            + " integration (the dead man's switch)",
        "PrometheusRule/general: alert PrometheusDown (severity=critical) reaches receivers"
            + " [platform] (routes route.routes.0) with integration types [slack_configs]:"
            + " expected at least 2 different integration types"),
        CheckFixtures.reported(check, findings));
    assertEquals("HA-4", findings.get(0).requirement());
    String file = "fixtures/checks/alerting.route-every-rule/fail.yaml";
    assertEquals(List.of(
        "in " + file + ", add a first route {matchers: [alertname=\"Watchdog\"], receiver: <R>,"
            + " repeat_interval: 1m}, where <R> is a receiver whose integration sends to the"
            + " dead man's switch service (e.g. webhook_configs)",
        "route it (or the labels it carries) to receivers with two integration types, e.g."
            + " slack_configs and email_configs, in " + file),
        findings.stream().map(Finding::hint).toList());
  }

  @Test
  void reports_inhibit_rules_that_certainly_silence_a_critical_alert_or_the_watchdog() {
    AlertingRouteEveryRuleCheck check = pinned();

    List<Finding> findings = CheckFixtures.run(check, "inhibit", Map.of());

    assertEquals(List.of(
        "PrometheusRule/general: alert PrometheusDown (severity=critical) is silenced by"
            + " inhibit_rules.0 while Watchdog fires, which is always (equal [cluster] names no"
            + " label the two alerts can differ in): expected a critical alert to be inhibited"
            + " only for the object its source is about",
        "PrometheusRule/general: alert Watchdog is silenced by inhibit_rules.1 whenever"
            + " PrometheusDown fires, on every object (equal [] names no label the two alerts"
            + " can differ in): expected the dead man's switch alert never to be inhibited"),
        CheckFixtures.reported(check, findings));
    assertEquals(List.of("alerting.route-every-rule", "alerting.route-every-rule"),
        findings.stream().map(Finding::check).toList());
    String file = "fixtures/checks/alerting.route-every-rule/inhibit.yaml";
    assertEquals(List.of("add the labels that name the object (e.g. namespace, instance) to"
            + " equal of inhibit_rules.0 in " + file + ", or narrow its target matchers",
        "exclude alertname=\"Watchdog\" from the target matchers of inhibit_rules.1 in " + file),
        findings.stream().map(Finding::hint).toList());
    // each finding is at the PrometheusRule of the alert it silences, not at the configuration
    assertEquals(List.of(8, 8), findings.stream().map(f -> f.location().line()).toList());
  }

  @Test
  void reports_when_amtool_routes_a_label_set_elsewhere_than_the_gate() {
    ProcessRunner disagreeing = spec -> new ProcessResult(spec.command(), 0, "default\n", "",
        Duration.ofMillis(3));
    AlertingRouteEveryRuleCheck check = new AlertingRouteEveryRuleCheck(disagreeing,
        () -> java.nio.file.Path.of("/opt/amtool"));

    List<String> messages = CheckFixtures.reported(check, "pass", Map.of());

    assertEquals(2, messages.size(), messages.toString());
    assertEquals(List.of("Secret/alertmanager-main-config: alerts with alertname=Watchdog,"
        + " cluster=prod-eu-west, severity=none reach receivers [deadmans-switch] by the gate's"
        + " routing model but [default] by amtool config routes test: expected both to agree",
        "Secret/alertmanager-main-config: alerts with alertname=PrometheusDown,"
        + " cluster=prod-eu-west, severity=critical, team=platform reach receivers [critical] by"
        + " the gate's routing model but [default] by amtool config routes test: expected both"
        + " to agree"), messages);
  }
}
