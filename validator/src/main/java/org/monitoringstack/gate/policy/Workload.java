package org.monitoringstack.gate.policy;

import static org.monitoringstack.gate.policy.ParsedYaml.map;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.monitoringstack.gate.model.Resource;

/**
 * The pods an object makes, as the checks need to see them: their labels, namespace, replica
 * count and pod spec. Covers the built-in workloads and the operator's custom resources, whose
 * pods carry the labels the Prometheus Operator gives them.
 *
 * @param resource the object that makes the pods
 * @param podLabels labels of the pods it makes
 * @param podSpec the pod spec (for operator resources: {@code spec} itself, whose fields mirror a
 *     pod spec for containers, securityContext, affinity, resources)
 * @param podSpecPath the dotted path of {@code podSpec} inside the resource, for locating fields
 * @param replicas desired replicas; 1 when unset; -1 for a DaemonSet (one per node)
 */
public record Workload(
    Resource resource,
    Map<String, String> podLabels,
    Map<String, Object> podSpec,
    String podSpecPath,
    int replicas) {

  public Workload {
    Objects.requireNonNull(resource, "resource");
    podLabels = Map.copyOf(podLabels);
    podSpec = podSpec == null ? Map.of() : podSpec;
    Objects.requireNonNull(podSpecPath, "podSpecPath");
  }

  private static final List<String> TEMPLATED =
      List.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job");

  /** The workloads among rendered objects, in render order. */
  public static List<Workload> all(List<Resource> resources) {
    return resources.stream().flatMap(r -> of(r).stream()).toList();
  }

  /** The workload view of one object, empty when it makes no pods. */
  public static Optional<Workload> of(Resource r) {
    String template = TEMPLATED.contains(r.kind()) ? "spec.template"
        : r.is("CronJob") ? "spec.jobTemplate.spec.template" : null;
    if (template != null) {
      int replicas = r.is("DaemonSet") ? -1 : r.is("CronJob") ? 1 : intAt(r, "spec.replicas", 1);
      return Optional.of(new Workload(
          r, stringMap(r.at(template + ".metadata.labels").orElse(null)),
          map(r.at(template + ".spec").orElse(null)), template + ".spec", replicas));
    }
    if (r.group().equals("monitoring.coreos.com")
        && (r.is("Prometheus") || r.is("Alertmanager") || r.is("ThanosRuler"))) {
      Map<String, String> labels = new LinkedHashMap<>(
          stringMap(r.at("spec.podMetadata.labels").orElse(null)));
      String app = switch (r.kind()) {
        case "Prometheus" -> "prometheus";
        case "Alertmanager" -> "alertmanager";
        default -> "thanos-ruler";
      };
      // labels the operator puts on every pod it creates for this resource
      labels.put("app.kubernetes.io/name", app);
      labels.put("app.kubernetes.io/managed-by", "prometheus-operator");
      labels.put("app.kubernetes.io/instance", r.name());
      labels.put(app, r.name());
      labels.put("operator.prometheus.io/name", r.name());
      int replicas = intAt(r, "spec.replicas", 1);
      if (r.is("Prometheus")) {
        replicas *= Math.max(1, intAt(r, "spec.shards", 1));
      }
      return Optional.of(new Workload(
          r, labels, map(r.at("spec").orElse(null)), "spec", replicas));
    }
    return Optional.empty();
  }

  public String namespace() {
    return resource.namespace();
  }

  public List<Map<String, Object>> containers() {
    return ParsedYaml.maps(podSpec.get("containers"));
  }

  public List<Map<String, Object>> initContainers() {
    return ParsedYaml.maps(podSpec.get("initContainers"));
  }

  private static int intAt(Resource r, String path, int fallback) {
    return ParsedYaml.intValue(r.at(path).orElse(null), fallback);
  }

  private static Map<String, String> stringMap(Object o) {
    Map<String, String> out = new LinkedHashMap<>();
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
    }
    return out;
  }
}
