package org.monitoringstack.gate.policy.check;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.PromDuration;

/**
 * {@code prometheus.evaluation-interval} (PERF-2): Prometheus' rule evaluation interval, and every
 * PrometheusRule group's own interval, is no shorter than the profile's {@code minimum}.
 */
final class EvaluationIntervalCheck extends CoreCheck {

  /** The operator's default spec.evaluationInterval. */
  static final String OPERATOR_DEFAULT = "30s";

  EvaluationIntervalCheck() {
    super("prometheus.evaluation-interval", "PERF-2",
        "Prometheus and every PrometheusRule group evaluate rules no more often than the "
            + "profile's minimum interval (30s in production).");
  }

  @Override
  void run(CheckContext ctx, List<Finding> out) {
    PromDuration minimum = PromDuration.parse(ctx.params().string("minimum"));
    for (Resource r : ctx.resources()) {
      if (isOperatorKind(r, "Prometheus")) {
        Optional<Object> raw = r.at("spec.evaluationInterval");
        check(ctx, out, r, "spec.evaluationInterval", raw.orElse(OPERATOR_DEFAULT), "",
            raw.isEmpty() ? "operator default, spec.evaluationInterval unset"
                : "spec.evaluationInterval", minimum);
      } else if (isOperatorKind(r, "PrometheusRule")) {
        List<?> groups = list(r.at("spec.groups").orElse(null));
        for (int i = 0; i < groups.size(); i++) {
          Map<String, Object> g = map(groups.get(i));
          if (g.get("interval") != null) {
            check(ctx, out, r, "spec.groups." + i + ".interval", g.get("interval"),
                "group '" + g.get("name") + "'", "", minimum);
          }
        }
      }
    }
  }

  private void check(CheckContext ctx, List<Finding> out, Resource r, String path, Object raw,
      String who, String field, PromDuration minimum) {
    Optional<PromDuration> interval = PromDuration.tryParse(raw);
    String hint = "evaluate every " + minimum + " or less often (PERF-2)";
    String subject = who.isEmpty() ? "" : who + " ";
    String where = field.isEmpty() ? "" : " (" + field + ")";
    if (interval.isEmpty()) {
      out.add(ctx.finding(r, path, subject + "has evaluation interval '" + raw + "'" + where
          + ", which is not a Prometheus duration; expected no faster than every " + minimum,
          hint));
    } else if (interval.get().isShorterThan(minimum)) {
      out.add(ctx.finding(r, path, subject + "evaluates rules every " + interval.get() + where
          + "; expected no faster than every " + minimum, hint));
    }
  }
}
