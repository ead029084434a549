package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.list;
import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.check.StackComponents.isOperatorKind;

import java.util.List;
import java.util.Map;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.CheckContext;

/**
 * {@code prometheus.evaluation-interval} (PERF-2): Prometheus' rule evaluation interval, and every
 * PrometheusRule group's own interval, is no shorter than the profile's {@code minimum} and (with
 * {@code maximum}; production: 30s, so exactly the guide's 30s) no longer than {@code maximum}.
 */
final class EvaluationIntervalCheck extends IntervalCheck {

  EvaluationIntervalCheck() {
    super("prometheus.evaluation-interval", "PERF-2",
        "Prometheus and every PrometheusRule group evaluate rules at the profile's interval "
            + "(exactly 30s in production; in kind no faster than its minimum).",
        "evaluate", "evaluation interval", "evaluates rules every");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    Range range = Range.of(ctx);
    for (Resource r : ctx.resources()) {
      if (isOperatorKind(r, "Prometheus")) {
        prometheus(ctx, out, r, "spec.evaluationInterval", range);
      } else if (isOperatorKind(r, "PrometheusRule")) {
        List<?> groups = list(r.at("spec.groups").orElse(null));
        for (int i = 0; i < groups.size(); i++) {
          Map<String, Object> g = map(groups.get(i));
          if (g.get("interval") != null) {
            judge(ctx, out, r, "spec.groups." + i + ".interval", g.get("interval"),
                "group '" + g.get("name") + "'", "", range);
          }
        }
      }
    }
  }
}
