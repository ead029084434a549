package org.monitoringstack.gate.policy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity ({@code 500m}, {@code 4Gi}, {@code 1.5}, {@code 1e3}), compared
 * by value: {@code 1000m} equals {@code 1}, {@code 1Gi} is more than {@code 1G}.
 *
 * @param text the quantity as written
 * @param value its value in base units (cores, bytes)
 */
public record Quantity(String text, BigDecimal value) implements Comparable<Quantity> {

  private static final Pattern FORMAT =
      Pattern.compile("^([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E"
          + "|[eE][+-]?\\d+)?$");
  /** Powers of 1024: Ki is 2^10, Ei 2^60. */
  private static final List<String> BINARY = List.of("Ki", "Mi", "Gi", "Ti", "Pi", "Ei");
  /** Powers of ten, by suffix. */
  private static final Map<String, Integer> DECIMAL = Map.of(
      "", 0, "n", -9, "u", -6, "m", -3, "k", 3, "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);

  public Quantity {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(value, "value");
  }

  /** Parses a quantity; numbers from YAML (e.g. {@code cpu: 1}) are accepted too. */
  public static Quantity parse(Object raw) {
    if (raw == null) {
      throw new IllegalArgumentException("quantity is missing");
    }
    String text = String.valueOf(raw).trim();
    Matcher m = FORMAT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a Kubernetes quantity");
    }
    BigDecimal number = new BigDecimal(m.group(1));
    String suffix = m.group(2) == null ? "" : m.group(2);
    BigDecimal factor;
    if (BINARY.contains(suffix)) {
      factor = BigDecimal.valueOf(2).pow(10 * (BINARY.indexOf(suffix) + 1));
    } else if (DECIMAL.containsKey(suffix)) {
      factor = BigDecimal.ONE.scaleByPowerOfTen(DECIMAL.get(suffix));
    } else { // an exponent: e3, E-2
      factor = BigDecimal.TEN.pow(Integer.parseInt(suffix.substring(1)), MathContext.DECIMAL128);
    }
    return new Quantity(text, number.multiply(factor));
  }

  /** Parses, or empty when the text is not a quantity. */
  public static Optional<Quantity> tryParse(Object raw) {
    try {
      return Optional.of(parse(raw));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public boolean isLessThan(Quantity other) {
    return compareTo(other) < 0;
  }

  @Override
  public int compareTo(Quantity other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return text;
  }
}
