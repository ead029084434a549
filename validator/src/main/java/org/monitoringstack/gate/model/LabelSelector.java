package org.monitoringstack.gate.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Kubernetes label selector with the API server's semantics: {@code matchLabels} and {@code
 * matchExpressions} (In, NotIn, Exists, DoesNotExist) are ANDed; an empty selector ({@code {}})
 * selects everything. Whether an absent selector selects nothing or everything depends on the
 * field, so callers decide that before parsing: {@link #parse} returns empty for an absent one.
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {

  /** The selector {@code {}}: matches every label set. */
  public static final LabelSelector EVERYTHING = new LabelSelector(Map.of(), List.of());

  public LabelSelector {
    matchLabels = Map.copyOf(matchLabels);
    matchExpressions = List.copyOf(matchExpressions);
  }

  /** One element of {@code matchExpressions}. */
  public record Requirement(String key, String operator, List<String> values) {
    public Requirement {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(operator, "operator");
      values = List.copyOf(values);
    }

    boolean matches(Map<String, String> labels) {
      return switch (operator) {
        case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
        case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
        case "Exists" -> labels.containsKey(key);
        case "DoesNotExist" -> !labels.containsKey(key);
        default -> false; // an unknown operator never matches, as the API server rejects it
      };
    }
  }

  /**
   * Parses a selector as found in YAML ({@code {matchLabels: ..., matchExpressions: [...]}}).
   * Empty when {@code yaml} is null or not a map.
   */
  public static Optional<LabelSelector> parse(Object yaml) {
    if (!(yaml instanceof Map<?, ?> map)) {
      return Optional.empty();
    }
    return Optional.of(new LabelSelector(stringMap(map.get("matchLabels")), requirements(map)));
  }

  public boolean matches(Map<String, String> labels) {
    return matchLabels.entrySet().stream()
        .allMatch(e -> e.getValue().equals(labels.get(e.getKey())))
        && matchExpressions.stream().allMatch(r -> r.matches(labels));
  }

  public boolean isEmpty() {
    return matchLabels.isEmpty() && matchExpressions.isEmpty();
  }

  private static Map<String, String> stringMap(Object yaml) {
    if (!(yaml instanceof Map<?, ?> map)) {
      return Map.of();
    }
    Map<String, String> out = new java.util.LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    return out;
  }

  private static List<Requirement> requirements(Map<?, ?> selector) {
    if (!(selector.get("matchExpressions") instanceof List<?> list)) {
      return List.of();
    }
    return list.stream().filter(Map.class::isInstance).map(item -> (Map<?, ?>) item)
        .map(m -> new Requirement(String.valueOf(m.get("key")), String.valueOf(m.get("operator")),
            m.get("values") instanceof List<?> vs ? vs.stream().map(String::valueOf).toList()
                : List.of()))
        .toList();
  }
}
