package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.list;
import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.check.StackComponents.isOperatorKind;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.PromDuration;

/**
 * {@code prometheus.evaluation-interval} (PERF-2): Prometheus' rule evaluation interval, and every
 * PrometheusRule group's own interval, is no shorter than the profile's {@code minimum} and (with
 * {@code maximum}; production: 30s, so exactly the guide's 30s) no longer than {@code maximum}.
 */
final class EvaluationIntervalCheck extends Check {

  /** The operator's default spec.evaluationInterval. */
  static final String OPERATOR_DEFAULT = "30s";

  EvaluationIntervalCheck() {
    super("prometheus.evaluation-interval", "PERF-2",
        "Prometheus and every PrometheusRule group evaluate rules at the profile's interval "
            + "(exactly 30s in production; in kind no faster than its minimum).");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    IntervalRange range = IntervalRange.of(ctx);
    for (Resource r : ctx.resources()) {
      if (isOperatorKind(r, "Prometheus")) {
        Optional<Object> raw = r.at("spec.evaluationInterval");
        check(ctx, out, r, "spec.evaluationInterval", raw.orElse(OPERATOR_DEFAULT), "",
            raw.isEmpty() ? "operator default, spec.evaluationInterval unset"
                : "spec.evaluationInterval", range);
      } else if (isOperatorKind(r, "PrometheusRule")) {
        List<?> groups = list(r.at("spec.groups").orElse(null));
        for (int i = 0; i < groups.size(); i++) {
          Map<String, Object> g = map(groups.get(i));
          if (g.get("interval") != null) {
            check(ctx, out, r, "spec.groups." + i + ".interval", g.get("interval"),
                "group '" + g.get("name") + "'", "", range);
          }
        }
      }
    }
  }

  private void check(CheckContext ctx, List<Finding> out, Resource r, String path, Object raw,
      String who, String field, IntervalRange range) {
    Optional<PromDuration> interval = PromDuration.tryParse(raw);
    String hint = "evaluate " + range.expected() + " (" + requirement() + "): set the interval to "
        + range.suggestion() + " or remove the override";
    String subject = who.isEmpty() ? "" : who + " ";
    String where = field.isEmpty() ? "" : " (" + field + ")";
    if (interval.isEmpty()) {
      out.add(ctx.finding(r, path, subject + "has evaluation interval '" + raw + "'" + where
          + ", which is not a Prometheus duration (e.g. 30s, 1m30s, 30000ms); expected "
          + range.expected(), hint));
    } else if (!range.allows(interval.get())) {
      out.add(ctx.finding(r, path, subject + "evaluates rules every " + interval.get() + where
          + (range.isTooSlow(interval.get()) ? ", slower than allowed" : ", faster than allowed")
          + "; expected " + range.expected(), hint));
    }
  }
}
