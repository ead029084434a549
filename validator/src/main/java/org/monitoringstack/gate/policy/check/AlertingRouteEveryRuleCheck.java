package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.ParsedYaml.maps;
import static org.monitoringstack.gate.policy.ParsedYaml.str;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.monitoringstack.gate.exec.ProcessResult;
import org.monitoringstack.gate.exec.ProcessRunner;
import org.monitoringstack.gate.exec.ProcessSpec;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.ParsedYaml;

/**
 * {@code alerting.route-every-rule} (HA-4, POST-1): every alerting rule the render defines,
 * with its labels, its {@code alertname} and the external labels of the Prometheus that sends
 * it, is walked through the Alertmanager routing tree (matchers, {@code continue}) as
 * Alertmanager walks it. An alert carrying {@code criticalLabels} (default {@code {severity:
 * critical}}) must reach receivers with at least {@code minIntegrationTypes} (default 2)
 * integration types, so a team route or an extra label cannot send a critical alert to a single
 * channel or to a receiver without integrations; the rule named {@code watchdogAlert} (default
 * Watchdog) must reach a route that matches its name and sends somewhere (the dead man's switch).
 * No inhibit rule may certainly silence a critical alert or the Watchdog (see {@link
 * #inhibitions}).
 *
 * <p>The walk is cross-checked with {@code amtool config routes test}, the pinned amtool, for
 * each distinct label set as routing sees it (labels projected onto what the matchers can tell
 * apart): a disagreement is a finding, so the gate's model of routing cannot silently drift
 * from Alertmanager's.
 */
final class AlertingRouteEveryRuleCheck extends Check {

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final ProcessRunner runner;
  private final Supplier<Path> amtool;

  AlertingRouteEveryRuleCheck(ProcessRunner runner, Supplier<Path> amtool) {
    super("alerting.route-every-rule", "HA-4",
        "Every alerting rule, with its labels, routes to enough channels (critical: two"
            + " integration types; Watchdog: the dead man's switch), as amtool confirms.");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.amtool = Objects.requireNonNull(amtool, "amtool");
  }

  /** One alerting rule of the render: where it is and the labels Alertmanager receives. */
  record Alert(Resource rule, String path, String name, Map<String, String> labels) {}

  @Override
  protected void run(CheckContext context, List<Finding> out) {
    AlertingRedundantChannelsCheck.RoutingParams params =
        AlertingRedundantChannelsCheck.RoutingParams.of(context);
    int min = params.minIntegrationTypes();
    Map<String, String> critical = params.criticalLabels();
    String watchdog = params.watchdogAlert();
    List<Alert> alerts = alerts(context);
    if (alerts.isEmpty()) {
      return;
    }
    for (AlertmanagerConfigs.Lookup lookup : AlertmanagerConfigs.lookups(context.resources())) {
      // alerting.redundant-channels reports why a configuration has no routing tree
      Optional<AlertRouting> parsed = AlertingRedundantChannelsCheck.routing(context, lookup,
          new ArrayList<>());
      if (parsed.isEmpty()) {
        continue;
      }
      AlertRouting routing = parsed.get();
      AlertmanagerConfigs.Config config = lookup.config().get();
      Map<Map<String, String>, List<String>> expected = new LinkedHashMap<>();
      Map<String, String> representatives = new HashMap<>();
      for (Alert alert : alerts) {
        List<AlertRouting.Route> routes = routing.route(alert.labels());
        List<String> receivers = routes.stream().map(AlertRouting.Route::receiver).distinct()
            .toList();
        expected.putIfAbsent(project(routing, alert.labels(), representatives), receivers);
        String reaches = "reaches receivers " + receivers + " (routes "
            + AlertRouting.paths(routes) + ")";
        if (alert.labels().entrySet().containsAll(critical.entrySet())) {
          Set<String> types = routing.integrations(receivers);
          if (types.size() < min) {
            out.add(context.finding(alert.rule(), alert.path(), "alert " + alert.name()
                + " (" + display(critical) + ") " + reaches + " with integration types " + types
                + ": expected at least " + min + " different integration types",
                "route it (or the labels it carries) to receivers with two integration types,"
                    + " e.g. slack_configs and email_configs, in "
                    + AlertmanagerConfigs.fileToEdit(config, context.target())));
          }
        }
        if (alert.name().equals(watchdog)
            && routes.stream().noneMatch(routing::isDeadMansSwitch)) {
          out.add(context.finding(alert.rule(), alert.path(), "alert " + alert.name() + " "
              + reaches + ": expected a route matching alertname=\"" + watchdog + "\" whose"
              + " receiver has an integration (the dead man's switch)",
              AlertingRedundantChannelsCheck.watchdogHint(
                  AlertmanagerConfigs.fileToEdit(config, context.target()), watchdog,
                  routes.stream().filter(AlertRouting.Route::matchesByName).findFirst())));
        }
      }
      inhibitions(context, routing, config, alerts, critical, watchdog, out);
      crossCheck(context, config, expected, out);
    }
  }

  /**
   * Inhibit rules that certainly silence a critical alert or the Watchdog. Alertmanager drops a
   * target alert while a source alert fires that has the same value (or both none) for every
   * label of {@code equal}. From the rules alone the gate knows their own labels, {@code
   * alertname} and the external labels; a pair that agrees on every {@code equal} label from
   * those is silenced on every object (an {@code equal} label set at run time, such as {@code
   * namespace} or {@code instance}, would scope it to one object, and is not judged). Sources
   * that fire always (the Watchdog) make such a target never reach anyone.
   */
  private static void inhibitions(CheckContext context, AlertRouting routing,
      AlertmanagerConfigs.Config config, List<Alert> alerts, Map<String, String> critical,
      String watchdog, List<Finding> out) {
    String file = AlertmanagerConfigs.fileToEdit(config, context.target());
    for (AlertRouting.Inhibition rule : routing.inhibitions()) {
      for (Alert target : alerts) {
        boolean isCritical = target.labels().entrySet().containsAll(critical.entrySet());
        boolean isWatchdog = target.name().equals(watchdog);
        if (!(isCritical || isWatchdog) || !rule.isTarget(target.labels())) {
          continue;
        }
        Optional<Alert> source = alerts.stream()
            .filter(a -> a != target && rule.isSource(a.labels()))
            // an alert on both sides is not inhibited by another alert on both sides
            .filter(a -> !(rule.isSource(target.labels()) && rule.isTarget(a.labels())))
            .filter(a -> rule.equal().stream().allMatch(l -> a.labels().containsKey(l)
                && a.labels().get(l).equals(target.labels().get(l))))
            .min(Comparator.comparing(a -> !a.name().equals(watchdog))); // the Watchdog first
        if (source.isEmpty()) {
          continue;
        }
        String when = source.get().name().equals(watchdog)
            ? "while " + watchdog + " fires, which is always"
            : "whenever " + source.get().name() + " fires, on every object";
        String scope = "equal " + rule.equal() + " names no label the two alerts can differ in";
        if (isWatchdog) {
          out.add(context.finding(target.rule(), target.path(), "alert " + target.name()
              + " is silenced by " + rule.path() + " " + when + " (" + scope + "): expected "
              + "the dead man's switch alert never to be inhibited",
              "exclude alertname=\"" + watchdog + "\" from the target matchers of "
                  + rule.path() + " in " + file));
        } else {
          out.add(context.finding(target.rule(), target.path(), "alert " + target.name()
              + " (" + display(critical) + ") is silenced by " + rule.path() + " " + when
              + " (" + scope + "): expected a critical alert to be inhibited only for the"
              + " object its source is about",
              "add the labels that name the object (e.g. namespace, instance) to equal of "
                  + rule.path() + " in " + file + ", or narrow its target matchers"));
        }
      }
    }
  }

  /** Every alerting rule of the render's PrometheusRules, with the labels Alertmanager sees. */
  static List<Alert> alerts(CheckContext context) {
    Map<String, String> external = new TreeMap<>();
    for (Resource p : context.ofKind(MonitorTargets.GROUP, "Prometheus")) {
      external.putAll(ParsedYaml.strings(p.at("spec.externalLabels").orElse(null)));
      String name = p.at("spec.prometheusExternalLabelName").map(ParsedYaml::str)
          .orElse("prometheus");
      if (!name.isEmpty()) {
        external.put(name, p.namespace() + "/" + p.name());
      }
      break; // the first Prometheus sends the alerts (the render has one)
    }
    List<Alert> out = new ArrayList<>();
    for (Resource r : context.ofKind(MonitorTargets.GROUP, "PrometheusRule")) {
      List<Map<String, Object>> groups = maps(r.at("spec.groups").orElse(null));
      for (int g = 0; g < groups.size(); g++) {
        List<Map<String, Object>> rules = maps(groups.get(g).get("rules"));
        for (int i = 0; i < rules.size(); i++) {
          String alert = str(rules.get(i).get("alert"));
          if (alert.isEmpty()) {
            continue;
          }
          Map<String, String> labels = new HashMap<>(external);
          map(rules.get(i).get("labels")).forEach((k, v) -> labels.put(k, str(v)));
          labels.put("alertname", alert);
          out.add(new Alert(r, "spec.groups." + g + ".rules." + i + ".alert", alert,
              Map.copyOf(labels)));
        }
      }
    }
    return out;
  }

  /**
   * The labels as routing tells them apart: for each label name some matcher tests, the first
   * value seen with the same match results ({@code representatives}, one map per routing tree)
   * stands for all such values; other labels are dropped. Routing a projection gives the same
   * routes as routing the labels.
   */
  private static Map<String, String> project(AlertRouting routing, Map<String, String> labels,
      Map<String, String> representatives) {
    Map<String, List<AlertRouting.LabelMatcher>> byName = new TreeMap<>();
    collect(routing.root(), byName);
    Map<String, String> out = new TreeMap<>();
    byName.forEach((name, matchers) -> {
      String value = labels.getOrDefault(name, "");
      String signature = name + "\u0000" + matchers.stream()
          .map(m -> m.matches(Map.of(name, value)) ? "1" : "0").collect(Collectors.joining());
      String representative = representatives.computeIfAbsent(signature, s -> value);
      if (!representative.isEmpty()) {
        out.put(name, representative);
      }
    });
    return out;
  }

  private static void collect(AlertRouting.Route route,
      Map<String, List<AlertRouting.LabelMatcher>> byName) {
    route.matchers().forEach(m -> byName.computeIfAbsent(m.name(), n -> new ArrayList<>()).add(m));
    route.children().forEach(c -> collect(c, byName));
  }

  /** Asks amtool where each distinct label set goes; a different answer is a finding. */
  private void crossCheck(CheckContext context, AlertmanagerConfigs.Config config,
      Map<Map<String, String>, List<String>> expected, List<Finding> out) {
    String binary = context.params().optionalString("amtool")
        .orElseGet(() -> amtool.get().toString());
    AlertmanagerConfigs.withFile(config, file -> {
      for (Map.Entry<Map<String, String>, List<String>> e : expected.entrySet()) {
        List<String> argv = new ArrayList<>(List.of(binary, "config", "routes", "test",
            "--config.file=" + file));
        e.getKey().forEach((k, v) -> argv.add(k + "=\"" + v.replace("\\", "\\\\")
            .replace("\"", "\\\"") + "\""));
        ProcessResult result = runner.run(ProcessSpec.of(argv, TIMEOUT));
        if (!result.succeeded()) {
          out.add(context.finding(config.source(), config.path(), "amtool config routes test"
              + " cannot route " + display(e.getKey()) + ": " + oneLine(result.stderr()),
              "run amtool check-config on the configuration and fix what it reports"));
          return;
        }
        Set<String> amtoolSays = new TreeSet<>(List.of(result.stdout().strip().split(",")));
        Set<String> gateSays = new TreeSet<>(e.getValue());
        if (!amtoolSays.equals(gateSays)) {
          out.add(context.finding(config.source(), config.path(), "alerts with "
              + display(e.getKey()) + " reach receivers " + gateSays + " by the gate's"
              + " routing model but " + amtoolSays + " by amtool config routes test: expected"
              + " both to agree",
              "report this to the validator's maintainers with the configuration; amtool is"
                  + " what Alertmanager does"));
        }
      }
    });
  }

  private static String display(Map<String, String> labels) {
    return labels.isEmpty() ? "no labels the routes test" : AlertRouting.display(labels);
  }

  private static String oneLine(String s) {
    return s.strip().lines().map(String::strip).collect(Collectors.joining(" | "));
  }
}
