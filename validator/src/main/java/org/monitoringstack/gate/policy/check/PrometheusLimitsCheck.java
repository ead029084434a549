package org.monitoringstack.gate.policy.check;

import java.util.List;
import java.util.Optional;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;

/**
 * {@code prometheus.limits} (SCA-1): every Prometheus sets the enforced per-scrape limits the
 * profile lists ({@code required}), each a positive number, against cardinality blow-ups.
 */
final class PrometheusLimitsCheck extends Check {

  PrometheusLimitsCheck() {
    super("prometheus.limits", "SCA-1",
        "Every Prometheus sets the profile's enforced scrape limits (sample and label limits) "
            + "to protect against high-cardinality targets.");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    List<String> required = ctx.params().strings("required");
    for (Resource p : ctx.ofKind(MonitorTargets.GROUP, "Prometheus")) {
      for (String field : required) {
        Optional<Object> v = p.at("spec." + field);
        boolean positive = v.isPresent() && (v.get() instanceof Number n ? n.doubleValue() > 0
            : !String.valueOf(v.get()).isBlank() && !String.valueOf(v.get()).equals("0"));
        if (!positive) {
          out.add(ctx.finding(p, "spec." + field,
              (v.isEmpty() ? "does not set spec." + field
                  : "sets spec." + field + " to " + v.get() + ", which means no limit")
                  + "; expected a positive limit against high-cardinality targets ("
                  + requirement() + ")",
              "set spec." + field + " to a limit sized for your largest target"));
        }
      }
    }
  }
}
