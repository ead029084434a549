package org.monitoringstack.gate.policy.check;

import java.util.List;
import java.util.Optional;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.PromDuration;

/**
 * What the scrape and the evaluation interval checks (PERF-2) share: the interval a profile
 * allows, {@code minimum} and optionally {@code maximum} (production: both 30s, so exactly 30s),
 * and the findings about an interval outside it. Durations compare by length, so {@code 30000ms}
 * is {@code 30s}.
 */
abstract class IntervalCheck extends Check {

  /** The operator's default spec.scrapeInterval and spec.evaluationInterval. */
  static final String OPERATOR_DEFAULT = "30s";

  private final String action;
  private final String interval;
  private final String every;

  /**
   * How messages say it: {@code action} ("scrape"), {@code interval} ("scrape interval"),
   * {@code every} ("scrapes every").
   */
  IntervalCheck(String id, String requirement, String description, String action,
      String interval, String every) {
    super(id, requirement, description);
    this.action = action;
    this.interval = interval;
    this.every = every;
  }

  /**
   * The range a profile allows.
   *
   * @param minimum the shortest interval allowed
   * @param maximum the longest, empty when any slower interval is fine
   */
  record Range(PromDuration minimum, Optional<PromDuration> maximum) {

    static Range of(CheckContext ctx) {
      PromDuration min = PromDuration.parse(ctx.params().string("minimum"));
      Optional<PromDuration> max = ctx.params().optionalString("maximum")
          .map(PromDuration::parse);
      return new Range(min, max);
    }

    boolean allows(PromDuration interval) {
      return !interval.isShorterThan(minimum)
          && maximum.map(m -> !m.isShorterThan(interval)).orElse(true);
    }

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
  }

  /** Judges a Prometheus' own interval {@code field}: the operator's default when unset. */
  void prometheus(CheckContext ctx, List<Finding> out, Resource p, String field, Range range) {
    Optional<Object> raw = p.at(field);
    judge(ctx, out, p, field, raw.orElse(OPERATOR_DEFAULT), "",
        raw.isEmpty() ? "operator default, " + field + " unset" : field, range);
  }

  /**
   * @param who how the message names the part of {@code r} that sets it ("" for {@code r})
   * @param field the field that sets it, for the message ("" for none)
   */
  void judge(CheckContext ctx, List<Finding> out, Resource r, String path, Object raw,
      String who, String field, Range range) {
    Optional<PromDuration> value = PromDuration.tryParse(raw);
    // the minimum is the guide's value, so it is the one to suggest
    String hint = action + " " + range.expected() + " (" + requirement()
        + "): set the interval to " + range.minimum() + " or remove the override";
    String subject = who.isEmpty() ? "" : who + " ";
    String where = field.isEmpty() ? "" : " (" + field + ")";
    if (value.isEmpty()) {
      out.add(ctx.finding(r, path, subject + "has " + interval + " '" + raw + "'" + where
          + ", which is not a Prometheus duration (e.g. 30s, 1m30s, 30000ms); expected "
          + range.expected(), hint));
    } else if (!range.allows(value.get())) {
      out.add(ctx.finding(r, path, subject + every + " " + value.get() + where
          + (range.isTooSlow(value.get()) ? ", slower than allowed" : ", faster than allowed")
          + "; expected " + range.expected(), hint));
    }
  }
}
