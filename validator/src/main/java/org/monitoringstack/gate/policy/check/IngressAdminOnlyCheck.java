package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.ParsedYaml.maps;
import static org.monitoringstack.gate.policy.ParsedYaml.str;

import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;

/**
 * {@code ingress.admin-only} (SEC-6): every Ingress of the render admits only the admin
 * networks at the ingress controller (its source-range allowlist annotation lists only blocks
 * within {@code adminCidrs}), and an Ingress that routes to a UI without a login of its own
 * (Services labelled with a name in {@code authRequiredFor}, default Prometheus and
 * Alertmanager) sends every request to an authenticating proxy first: its {@code
 * nginx.ingress.kubernetes.io/auth-url} names a Service of the render.
 *
 * <p>Params: {@code adminCidrs} (the profile's values), {@code authRequiredFor} (list of {@code
 * app.kubernetes.io/name} values).
 */
final class IngressAdminOnlyCheck extends Check {

  static final List<String> ALLOWLIST = List.of(
      "nginx.ingress.kubernetes.io/allowlist-source-range",
      "nginx.ingress.kubernetes.io/whitelist-source-range");
  static final String AUTH_URL = "nginx.ingress.kubernetes.io/auth-url";

  IngressAdminOnlyCheck() {
    super("ingress.admin-only", "SEC-6",
        "Ingresses admit only the admin networks; UIs without a login are behind an"
            + " authenticating proxy.");
  }

  @Override
  protected void run(CheckContext context, List<Finding> out) {
    List<Cidr> admin = Cidr.adminNetworks(context.params());
    List<String> needAuth = context.params().strings("authRequiredFor",
        List.of("prometheus", "alertmanager"));
    Map<String, Resource> services = new HashMap<>();
    context.ofKind("Service").stream().filter(s -> s.group().isEmpty())
        .forEach(s -> services.put(s.namespace() + "/" + s.name(), s));
    for (Resource ingress : context.ofKind("networking.k8s.io", "Ingress")) {
      Map<String, Object> annotations = map(ingress.at("metadata.annotations").orElse(null));
      Optional<String> key = ALLOWLIST.stream().filter(annotations::containsKey).findFirst();
      String where = key.isPresent() ? "metadata.annotations" : "metadata";
      if (key.isEmpty()) {
        out.add(context.finding(ingress, where, "admits every source address: expected the"
            + " annotation " + ALLOWLIST.get(0) + " listing only the admin networks "
            + context.params().strings("adminCidrs"),
            "add " + ALLOWLIST.get(0) + " with the cluster's admin network"));
      } else {
        List<String> outside = Stream.of(str(annotations.get(key.get())).split(","))
            .map(String::strip).filter(block -> !Cidr.isWithin(block, admin)).toList();
        if (!outside.isEmpty()) {
          out.add(context.finding(ingress, where, "admits " + outside + " (" + key.get()
              + "): expected only blocks within the admin networks "
              + context.params().strings("adminCidrs"),
              "narrow the allowlist to the cluster's admin network, or add the network to the"
                  + " profile's adminCidrs"));
        }
      }
      Set<String> unprotected = maps(ingress.at("spec.rules").orElse(null)).stream()
          .flatMap(rule -> maps(map(rule.get("http")).get("paths")).stream())
          .map(path -> str(map(map(path.get("backend")).get("service")).get("name")))
          .filter(svc -> Optional.ofNullable(services.get(ingress.namespace() + "/" + svc))
              .filter(s -> needAuth.contains(StackComponents.component(s))).isPresent())
          .collect(Collectors.toCollection(LinkedHashSet::new));
      if (unprotected.isEmpty()) {
        continue;
      }
      String authUrl = str(annotations.get(AUTH_URL));
      if (proxyService(authUrl, ingress.namespace()).filter(services::containsKey).isEmpty()) {
        out.add(context.finding(ingress, where, "routes to " + unprotected + ", which have no"
            + " login of their own, without authentication: expected " + AUTH_URL + " naming an"
            + " authenticating proxy Service of the render, found "
            + (authUrl.isEmpty() ? "none" : "'" + authUrl + "'"),
            "put an authenticating proxy (e.g. oauth2-proxy) in front of them: the auth-proxy"
                + " component sets " + AUTH_URL + " and auth-signin"));
      }
    }
  }

  /** {@code namespace/name} of the Service an in-cluster auth URL points at. */
  static Optional<String> proxyService(String url, String defaultNamespace) {
    String host; // null for a blank URL too
    try {
      host = URI.create(url.strip()).getHost();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (host == null) {
      return Optional.empty();
    }
    List<String> labels = List.of(host.split("\\."));
    if (labels.size() == 1) {
      return Optional.of(defaultNamespace + "/" + labels.get(0));
    }
    if (labels.size() >= 3 && labels.get(2).equals("svc")) {
      return Optional.of(labels.get(1) + "/" + labels.get(0));
    }
    return Optional.of(String.join(".", labels) + " (not a Service)");
  }
}
