package org.monitoringstack.gate.policy.check;

import java.util.Optional;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.PromDuration;

/**
 * The interval a profile allows (PERF-2): {@code minimum}, and optionally {@code maximum}
 * (production: both 30s, so exactly 30s). Durations compare by length, so {@code 30000ms} is
 * {@code 30s}.
 *
 * @param minimum the shortest interval allowed
 * @param maximum the longest, empty when any slower interval is fine
 */
record IntervalRange(PromDuration minimum, Optional<PromDuration> maximum) {

  static IntervalRange of(CheckContext ctx) {
    PromDuration min = PromDuration.parse(ctx.params().string("minimum"));
    Optional<PromDuration> max = ctx.params().optionalString("maximum").map(PromDuration::parse);
    return new IntervalRange(min, max);
  }

  /** Whether {@code interval} lies in the range. */
  boolean allows(PromDuration interval) {
    return !interval.isShorterThan(minimum)
        && maximum.map(m -> !m.isShorterThan(interval)).orElse(true);
  }

  /** Whether {@code interval} is slower than the range allows. */
  boolean isTooSlow(PromDuration interval) {
    return maximum.map(m -> m.isShorterThan(interval)).orElse(false);
  }

  /** What the range expects, as messages say it: "every 30s", "between 15s and 1m", ... */
  String expected() {
    if (maximum.isEmpty()) {
      return "no faster than every " + minimum;
    }
    return maximum.get().compareTo(minimum) == 0 ? "every " + minimum
        : "between every " + minimum + " and every " + maximum.get();
  }

  /** The interval to suggest: the minimum (the guide's value). */
  String suggestion() {
    return minimum.toString();
  }
}
