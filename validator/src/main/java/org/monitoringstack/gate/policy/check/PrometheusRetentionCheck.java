package org.monitoringstack.gate.policy.check;

import java.util.List;
import java.util.Optional;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.PromDuration;

/** {@code prometheus.retention} (PERF-1): every Prometheus keeps at least {@code minimum}. */
final class PrometheusRetentionCheck extends Check {

  /** What the operator uses when neither retention nor retentionSize is set. */
  static final String OPERATOR_DEFAULT = "24h";

  PrometheusRetentionCheck() {
    super("prometheus.retention", "PERF-1",
        "Every Prometheus keeps its data at least as long as the profile's minimum (15d in "
            + "production).");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    PromDuration minimum = PromDuration.parse(ctx.params().string("minimum"));
    String hint = "set spec.retention: " + minimum + " (" + requirement() + ")";
    for (Resource p : ctx.ofKind(MonitorTargets.GROUP, "Prometheus")) {
      Optional<Object> raw = p.at("spec.retention");
      if (raw.isEmpty()) {
        if (PromDuration.parse(OPERATOR_DEFAULT).isShorterThan(minimum)) {
          out.add(ctx.finding(p, "spec.retention",
              "has no spec.retention, so the operator's default of "
                  + OPERATOR_DEFAULT + " applies; expected at least " + minimum, hint));
        }
        continue;
      }
      Optional<PromDuration> retention = PromDuration.tryParse(raw.get());
      if (retention.isEmpty()) {
        out.add(ctx.finding(p, "spec.retention",
            "spec.retention '" + raw.get() + "' is not a Prometheus duration; "
                + "expected at least " + minimum, hint));
      } else if (retention.get().isShorterThan(minimum)) {
        out.add(ctx.finding(p, "spec.retention",
            "keeps " + retention.get() + " of data (spec.retention); expected at "
                + "least " + minimum, hint));
      }
    }
  }
}
