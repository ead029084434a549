package org.monitoringstack.gate.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parameters a profile gives one check ({@code checks.<id>.params} in a profile file).
 * Profiles are schema-validated before any check runs, so a missing or mistyped parameter here is
 * a bug in the profile schema; it is reported as {@link PolicyException} naming the check.
 */
public record Params(String checkId, Map<String, Object> values) {

  public Params {
    Objects.requireNonNull(checkId, "checkId");
    values = values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public Optional<Object> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  public String string(String key) {
    return String.valueOf(require(key));
  }

  public Optional<String> optionalString(String key) {
    return get(key).map(String::valueOf);
  }

  public int integer(String key) {
    Object v = require(key);
    if (v instanceof Number n) {
      return n.intValue();
    }
    throw new PolicyException(
        "check " + checkId + ": parameter '" + key + "' must be a whole number, was " + v);
  }

  /** An optional whole number: the fallback when the profile does not set it. */
  public int integer(String key, int fallback) {
    return get(key).isPresent() ? integer(key) : fallback;
  }

  public boolean bool(String key, boolean fallback) {
    return get(key).map(ParsedYaml::isTrue).orElse(fallback);
  }

  /** An optional list: the fallback when the profile does not set it. */
  public List<String> strings(String key, List<String> fallback) {
    return get(key).isPresent() ? strings(key) : fallback;
  }

  public List<String> strings(String key) {
    Object v = values.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw new PolicyException(
          "check " + checkId + ": parameter '" + key + "' must be a list, was " + v);
    }
    return list.stream().map(String::valueOf).toList();
  }

  private Object require(String key) {
    return get(key).orElseThrow(() -> new PolicyException(
        "check " + checkId + ": parameter '" + key + "' is not set"));
  }
}
