package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.list;

import java.util.List;
import java.util.Optional;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;

/**
 * {@code prometheus.exemplars} (PERF-3): exemplar storage is on and holds at least {@code maxSize}
 * exemplars. The guide writes {@code tsdb.maxExemplars}, which is not a Prometheus Operator field;
 * the operator's equivalent is {@code spec.exemplars.maxSize} together with the
 * {@code exemplar-storage} feature flag in {@code spec.enableFeatures}.
 */
final class ExemplarsCheck extends Check {

  static final String NOTE = " (the guide's tsdb.maxExemplars is not a Prometheus Operator "
      + "field; the operator's field is spec.exemplars.maxSize, which needs the exemplar-storage "
      + "feature in spec.enableFeatures)";

  ExemplarsCheck() {
    super("prometheus.exemplars", "PERF-3",
        "Every Prometheus enables the exemplar-storage feature and sets spec.exemplars.maxSize "
            + "to at least the profile's value (the real field behind the guide's "
            + "tsdb.maxExemplars).");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    int wanted = ctx.params().integer("maxSize");
    for (Resource p : ctx.ofKind(MonitorTargets.GROUP, "Prometheus")) {
      Optional<Object> size = p.at("spec.exemplars.maxSize");
      if (size.isEmpty()) {
        out.add(ctx.finding(p, "spec.exemplars.maxSize",
            "does not set spec.exemplars.maxSize; expected at least " + wanted
                + NOTE, "set spec.exemplars.maxSize: " + wanted));
      } else if (!(size.get() instanceof Number n) || n.longValue() < wanted) {
        out.add(ctx.finding(p, "spec.exemplars.maxSize",
            "keeps at most " + size.get() + " exemplars (spec.exemplars.maxSize);"
                + " expected at least " + wanted + NOTE,
            "set spec.exemplars.maxSize: " + wanted));
      }
      List<?> features = list(p.at("spec.enableFeatures").orElse(null));
      if (!features.contains("exemplar-storage")) {
        out.add(ctx.finding(p, "spec.enableFeatures",
            "does not enable the exemplar-storage feature (spec.enableFeatures: "
                + features + "); expected it, without it Prometheus stores no exemplars" + NOTE,
            "add exemplar-storage to spec.enableFeatures"));
      }
    }
  }
}
