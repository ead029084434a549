package org.monitoringstack.gate.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One rendered Kubernetes object. {@code body} is the whole object as parsed YAML (maps, lists,
 * strings, numbers, booleans), unmodifiable, with the validator's own origin annotations already
 * stripped. {@code source} is the repository file (and line, where known) the object came from.
 */
public record Resource(ObjectRef ref, Map<String, Object> body, SourceLocation source) {

  public Resource {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(source, "source");
    body = Collections.unmodifiableMap(new LinkedHashMap<>(body));
  }

  public String apiVersion() {
    return ref.apiVersion();
  }

  public String kind() {
    return ref.kind();
  }

  public String namespace() {
    return ref.namespace();
  }

  public String group() {
    return ref.group();
  }

  public String name() {
    return ref.name();
  }

  public boolean is(String kind) {
    return ref.kind().equals(kind);
  }

  /**
   * The value at a dotted path of map keys ({@code "spec.retention"}); list elements by index
   * ({@code "spec.containers.0.name"}). Empty when any step is missing or of another shape.
   */
  public Optional<Object> at(String path) {
    return at(body, path);
  }

  /** The same lookup on any parsed YAML tree. */
  public static Optional<Object> at(Object root, String path) {
    Object current = root;
    for (String step : path.split("\\.")) {
      if (current instanceof Map<?, ?> map) {
        current = map.get(step);
      } else if (current instanceof List<?> list && step.chars().allMatch(Character::isDigit)) {
        int index = Integer.parseInt(step);
        current = index < list.size() ? list.get(index) : null;
      } else {
        return Optional.empty();
      }
      if (current == null) {
        return Optional.empty();
      }
    }
    return Optional.of(current);
  }

  /** {@code metadata.labels}, empty when none. */
  @SuppressWarnings("unchecked")
  /**
   * The repository paths this object deploys, as written, when it is an Argo CD Application
   * ({@code spec.source.path} and each of {@code spec.sources}) or a Flux Kustomization
   * ({@code spec.path}); empty for any other object.
   */
  public List<String> syncPaths() {
    List<Object> paths = new ArrayList<>();
    if (group().equals("argoproj.io") && is("Application")) {
      at("spec.source.path").ifPresent(paths::add);
      if (at("spec.sources").orElse(null) instanceof List<?> sources) {
        sources.forEach(source -> at(source, "path").ifPresent(paths::add));
      }
    } else if (group().equals("kustomize.toolkit.fluxcd.io") && is("Kustomization")) {
      at("spec.path").ifPresent(paths::add);
    }
    return paths.stream().map(String::valueOf).toList();
  }

  public Map<String, String> labels() {
    return at("metadata.labels")
        .filter(Map.class::isInstance)
        .map(m -> (Map<String, String>) m)
        .orElse(Map.of());
  }
}
