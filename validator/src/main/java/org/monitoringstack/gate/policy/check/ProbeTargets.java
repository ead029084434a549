package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.maps;
import static org.monitoringstack.gate.policy.ParsedYaml.str;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.NetworkPolicyModel.Pod;
import org.monitoringstack.gate.policy.Workload;

/**
 * Where Prometheus connects for a {@code monitoring.coreos.com/v1} Probe: the prober ({@code
 * spec.prober.url}, {@code host[:port]}; the port defaults to 80, or 443 with {@code
 * spec.prober.scheme: https}), never the probed targets (the prober connects to those). A host
 * is a Service of the cluster when it is {@code svc.ns.svc[.cluster.local]}, a pod of a headless
 * Service ({@code pod.svc.ns.svc}), a bare name (resolved in the Prometheus pod's namespace, as
 * its DNS search path does), or {@code svc.ns} when the render has that Service or namespace;
 * anything else (a public name, an IP address) is outside the cluster.
 */
final class ProbeTargets {

  private ProbeTargets() {}

  /**
   * A Probe's prober as seen from one Prometheus.
   *
   * @param url {@code spec.prober.url} as written
   * @param host the host name or IP address, lower case
   * @param port the TCP port Prometheus connects to
   * @param serviceNamespace the namespace of the cluster Service the host names, empty when the
   *     host is outside the cluster
   * @param serviceName that Service's name
   * @param service the Service when the render has it
   */
  record Prober(String url, String host, int port, String serviceNamespace, String serviceName,
      Optional<Resource> service) {

    boolean inCluster() {
      return !serviceName.isEmpty();
    }

    /** How messages name it: {@code prober blackbox-exporter.monitoring.svc:9115}. */
    String display() {
      return "prober " + url;
    }
  }

  /** The Probe's prober for a Prometheus in {@code prometheusNamespace}; empty without a URL
   * or with a port that is not a number. */
  static Optional<Prober> prober(Resource probe, String prometheusNamespace,
      List<Resource> resources) {
    String url = str(probe.at("spec.prober.url").orElse(null)).trim();
    if (url.isEmpty()) {
      return Optional.empty();
    }
    int sep = url.indexOf("://");
    String scheme = (sep >= 0 ? url.substring(0, sep)
        : str(probe.at("spec.prober.scheme").orElse(null))).toLowerCase(Locale.ROOT);
    String rest = sep >= 0 ? url.substring(sep + 3) : url;
    rest = rest.indexOf('/') >= 0 ? rest.substring(0, rest.indexOf('/')) : rest;
    String host = rest;
    String port = "";
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      host = close < 0 ? rest.substring(1) : rest.substring(1, close);
      port = close >= 0 && rest.startsWith(":", close + 1) ? rest.substring(close + 2) : "";
    } else if (rest.indexOf(':') >= 0 && rest.indexOf(':') == rest.lastIndexOf(':')) {
      host = rest.substring(0, rest.indexOf(':'));
      port = rest.substring(rest.indexOf(':') + 1);
    }
    if (!port.isEmpty() && (port.length() >= 6 || !port.chars().allMatch(Character::isDigit))) {
      return Optional.empty();
    }
    int number = port.isEmpty() ? ("https".equals(scheme) ? 443 : 80) : Integer.parseInt(port);
    host = host.toLowerCase(Locale.ROOT).replaceFirst("\\.\\z", ""); // an FQDN's final dot
    String name = "";
    String namespace = "";
    if (!host.contains(":") && !host.matches("[0-9.]+")) { // an IP address is outside
      List<String> all = List.of(host.split("\\."));
      boolean svcDomain = host.endsWith(".svc.cluster.local") || host.endsWith(".svc");
      List<String> l = host.endsWith(".svc.cluster.local") ? all.subList(0, all.size() - 3)
          : svcDomain ? all.subList(0, all.size() - 1) : all;
      if (l.size() == 1 && !svcDomain) {
        name = l.get(0);
        namespace = prometheusNamespace;
      } else if (svcDomain && (l.size() == 2 || l.size() == 3)) {
        name = l.get(l.size() - 2);
        namespace = l.get(l.size() - 1);
      } else if (l.size() == 2 && (service(resources, l.get(1), l.get(0)).isPresent()
          || resources.stream().anyMatch(r -> r.is("Namespace") && r.group().isEmpty()
              && r.name().equals(l.get(1))))) {
        name = l.get(0);
        namespace = l.get(1);
      }
    }
    return Optional.of(new Prober(url, host, number, namespace, name,
        name.isEmpty() ? Optional.empty() : service(resources, namespace, name)));
  }

  private static Optional<Resource> service(List<Resource> resources, String namespace,
      String name) {
    return resources.stream().filter(r -> r.is("Service") && r.group().isEmpty()
        && r.namespace().equals(namespace) && r.name().equals(name)).findFirst();
  }

  /** A pod behind the prober's Service and the container port the Service sends the port to. */
  record Backend(Pod pod, int port) {}

  /**
   * The pods the prober's Service sends its port to; empty when the Service has no such port.
   * A Service without a selector (or whose pods the render does not have) has no backends.
   */
  static Optional<List<Backend>> backends(Resource service, int port, List<Workload> workloads) {
    List<Map<String, Object>> ports = maps(service.at("spec.ports").orElse(null)).stream()
        .filter(p -> str(p.get("port")).equals(String.valueOf(port))
            && (str(p.get("protocol")).isEmpty() || str(p.get("protocol")).equals("TCP")))
        .toList();
    if (ports.isEmpty()) {
      return Optional.empty();
    }
    List<Backend> out = new ArrayList<>();
    for (Workload w : MonitorTargets.backends(service, workloads)) {
      Pod pod = Pod.of(w);
      for (Map<String, Object> p : ports) {
        pod.resolve(p.getOrDefault("targetPort", p.get("port")), "TCP")
            .ifPresent(n -> out.add(new Backend(pod, n)));
      }
    }
    return Optional.of(out);
  }
}
