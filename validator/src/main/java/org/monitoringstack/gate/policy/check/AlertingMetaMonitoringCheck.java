package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.maps;
import static org.monitoringstack.gate.policy.ParsedYaml.str;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.PolicyException;

/**
 * {@code alerting.meta-monitoring} (POST-1): the PrometheusRules of the render alert on the
 * stack itself. Param {@code requiredAlerts}: regular expressions (matching a whole alert name),
 * one per required alert (Watchdog, Prometheus down / config reload / TSDB, Alertmanager down /
 * config reload / failed notifications, the operator, target down). Applies when the render has
 * a Prometheus resource.
 */
public final class AlertingMetaMonitoringCheck implements Check {

  @Override
  public String id() {
    return "alerting.meta-monitoring";
  }

  @Override
  public String requirement() {
    return "POST-1";
  }

  @Override
  public String description() {
    return "PrometheusRules alert on Watchdog, Prometheus, Alertmanager, the operator and"
        + " target health.";
  }

  @Override
  public List<Finding> evaluate(CheckContext context) {
    if (context.ofKind("Prometheus").stream()
        .noneMatch(r -> r.group().equals(MonitorTargets.GROUP))) {
      return List.of();
    }
    List<Resource> rules = context.ofKind("PrometheusRule").stream()
        .filter(r -> r.group().equals(MonitorTargets.GROUP)).toList();
    List<String> alerts = new ArrayList<>();
    for (Resource r : rules) {
      for (Map<String, Object> group : maps(r.at("spec.groups").orElse(null))) {
        for (Map<String, Object> rule : maps(group.get("rules"))) {
          if (!str(rule.get("alert")).isEmpty()) {
            alerts.add(str(rule.get("alert")));
          }
        }
      }
    }
    List<Finding> out = new ArrayList<>();
    for (String required : context.params().strings("requiredAlerts")) {
      Pattern p;
      try {
        p = Pattern.compile(required);
      } catch (PatternSyntaxException e) {
        throw new PolicyException("check " + id() + ": requiredAlerts entry '" + required
            + "' is not a regular expression: " + e.getDescription());
      }
      if (alerts.stream().anyMatch(a -> p.matcher(a).matches())) {
        continue;
      }
      String message = "no PrometheusRule alert matches " + required
          + ": expected an alert on the monitoring stack's own health whose name matches it,"
          + " found " + alerts.size() + " alerts in " + rules.size() + " PrometheusRules, none"
          + " matching";
      String hint = "add the alert (with a runbook annotation and a promtool test) to the"
          + " stack's PrometheusRules in base/rules";
      out.add(rules.isEmpty() ? context.targetFinding(message, hint)
          : context.finding(rules.get(0), "spec.groups", message, hint));
    }
    return out;
  }
}
