package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.list;
import static org.monitoringstack.gate.policy.ParsedYaml.map;

import java.util.List;
import java.util.Map;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.CheckContext;

/**
 * {@code prometheus.scrape-interval} (PERF-2): no Prometheus, ServiceMonitor endpoint, PodMonitor
 * endpoint or Probe scrapes more often than the profile's {@code minimum} interval, nor (with
 * {@code maximum}; production: 30s, so exactly the guide's 30s) less often than {@code maximum}.
 * An endpoint without its own interval uses the Prometheus one, judged there.
 */
final class ScrapeIntervalCheck extends IntervalCheck {

  ScrapeIntervalCheck() {
    super("prometheus.scrape-interval", "PERF-2",
        "Prometheus and every ServiceMonitor, PodMonitor and Probe scrape at the profile's "
            + "interval (exactly 30s in production; in kind no faster than its minimum).",
        "scrape", "scrape interval", "scrapes every");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    Range range = Range.of(ctx);
    for (Resource r : ctx.resources()) {
      if (!r.group().equals("monitoring.coreos.com")) {
        continue;
      }
      switch (r.kind()) {
        case "Prometheus" -> prometheus(ctx, out, r, "spec.scrapeInterval", range);
        case "ServiceMonitor" -> endpoints(ctx, out, r, "spec.endpoints", range);
        case "PodMonitor" -> endpoints(ctx, out, r, "spec.podMetricsEndpoints", range);
        case "Probe" -> r.at("spec.interval").ifPresent(raw ->
            judge(ctx, out, r, "spec.interval", raw, "", "spec.interval", range));
        default -> { }
      }
    }
  }

  private void endpoints(CheckContext ctx, List<Finding> out, Resource r, String listPath,
      Range range) {
    List<?> endpoints = list(r.at(listPath).orElse(null));
    for (int i = 0; i < endpoints.size(); i++) {
      Map<String, Object> e = map(endpoints.get(i));
      Object interval = e.get("interval");
      if (interval != null) {
        String port = e.get("port") != null ? " (port " + e.get("port") + ")" : "";
        judge(ctx, out, r, listPath + "." + i + ".interval", interval,
            "endpoint " + i + port, "", range);
      }
    }
  }
}
