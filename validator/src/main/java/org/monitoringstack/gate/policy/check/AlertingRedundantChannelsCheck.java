package org.monitoringstack.gate.policy.check;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.ParsedYaml;

/**
 * {@code alerting.redundant-channels} (HA-4): the Alertmanager configuration (found by {@link
 * AlertmanagerConfigs}) sends critical alerts, and alerts no specific route takes, to receivers
 * with at least {@code minIntegrationTypes} (default 2) different integration types (e.g.
 * {@code slack_configs} and {@code email_configs}), and routes the Watchdog alert to a dead man's
 * switch: a route matching {@code alertname} whose receiver has an integration. Params: {@code
 * minIntegrationTypes}, {@code criticalLabels} (default {@code {severity: critical}}), {@code
 * watchdogAlert} (default {@code Watchdog}).
 */
final class AlertingRedundantChannelsCheck extends Check {

  static final String PROBE = "RedundancyProbe";

  AlertingRedundantChannelsCheck() {
    super("alerting.redundant-channels", "HA-4",
        "Critical and default alerts reach two different notification channels; Watchdog"
            + " reaches a dead man's switch.");
  }

  @Override
  protected void run(CheckContext context, List<Finding> out) {
    RoutingParams params = RoutingParams.of(context);
    int min = params.minIntegrationTypes();
    Map<String, String> critical = params.criticalLabels();
    for (AlertmanagerConfigs.Lookup lookup : AlertmanagerConfigs.lookups(context.resources())) {
      Optional<AlertRouting> routing = routing(context, lookup, out);
      if (routing.isEmpty()) {
        continue;
      }
      AlertmanagerConfigs.Config config = lookup.config().get();
      Map<String, String> criticalAlert = new LinkedHashMap<>(critical);
      criticalAlert.put("alertname", PROBE);
      channels(context, config, routing.get(), criticalAlert,
          "critical alerts (" + AlertRouting.display(critical) + ")", min, out);
      channels(context, config, routing.get(), Map.of("alertname", PROBE),
          "alerts that no specific route takes (default route)", min, out);
      watchdog(context, config, routing.get(), params.watchdogAlert(), out);
    }
  }

  /**
   * The params the routing checks share: {@code minIntegrationTypes} (default 2), {@code
   * criticalLabels} (default {@code {severity: critical}}), {@code watchdogAlert} (default
   * Watchdog).
   */
  record RoutingParams(int minIntegrationTypes, Map<String, String> criticalLabels,
      String watchdogAlert) {

    static RoutingParams of(CheckContext context) {
      return new RoutingParams(
          context.params().integer("minIntegrationTypes", 2),
          context.params().get("criticalLabels").map(ParsedYaml::strings)
              .orElse(Map.of("severity", "critical")),
          context.params().optionalString("watchdogAlert").orElse("Watchdog"));
    }
  }

  /** The routing tree of a lookup, or findings saying why there is none. */
  static Optional<AlertRouting> routing(CheckContext context, AlertmanagerConfigs.Lookup lookup,
      List<Finding> out) {
    if (lookup.config().isEmpty()) {
      out.add(context.finding(lookup.alertmanager(), "spec.configSecret",
          "runs with configSecret "
              + lookup.secretName() + ": expected a Secret, ExternalSecret or ConfigMap of that"
              + " name (or with a kustomize name suffix) holding " + AlertmanagerConfigs.KEY
              + " in the render, found none",
          "render the configuration with the stack: a secretGenerator (kind) or an"
              + " ExternalSecret with a template (production) named " + lookup.secretName()));
      return Optional.empty();
    }
    AlertmanagerConfigs.Config config = lookup.config().get();
    if (!config.problem().isEmpty()) {
      out.add(context.finding(config.source(), config.path(), config.problem(),
          "keep the configuration's structure in git and take only credentials from the"
              + " secret store (template placeholders)"));
      return Optional.empty();
    }
    try {
      return Optional.of(AlertRouting.of(ParsedYaml.load(config.text())));
    } catch (RuntimeException e) {
      String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      out.add(context.finding(config.source(), config.path(),
          "the Alertmanager configuration is not valid YAML: expected"
              + " a YAML document, found " + reason,
          "fix the YAML of " + AlertmanagerConfigs.KEY));
      return Optional.empty();
    }
  }

  private static void channels(CheckContext context, AlertmanagerConfigs.Config config,
      AlertRouting routing, Map<String, String> alert, String what, int min, List<Finding> out) {
    List<AlertRouting.Route> routes = routing.route(alert);
    Set<String> receivers = new LinkedHashSet<>();
    routes.forEach(r -> receivers.add(r.receiver()));
    Set<String> types = routing.integrations(receivers);
    if (types.size() >= min) {
      return;
    }
    out.add(context.finding(config.source(), config.path(),
        what + " reach receivers " + receivers
            + " with integration types " + types + ": expected at least " + min
            + " different integration types (e.g. slack_configs and email_configs)",
        "in " + AlertmanagerConfigs.fileToEdit(config, context.target()) + ", give receiver "
            + String.join(" or ", receivers) + " a second integration type, or add a route"
            + " with continue: true to a receiver of another type (routes "
            + AlertRouting.paths(routes) + ")"));
  }

  private static void watchdog(CheckContext context, AlertmanagerConfigs.Config config,
      AlertRouting routing, String alertname, List<Finding> out) {
    List<AlertRouting.Route> routes = routing.route(Map.of("alertname", alertname,
        "severity", "none"));
    if (routes.stream().anyMatch(routing::isDeadMansSwitch)) {
      return;
    }
    AlertRouting.Route first = routes.get(0);
    out.add(context.finding(config.source(), config.path(),
        "alertname=" + alertname + " reaches " + first.path()
            + " (receiver " + first.receiver() + "): expected a dead man's switch route matching"
            + " alertname=\"" + alertname + "\" whose receiver has an integration",
        watchdogHint(AlertmanagerConfigs.fileToEdit(config, context.target()), alertname,
            routes.stream().filter(AlertRouting.Route::matchesByName).findFirst())));
  }

  /**
   * What to do in {@code file}: give the receiver of the route that matches the Watchdog by name
   * an integration, or, without such a route, add one to a receiver that has one (never a
   * receiver name the configuration does not define).
   */
  static String watchdogHint(String file, String alertname, Optional<AlertRouting.Route> byName) {
    return byName.map(r -> "in " + file + ", give receiver " + r.receiver() + " (route "
            + r.path() + ") an integration that sends to the dead man's switch service (e.g."
            + " webhook_configs)")
        .orElse("in " + file + ", add a first route {matchers: [alertname=\"" + alertname
            + "\"], receiver: <R>, repeat_interval: 1m}, where <R> is a receiver whose"
            + " integration sends to the dead man's switch service (e.g. webhook_configs)");
  }
}
