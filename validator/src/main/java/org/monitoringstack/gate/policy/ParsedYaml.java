package org.monitoringstack.gate.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.yaml.SafeYaml;

/**
 * Small, null-tolerant accessors for parsed YAML trees (maps, lists, scalars) and a safe loader
 * for YAML embedded in objects (Alertmanager configuration, Grafana provisioning files).
 */
public final class ParsedYaml {

  private ParsedYaml() {}

  /** The value as a map, empty when it is something else. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** The value as a list, empty when it is something else. */
  @SuppressWarnings("unchecked")
  public static List<Object> list(Object o) {
    return o instanceof List<?> l ? (List<Object>) l : List.of();
  }

  /** The map elements of a list. */
  public static List<Map<String, Object>> maps(Object o) {
    return list(o).stream().filter(Map.class::isInstance).map(ParsedYaml::map).toList();
  }

  /** A scalar as text, empty for null or a collection. */
  public static String str(Object o) {
    if (o == null || o instanceof Map<?, ?> || o instanceof List<?>) {
      return "";
    }
    return String.valueOf(o);
  }

  /**
   * The one meaning of "true" for the validator: the YAML boolean true, parsed ({@code true},
   * {@code True}, {@code yes}, {@code on}... as Kubernetes reads a manifest) or written as text
   * that YAML reads so (an env value, a grafana.ini setting). Anything else is not true.
   */
  public static boolean isTrue(Object o) {
    return bool(o).orElse(false);
  }

  /** The YAML boolean false, in the sense of {@link #isTrue}; null and other text are neither. */
  public static boolean isFalse(Object o) {
    return !bool(o).orElse(true);
  }

  private static Optional<Boolean> bool(Object o) {
    return o instanceof Boolean b ? Optional.of(b)
        : o instanceof String s ? SafeYaml.kubernetesBoolean(s) : Optional.empty();
  }

  /** A whole number, or the fallback when the value is something else. */
  public static int intValue(Object o, int fallback) {
    return o instanceof Number n ? n.intValue() : fallback;
  }

  /** A string-to-string view of a map (labels, ConfigMap data). */
  public static Map<String, String> strings(Object o) {
    Map<String, String> out = new LinkedHashMap<>();
    map(o).forEach((k, v) -> out.put(k, v == null ? "" : String.valueOf(v)));
    return out;
  }

  public static Optional<Object> at(Object root, String path) {
    return Resource.at(root, path);
  }

  /**
   * Parses one YAML (or JSON) document with {@link SafeYaml#load}, read like Kubernetes.
   *
   * @throws org.yaml.snakeyaml.error.YAMLException when the text is not YAML
   */
  public static Object load(String text) {
    return SafeYaml.load(text);
  }
}
