package org.monitoringstack.gate.policy;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prometheus duration ({@code 30s}, {@code 15d}, {@code 1h30m}, {@code 2w}): units y, w, d, h,
 * m, s, ms, largest first, each at most once; a year is 365 days.
 *
 * @param text the duration as written
 * @param duration its length
 */
public record PromDuration(String text, Duration duration) implements Comparable<PromDuration> {

  private static final Pattern FORMAT = Pattern.compile(
      "^((\\d+)y)?((\\d+)w)?((\\d+)d)?((\\d+)h)?((\\d+)m)?((\\d+)s)?((\\d+)ms)?$");
  private static final long[] MILLIS = {
    365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000, 1
  };

  public PromDuration {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(duration, "duration");
  }

  public static PromDuration parse(Object raw) {
    String text = raw == null ? "" : String.valueOf(raw).trim();
    Matcher m = FORMAT.matcher(text);
    if (text.isEmpty() || !m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a Prometheus duration");
    }
    long total = 0;
    for (int i = 0; i < MILLIS.length; i++) {
      String n = m.group(2 + 2 * i);
      if (n != null) {
        total = Math.addExact(total, Math.multiplyExact(Long.parseLong(n), MILLIS[i]));
      }
    }
    return new PromDuration(text, Duration.ofMillis(total));
  }

  public static Optional<PromDuration> tryParse(Object raw) {
    try {
      return Optional.of(parse(raw));
    } catch (IllegalArgumentException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  public boolean isShorterThan(PromDuration other) {
    return compareTo(other) < 0;
  }

  @Override
  public int compareTo(PromDuration other) {
    return duration.compareTo(other.duration);
  }

  @Override
  public String toString() {
    return text;
  }
}
