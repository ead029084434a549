package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.isTrue;
import static org.monitoringstack.gate.policy.ParsedYaml.list;
import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.ParsedYaml.maps;
import static org.monitoringstack.gate.policy.ParsedYaml.str;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.ParsedYaml;

/**
 * {@code tls.scrape} (SEC-3): the stack's clients verify TLS. Every ServiceMonitor/PodMonitor
 * endpoint, every ScrapeConfig and every Alertmanager endpoint of a Prometheus ({@code
 * spec.alerting.alertmanagers}) uses {@code scheme: https} with a {@code tlsConfig} holding a CA
 * ({@code ca.secret}, {@code ca.configMap} or {@code caFile}) and a {@code serverName}, and never
 * {@code insecureSkipVerify: true}. Every Grafana datasource provisioned from a ConfigMap or
 * Secret has an https url, {@code jsonData.tlsAuthWithCACert: true} with {@code
 * secureJsonData.tlsCACert}, and no {@code tlsSkipVerify: true}.
 */
final class TlsScrapeCheck extends Check {

  TlsScrapeCheck() {
    super("tls.scrape", "SEC-3",
        "Scrapes, alert delivery and Grafana datasources use verified TLS.");
  }

  @Override
  protected void run(CheckContext context, List<Finding> out) {
    for (Resource monitor : MonitorTargets.monitors(context.resources())) {
      for (MonitorTargets.Endpoint e : MonitorTargets.endpoints(monitor)) {
        endpoint(context, monitor, e.path(), e.display(), e.body(), out);
      }
    }
    for (Resource sc : context.ofKind(MonitorTargets.GROUP, "ScrapeConfig")) {
      endpoint(context, sc, "spec", "scrape", map(sc.at("spec").orElse(null)), out);
    }
    for (Resource p : context.ofKind(MonitorTargets.GROUP, "Prometheus")) {
      List<Map<String, Object>> ams = maps(p.at("spec.alerting.alertmanagers").orElse(null));
      for (int i = 0; i < ams.size(); i++) {
        endpoint(context, p, "spec.alerting.alertmanagers." + i,
            "alerting endpoint " + i + " (" + str(ams.get(i).get("name")) + ")", ams.get(i), out);
      }
    }
    for (Resource r : context.resources()) {
      if ((r.is("ConfigMap") || r.is("Secret")) && r.group().isEmpty()) {
        datasources(context, r, out);
      }
    }
  }

  private static void endpoint(CheckContext context, Resource r, String path, String what,
      Map<String, Object> e, List<Finding> out) {
    List<String> found = new ArrayList<>();
    String at = null;
    String scheme = str(e.get("scheme"));
    if (!scheme.equalsIgnoreCase("https")) {
      found.add(scheme.isEmpty() ? "scheme http (default)" : "scheme " + scheme);
      at = path + (e.containsKey("scheme") ? ".scheme" : "");
    }
    Map<String, Object> tls = map(e.get("tlsConfig"));
    boolean ca = !tls.isEmpty() && (tls.get("ca") instanceof Map<?, ?> m && !m.isEmpty()
        || !str(tls.get("caFile")).isEmpty());
    if (!ca) {
      found.add(tls.isEmpty() ? "no tlsConfig" : "no CA in tlsConfig");
      at = at != null ? at : path + (tls.isEmpty() ? "" : ".tlsConfig");
    }
    if (!tls.isEmpty() && str(tls.get("serverName")).isEmpty()) {
      found.add("no serverName");
      at = at != null ? at : path + ".tlsConfig";
    }
    if (isTrue(tls.get("insecureSkipVerify"))) {
      found.add("insecureSkipVerify: true");
      at = at != null ? at : path + ".tlsConfig.insecureSkipVerify";
    }
    if (found.isEmpty()) {
      return;
    }
    out.add(context.finding(r, at,
        what + " does not use verified TLS: expected scheme"
            + " https with tlsConfig.ca (or caFile) and tlsConfig.serverName, without"
            + " insecureSkipVerify, found " + String.join(", ", found),
        "set scheme: https and tlsConfig {ca: {secret: ...}, serverName: <service>.<namespace>"
            + ".svc} using the CA that issued the target's certificate"));
  }

  private static void datasources(CheckContext context, Resource r, List<Finding> out) {
    for (Map.Entry<String, String> file : PodFiles.data(r).entrySet()) {
      if (!file.getValue().contains("datasources")) {
        continue;
      }
      Object doc;
      try {
        doc = ParsedYaml.load(file.getValue());
      } catch (RuntimeException e) {
        continue; // not a provisioning file; other checks report broken YAML
      }
      List<Object> sources = list(map(doc).get("datasources"));
      for (int i = 0; i < sources.size(); i++) {
        Map<String, Object> ds = map(sources.get(i));
        String url = str(ds.get("url"));
        if (url.isEmpty()) {
          continue;
        }
        Map<String, Object> json = map(ds.get("jsonData"));
        Map<String, Object> secure = map(ds.get("secureJsonData"));
        List<String> found = new ArrayList<>();
        if (!url.toLowerCase(Locale.ROOT).startsWith("https://")) {
          found.add("url " + url);
        }
        if (!isTrue(json.get("tlsAuthWithCACert"))) {
          found.add("tlsAuthWithCACert unset");
        } else if (str(secure.get("tlsCACert")).isEmpty()) {
          found.add("no secureJsonData.tlsCACert");
        }
        if (isTrue(json.get("tlsSkipVerify"))) {
          found.add("tlsSkipVerify: true");
        }
        if (found.isEmpty()) {
          continue;
        }
        out.add(context.finding(r, r.is("Secret") && !r.at("data").isPresent()
                ? "stringData" : "data",
            "Grafana datasource " + str(ds.get("name")) + " in " + file.getKey()
                + " does not use verified TLS: expected an https url with"
                + " jsonData.tlsAuthWithCACert: true, secureJsonData.tlsCACert and no"
                + " tlsSkipVerify, found " + String.join(", ", found),
            "point the datasource at https://<service>.<namespace>.svc:<port> and give it the CA"
                + " certificate (secureJsonData.tlsCACert, e.g. $__file{/etc/grafana/ca/ca.crt})"));
      }
    }
  }
}
