package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.list;
import static org.monitoringstack.gate.policy.ParsedYaml.maps;
import static org.monitoringstack.gate.policy.ParsedYaml.str;

import java.util.List;
import java.util.Map;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.ParsedYaml;

/**
 * {@code ingress.tls} (PRE-4): every Ingress terminates TLS for each host it routes: a {@code
 * spec.tls} entry with a {@code secretName} lists the host (a {@code *.domain} entry covers one
 * label). An Ingress whose rules have no host needs a {@code spec.tls} entry with a secretName.
 */
final class IngressTlsCheck extends Check {

  IngressTlsCheck() {
    super("ingress.tls", "PRE-4",
        "Every Ingress serves each of its hosts with TLS from a Secret.");
  }

  @Override
  protected void run(CheckContext context, List<Finding> out) {
    for (Resource ingress : context.ofKind("networking.k8s.io", "Ingress")) {
      List<Map<String, Object>> tls = maps(ingress.at("spec.tls").orElse(null));
      List<Map<String, Object>> withSecret = tls.stream()
          .filter(t -> !str(t.get("secretName")).isEmpty()).toList();
      List<String> covered = withSecret.stream().flatMap(t -> list(t.get("hosts")).stream())
          .map(ParsedYaml::str).toList();
      List<Map<String, Object>> rules = maps(ingress.at("spec.rules").orElse(null));
      boolean hostless = rules.isEmpty() || rules.stream().anyMatch(r -> str(r.get("host"))
          .isEmpty());
      if (hostless && withSecret.isEmpty()) {
        out.add(context.finding(ingress, tls.isEmpty() ? "spec" : "spec.tls",
            "serves requests without a host over plain"
                + " HTTP: expected a spec.tls entry with a secretName, found "
                + (tls.isEmpty() ? "no spec.tls" : "spec.tls without secretName"),
            "add spec.tls with the hosts and the secretName of a cert-manager Certificate"));
      }
      for (int i = 0; i < rules.size(); i++) {
        String host = str(rules.get(i).get("host"));
        if (host.isEmpty() || covered.stream().anyMatch(c -> covers(c, host))) {
          continue;
        }
        out.add(context.finding(ingress, "spec.rules." + i + ".host",
            "host " + host + " is not covered by TLS:"
                + " expected a spec.tls entry with a secretName listing " + host
                + ", found TLS hosts " + covered,
            "add " + host + " to spec.tls[].hosts of an entry with a secretName (cert-manager"
                + " Certificate for that name)"));
      }
    }
  }

  static boolean covers(String tlsHost, String host) {
    int dot = host.indexOf('.');
    return tlsHost.equalsIgnoreCase(host) || (tlsHost.startsWith("*.") && dot > 0
        && host.substring(dot).equalsIgnoreCase(tlsHost.substring(1)));
  }
}
