package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.maps;
import static org.monitoringstack.gate.policy.ParsedYaml.str;

import java.util.List;
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
 * a Prometheus resource; a missing alert is reported on that Prometheus (the first one), which
 * would evaluate it.
 */
final class AlertingMetaMonitoringCheck extends Check {

  AlertingMetaMonitoringCheck() {
    super("alerting.meta-monitoring", "POST-1",
        "PrometheusRules alert on Watchdog, Prometheus, Alertmanager, the operator and"
            + " target health.");
  }

  @Override
  protected void run(CheckContext context, List<Finding> out) {
    // a missing alert is in no object: it is reported on the Prometheus that should evaluate it
    Resource prometheus = context.ofKind(MonitorTargets.GROUP, "Prometheus").stream().findFirst()
        .orElse(null);
    if (prometheus == null) {
      return;
    }
    List<Resource> rules = context.ofKind(MonitorTargets.GROUP, "PrometheusRule");
    List<String> alerts = rules.stream()
        .flatMap(r -> maps(r.at("spec.groups").orElse(null)).stream())
        .flatMap(group -> maps(group.get("rules")).stream())
        .map(rule -> str(rule.get("alert"))).filter(a -> !a.isEmpty()).toList();
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
      out.add(context.finding(prometheus, "spec.ruleSelector", message, hint));
    }
  }
}
