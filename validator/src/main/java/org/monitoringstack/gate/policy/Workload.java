package org.monitoringstack.gate.policy;

import java.util.ArrayList;
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
    List<Workload> out = new ArrayList<>();
    for (Resource r : resources) {
      of(r).ifPresent(out::add);
    }
    return out;
  }

  /** The workload view of one object, empty when it makes no pods. */
  public static Optional<Workload> of(Resource r) {
    if (TEMPLATED.contains(r.kind())) {
      int replicas = r.is("DaemonSet") ? -1 : intAt(r, "spec.replicas", 1);
      return Optional.of(new Workload(
          r, stringMap(r.at("spec.template.metadata.labels").orElse(null)),
          map(r.at("spec.template.spec").orElse(null)), "spec.template.spec", replicas));
    }
    if (r.is("CronJob")) {
      return Optional.of(new Workload(
          r, stringMap(r.at("spec.jobTemplate.spec.template.metadata.labels").orElse(null)),
          map(r.at("spec.jobTemplate.spec.template.spec").orElse(null)),
          "spec.jobTemplate.spec.template.spec", 1));
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

  /** Convenience: the resource's namespace. */
  public String namespace() {
    return resource.namespace();
  }

  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> containers() {
    return podSpec.get("containers") instanceof List<?> l
        ? (List<Map<String, Object>>) (List<?>) l.stream().filter(Map.class::isInstance).toList()
        : List.of();
  }

  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> initContainers() {
    return podSpec.get("initContainers") instanceof List<?> l
        ? (List<Map<String, Object>>) (List<?>) l.stream().filter(Map.class::isInstance).toList()
        : List.of();
  }

  private static int intAt(Resource r, String path, int fallback) {
    return r.at(path).filter(Number.class::isInstance).map(n -> ((Number) n).intValue())
        .orElse(fallback);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static Map<String, String> stringMap(Object o) {
    Map<String, String> out = new LinkedHashMap<>();
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
    }
    return out;
  }
}
