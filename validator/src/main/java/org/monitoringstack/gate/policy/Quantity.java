package org.monitoringstack.gate.policy;

import java.math.BigDecimal;
import java.util.Objects;
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
    BigDecimal factor = switch (suffix) {
      case "" -> BigDecimal.ONE;
      case "Ki" -> BigDecimal.valueOf(1L << 10);
      case "Mi" -> BigDecimal.valueOf(1L << 20);
      case "Gi" -> BigDecimal.valueOf(1L << 30);
      case "Ti" -> BigDecimal.valueOf(1L << 40);
      case "Pi" -> BigDecimal.valueOf(1L << 50);
      case "Ei" -> BigDecimal.valueOf(1L << 60);
      case "n" -> new BigDecimal("1e-9");
      case "u" -> new BigDecimal("1e-6");
      case "m" -> new BigDecimal("1e-3");
      case "k" -> new BigDecimal("1e3");
      case "M" -> new BigDecimal("1e6");
      case "G" -> new BigDecimal("1e9");
      case "T" -> new BigDecimal("1e12");
      case "P" -> new BigDecimal("1e15");
      case "E" -> new BigDecimal("1e18");
      default -> BigDecimal.TEN.pow(Integer.parseInt(suffix.substring(1)),
          java.math.MathContext.DECIMAL128);
    };
    return new Quantity(text, number.multiply(factor));
  }

  /** Parses, or empty when the text is not a quantity. */
  public static java.util.Optional<Quantity> tryParse(Object raw) {
    try {
      return java.util.Optional.of(parse(raw));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
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
