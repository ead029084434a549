package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.list;
import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.ParsedYaml.str;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.ParsedYaml;
import org.monitoringstack.gate.policy.Workload;

/**
 * {@code tls.web} (SEC-3): the components serve TLS. Prometheus and Alertmanager resources:
 * {@code spec.web.tlsConfig} with a certificate ({@code cert.secret}/{@code cert.configMap}/
 * {@code certFile}) and a key ({@code keySecret}/{@code keyFile}). Grafana: protocol https (or
 * h2) with {@code cert_file} and {@code cert_key} (env or grafana.ini). Exporters (param {@code
 * exporters}: {@code app.kubernetes.io/name} values, default node-exporter and
 * kube-state-metrics): a kube-rbac-proxy container with {@code --tls-cert-file}, or the exporter
 * run with {@code --web.config.file}/{@code --tls-config} and a mounted web config that has
 * {@code tls_server_config}.
 */
final class TlsWebCheck extends Check {

  TlsWebCheck() {
    super("tls.web", "SEC-3",
        "Prometheus, Alertmanager, Grafana and the exporters serve TLS.");
  }

  @Override
  protected void run(CheckContext context, List<Finding> out) {
    List<String> exporters = context.params().strings("exporters",
        List.of("node-exporter", "kube-state-metrics"));
    for (Workload w : Workload.all(context.resources())) {
      Resource r = w.resource();
      if (StackComponents.isPrometheus(w) || StackComponents.isAlertmanager(w)) {
        operatorWeb(context, r).ifPresent(out::add);
      } else if (StackComponents.isGrafana(w)) {
        grafana(context, GrafanaSettings.of(w, context.resources()), out);
      } else if (exporters.contains(w.podLabels().getOrDefault(StackComponents.NAME_LABEL, ""))) {
        exporter(context, w).ifPresent(out::add);
      }
    }
  }

  private static Optional<Finding> operatorWeb(CheckContext context, Resource r) {
    Map<String, Object> tls = map(r.at("spec.web.tlsConfig").orElse(null));
    boolean cert = !str(valueAt(tls, "cert.secret.name")).isEmpty()
        || !str(valueAt(tls, "cert.configMap.name")).isEmpty()
        || !str(tls.get("certFile")).isEmpty();
    boolean key = !str(valueAt(tls, "keySecret.name")).isEmpty()
        || !str(tls.get("keyFile")).isEmpty();
    if (cert && key) {
      return Optional.empty();
    }
    String found = tls.isEmpty() ? "no spec.web.tlsConfig"
        : "spec.web.tlsConfig without " + (cert ? "a key" : key ? "a certificate"
            : "a certificate and a key");
    return Optional.of(context.finding(r, tls.isEmpty() ? "spec" : "spec.web.tlsConfig",
        "serves its UI and API over plain HTTP: expected"
            + " spec.web.tlsConfig with cert.secret and keySecret, found " + found,
        "set spec.web.tlsConfig.cert.secret and spec.web.tlsConfig.keySecret to the Secret"
            + " cert-manager writes (tls.crt / tls.key), e.g. with the tls component"));
  }

  private static Object valueAt(Map<String, Object> root, String path) {
    return ParsedYaml.at(root, path).orElse(null);
  }

  private static void grafana(CheckContext context, GrafanaSettings g, List<Finding> out) {
    var protocol = g.get("GF_SERVER_PROTOCOL");
    boolean https = protocol.map(GrafanaSettings.Setting::value)
        .filter(v -> v.equalsIgnoreCase("https") || v.equalsIgnoreCase("h2")).isPresent();
    boolean cert = g.get("GF_SERVER_CERT_FILE").isPresent();
    boolean key = g.get("GF_SERVER_CERT_KEY").isPresent();
    if (https && cert && key) {
      return;
    }
    List<String> found = new ArrayList<>();
    found.add(protocol.map(s -> "protocol " + s.display()).orElse("protocol http (default)"));
    if (!cert) {
      found.add("no cert_file");
    }
    if (!key) {
      found.add("no cert_key");
    }
    out.add(g.finding(context, protocol, " does not serve HTTPS: expected protocol https with"
            + " cert_file and cert_key (GF_SERVER_PROTOCOL=https, GF_SERVER_CERT_FILE,"
            + " GF_SERVER_CERT_KEY or grafana.ini [server]), found " + String.join(", ", found),
        "set GF_SERVER_PROTOCOL=https and point GF_SERVER_CERT_FILE/GF_SERVER_CERT_KEY at the"
            + " mounted certificate Secret"));
  }

  private static Optional<Finding> exporter(CheckContext context, Workload w) {
    boolean webConfigFlag = false;
    for (Map<String, Object> c : w.containers()) {
      List<String> args = Stream.concat(list(c.get("command")).stream(),
          list(c.get("args")).stream()).map(ParsedYaml::str).toList();
      if (str(c.get("image")).contains("kube-rbac-proxy")
          && args.stream().anyMatch(a -> a.startsWith("--tls-cert-file"))) {
        return Optional.empty();
      }
      if (args.stream().anyMatch(a -> a.startsWith("--web.config.file")
          || a.startsWith("--tls-config"))) {
        webConfigFlag = true;
      }
    }
    boolean tlsServerConfig = PodFiles.sources(w, context.resources()).stream()
        .flatMap(s -> s.files().values().stream())
        .anyMatch(text -> text.contains("tls_server_config"));
    if (webConfigFlag && tlsServerConfig) {
      return Optional.empty();
    }
    String found = webConfigFlag
        ? "a web config flag but no mounted ConfigMap/Secret with tls_server_config"
        : "no kube-rbac-proxy with --tls-cert-file and no web config flag";
    return Optional.of(context.finding(w.resource(), w.podSpecPath() + ".containers",
        "serves metrics over plain HTTP: expected a"
            + " kube-rbac-proxy sidecar with --tls-cert-file, or --web.config.file (--tls-config"
            + " for kube-state-metrics) with a mounted tls_server_config, found " + found,
        "put the exporter behind a kube-rbac-proxy sidecar serving TLS with a cert-manager"
            + " certificate, or mount a web config with tls_server_config"));
  }
}
