package org.monitoringstack.gate.policy.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.Workload;

/** Base of the group-A checks: their identity, plus small helpers for parsed YAML. */
abstract class CoreCheck implements Check {

  static final String NAME_LABEL = "app.kubernetes.io/name";

  private final String id;
  private final String requirement;
  private final String description;

  CoreCheck(String id, String requirement, String description) {
    this.id = Objects.requireNonNull(id);
    this.requirement = Objects.requireNonNull(requirement);
    this.description = Objects.requireNonNull(description);
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final String requirement() {
    return requirement;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final List<Finding> evaluate(CheckContext context) {
    List<Finding> out = new ArrayList<>();
    run(context, out);
    return out;
  }

  abstract void run(CheckContext context, List<Finding> out);

  /** An advisory severity: warning, or info when the profile runs the check at info. */
  static org.monitoringstack.gate.model.Severity advisory(CheckContext ctx) {
    return ctx.severity() == org.monitoringstack.gate.model.Severity.INFO
        ? org.monitoringstack.gate.model.Severity.INFO
        : org.monitoringstack.gate.model.Severity.WARNING;
  }

  /** The same finding attributed to a more precise requirement (e.g. RES-2 of RES-1..RES-6). */
  static Finding withRequirement(Finding f, String requirement) {
    return new Finding(f.check(), f.severity(), requirement, f.target(), f.object(),
        f.location(), f.message(), f.hint(), f.waiver());
  }

  /** The stack component a workload belongs to: its pods' name label, else its own. */
  static String component(Workload w) {
    String fromPods = w.podLabels().get(NAME_LABEL);
    return fromPods != null ? fromPods : component(w.resource());
  }

  static String component(Resource r) {
    if (r.group().equals("monitoring.coreos.com") && r.is("Prometheus")) {
      return "prometheus";
    }
    if (r.group().equals("monitoring.coreos.com") && r.is("Alertmanager")) {
      return "alertmanager";
    }
    return r.labels().getOrDefault(NAME_LABEL, "");
  }

  static boolean isOperatorKind(Resource r, String kind) {
    return r.group().equals("monitoring.coreos.com") && r.is(kind);
  }

  /** {@code Kind/name} as messages print it. */
  static String display(Resource r) {
    return r.kind() + "/" + r.name();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  static List<?> list(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }

  static Optional<String> text(Object o) {
    return o == null ? Optional.empty() : Optional.of(String.valueOf(o));
  }

  static int intValue(Object o, int fallback) {
    return o instanceof Number n ? n.intValue() : fallback;
  }
}
