package org.monitoringstack.gate.policy.check;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.monitoringstack.gate.model.LabelSelector;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.ParsedYaml;
import org.monitoringstack.gate.policy.Workload;

/** Which workload is which component of the stack, and how messages name things. */
final class StackComponents {

  static final String NAME_LABEL = "app.kubernetes.io/name";

  private StackComponents() {}

  /** An object of the Prometheus Operator's group of the given kind. */
  static boolean isOperatorKind(Resource r, String kind) {
    return r.group().equals(MonitorTargets.GROUP) && r.is(kind);
  }

  /** The stack component a workload belongs to: its pods' name label, else its own. */
  static String component(Workload w) {
    String fromPods = w.podLabels().get(NAME_LABEL);
    return fromPods != null ? fromPods : component(w.resource());
  }

  static String component(Resource r) {
    if (isOperatorKind(r, "Prometheus")) {
      return "prometheus";
    }
    if (isOperatorKind(r, "Alertmanager")) {
      return "alertmanager";
    }
    return r.labels().getOrDefault(NAME_LABEL, "");
  }

  static boolean isPrometheus(Workload w) {
    return w.resource().is("Prometheus") && w.resource().group().equals(MonitorTargets.GROUP);
  }

  static boolean isAlertmanager(Workload w) {
    return w.resource().is("Alertmanager") && w.resource().group().equals(MonitorTargets.GROUP);
  }

  /** Grafana: pods labelled {@code app.kubernetes.io/name: grafana}. */
  static boolean isGrafana(Workload w) {
    return "grafana".equals(w.podLabels().get(NAME_LABEL)) && !w.resource().group().equals(
        MonitorTargets.GROUP);
  }

  static List<Workload> grafanas(List<Resource> resources) {
    return Workload.all(resources).stream().filter(StackComponents::isGrafana).toList();
  }

  /** The port of the web UI the workload serves (SEC-6, NET-3), if it is one of the UIs. */
  static OptionalInt uiPort(Workload w) {
    if (isPrometheus(w)) {
      return OptionalInt.of(9090);
    }
    if (isAlertmanager(w)) {
      return OptionalInt.of(9093);
    }
    if (isGrafana(w)) {
      return OptionalInt.of(3000);
    }
    return OptionalInt.empty();
  }

  /** The container of a workload that runs the component's main image. */
  static Optional<Integer> mainContainer(Workload w, String name) {
    List<Map<String, Object>> containers = w.containers();
    for (int i = 0; i < containers.size(); i++) {
      if (name.equals(ParsedYaml.str(containers.get(i).get("name")))) {
        return Optional.of(i);
      }
    }
    for (int i = 0; i < containers.size(); i++) {
      if (ParsedYaml.str(containers.get(i).get("image")).contains(name)) {
        return Optional.of(i);
      }
    }
    return containers.isEmpty() ? Optional.empty() : Optional.of(0);
  }

  /** Where a workload's pod labels are written (for locating findings about its pods). */
  static String podLabelsPath(Workload w) {
    if (w.podSpecPath().equals("spec")) {
      return w.resource().at("spec.podMetadata.labels").isPresent()
          ? "spec.podMetadata.labels" : "metadata.name";
    }
    String prefix = w.podSpecPath().substring(0, w.podSpecPath().length() - ".spec".length());
    return prefix + ".metadata.labels";
  }

  /** {@code Kind/name} as messages print it. */
  static String display(Resource r) {
    return r.kind() + "/" + r.name();
  }

  /** A selector for messages: {@code {a=b, c in (x,y)}}, keys sorted. */
  static String display(LabelSelector s) {
    if (s.isEmpty()) {
      return "{}";
    }
    String labels = new TreeMap<>(s.matchLabels()).entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    String exprs = s.matchExpressions().stream()
        .map(r -> r.key() + " " + r.operator()
            + (r.values().isEmpty() ? "" : " (" + String.join(",", r.values()) + ")"))
        .collect(Collectors.joining(", "));
    return "{" + labels + (labels.isEmpty() || exprs.isEmpty() ? "" : ", ") + exprs + "}";
  }
}
