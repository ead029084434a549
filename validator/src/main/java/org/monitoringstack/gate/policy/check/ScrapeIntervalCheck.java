package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.list;
import static org.monitoringstack.gate.policy.ParsedYaml.map;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.PromDuration;

/**
 * {@code prometheus.scrape-interval} (PERF-2): no Prometheus, ServiceMonitor endpoint, PodMonitor
 * endpoint or Probe scrapes more often than the profile's {@code minimum} interval, nor (with
 * {@code maximum}; production: 30s, so exactly the guide's 30s) less often than {@code maximum}.
 * An endpoint without its own interval uses the Prometheus one, judged there.
 */
final class ScrapeIntervalCheck extends Check {

  /** The operator's default spec.scrapeInterval. */
  static final String OPERATOR_DEFAULT = "30s";

  ScrapeIntervalCheck() {
    super("prometheus.scrape-interval", "PERF-2",
        "Prometheus and every ServiceMonitor, PodMonitor and Probe scrape at the profile's "
            + "interval (exactly 30s in production; in kind no faster than its minimum).");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    IntervalRange range = IntervalRange.of(ctx);
    for (Resource r : ctx.resources()) {
      if (!r.group().equals("monitoring.coreos.com")) {
        continue;
      }
      switch (r.kind()) {
        case "Prometheus" -> {
          Optional<Object> raw = r.at("spec.scrapeInterval");
          check(ctx, out, r, "spec.scrapeInterval", raw.orElse(OPERATOR_DEFAULT), "",
              raw.isEmpty() ? "operator default, spec.scrapeInterval unset"
                  : "spec.scrapeInterval", range);
        }
        case "ServiceMonitor" -> endpoints(ctx, out, r, "spec.endpoints", range);
        case "PodMonitor" -> endpoints(ctx, out, r, "spec.podMetricsEndpoints", range);
        case "Probe" -> r.at("spec.interval").ifPresent(raw ->
            check(ctx, out, r, "spec.interval", raw, "", "spec.interval", range));
        default -> { }
      }
    }
  }

  private void endpoints(CheckContext ctx, List<Finding> out, Resource r, String listPath,
      IntervalRange range) {
    List<?> endpoints = list(r.at(listPath).orElse(null));
    for (int i = 0; i < endpoints.size(); i++) {
      Map<String, Object> e = map(endpoints.get(i));
      Object interval = e.get("interval");
      if (interval != null) {
        String port = e.get("port") != null ? " (port " + e.get("port") + ")" : "";
        check(ctx, out, r, listPath + "." + i + ".interval", interval,
            "endpoint " + i + port, "", range);
      }
    }
  }

  private void check(CheckContext ctx, List<Finding> out, Resource r, String path, Object raw,
      String who, String field, IntervalRange range) {
    Optional<PromDuration> interval = PromDuration.tryParse(raw);
    String hint = "scrape " + range.expected() + " (" + requirement() + "): set the interval to "
        + range.suggestion() + " or remove the override";
    String subject = who.isEmpty() ? "" : who + " ";
    String where = field.isEmpty() ? "" : " (" + field + ")";
    if (interval.isEmpty()) {
      out.add(ctx.finding(r, path, subject + "has scrape interval '" + raw + "'" + where
          + ", which is not a Prometheus duration (e.g. 30s, 1m30s, 30000ms); expected "
          + range.expected(), hint));
    } else if (!range.allows(interval.get())) {
      out.add(ctx.finding(r, path, subject + "scrapes every " + interval.get() + where
          + (range.isTooSlow(interval.get()) ? ", slower than allowed" : ", faster than allowed")
          + "; expected " + range.expected(), hint));
    }
  }
}
