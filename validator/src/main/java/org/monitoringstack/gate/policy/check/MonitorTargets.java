package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.isTrue;
import static org.monitoringstack.gate.policy.ParsedYaml.list;
import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.ParsedYaml.maps;
import static org.monitoringstack.gate.policy.ParsedYaml.str;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.monitoringstack.gate.model.LabelSelector;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.NamespaceLabels;
import org.monitoringstack.gate.policy.ParsedYaml;
import org.monitoringstack.gate.policy.NetworkPolicyModel.Pod;
import org.monitoringstack.gate.policy.Workload;

/**
 * What ServiceMonitors and PodMonitors select, with the Prometheus Operator's semantics: the
 * monitor's {@code selector} (absent selects nothing, {@code {}} everything) over Services
 * (ServiceMonitor) or pods (PodMonitor) of the namespaces its {@code namespaceSelector} names
 * ({@code any: true}, {@code matchNames}, or by default the monitor's own namespace); an endpoint
 * names a Service port ({@code port}) or a container port ({@code targetPort}, {@code
 * portNumber}); a Service port's {@code targetPort} (number or container port name, default its
 * {@code port}) leads to the pods' container port.
 */
final class MonitorTargets {

  static final String GROUP = "monitoring.coreos.com";

  private MonitorTargets() {}

  /** One scrape endpoint of a monitor. */
  record Endpoint(int index, String path, Map<String, Object> body) {

    /** How messages name the endpoint: {@code endpoint 0 (port web)}. */
    String display() {
      return "endpoint " + index + " (port " + PORT_KEYS.stream().map(k -> str(body.get(k)))
          .filter(p -> !p.isEmpty()).findFirst().orElse("unset") + ")";
    }

    /** The dotted path of the field that names the endpoint's port. */
    String portPath() {
      return PORT_KEYS.stream().filter(body::containsKey).findFirst().map(k -> path + "." + k)
          .orElse(path);
    }
  }

  /** The fields that name an endpoint's port, in the order they are looked for. */
  private static final List<String> PORT_KEYS = List.of("port", "portNumber", "targetPort");

  /** A pod a monitor endpoint scrapes, on a container port. */
  record Scrape(Endpoint endpoint, Workload workload, Pod pod, int port) {}

  static boolean isServiceMonitor(Resource r) {
    return r.is("ServiceMonitor") && r.group().equals(GROUP);
  }

  static boolean isPodMonitor(Resource r) {
    return r.is("PodMonitor") && r.group().equals(GROUP);
  }

  static boolean isProbe(Resource r) {
    return r.is("Probe") && r.group().equals(GROUP);
  }

  static List<Resource> monitors(List<Resource> resources) {
    return resources.stream().filter(r -> isServiceMonitor(r) || isPodMonitor(r)).toList();
  }

  static List<Endpoint> endpoints(Resource monitor) {
    String key = isPodMonitor(monitor) ? "spec.podMetricsEndpoints" : "spec.endpoints";
    List<Object> items = list(monitor.at(key).orElse(null));
    return IntStream.range(0, items.size())
        .mapToObj(i -> new Endpoint(i, key + "." + i, map(items.get(i)))).toList();
  }

  /** Do the monitor's selector and namespaceSelector select these labels in the namespace? */
  private static boolean selects(Resource monitor, String namespace, Map<String, String> labels) {
    return LabelSelector.parse(monitor.at("spec.selector").orElse(null))
        .filter(s -> s.matches(labels)).isPresent()
        && (isTrue(map(monitor.at("spec.namespaceSelector").orElse(null)).get("any"))
            || namedNamespaces(monitor).contains(namespace));
  }

  /** The namespaces the monitor names explicitly (its own by default); empty for {@code any}. */
  static List<String> namedNamespaces(Resource monitor) {
    Map<String, Object> selector = map(monitor.at("spec.namespaceSelector").orElse(null));
    if (isTrue(selector.get("any"))) {
      return List.of();
    }
    List<Object> names = list(selector.get("matchNames"));
    if (!names.isEmpty()) {
      return names.stream().map(ParsedYaml::str).toList();
    }
    return List.of(monitor.namespace());
  }

  /** The Services a ServiceMonitor selects. */
  static List<Resource> services(Resource serviceMonitor, List<Resource> resources) {
    return resources.stream()
        .filter(r -> r.is("Service") && r.group().isEmpty())
        .filter(r -> selects(serviceMonitor, r.namespace(), r.labels()))
        .toList();
  }

  /** The workloads whose pods a PodMonitor selects. */
  static List<Workload> pods(Resource podMonitor, List<Workload> workloads) {
    return workloads.stream().filter(w -> selects(podMonitor, w.namespace(), w.podLabels()))
        .toList();
  }

  /** The workloads whose pods a Service sends traffic to (none for a selector-less Service). */
  static List<Workload> backends(Resource service, List<Workload> workloads) {
    Map<String, String> selector = ParsedYaml.strings(
        service.at("spec.selector").orElse(null));
    if (selector.isEmpty()) {
      return List.of();
    }
    LabelSelector s = new LabelSelector(selector, List.of());
    return workloads.stream()
        .filter(w -> w.namespace().equals(service.namespace()))
        .filter(w -> s.matches(w.podLabels()))
        .toList();
  }

  /** The Service ports an endpoint of a ServiceMonitor refers to. */
  static List<Map<String, Object>> servicePorts(Resource service, Map<String, Object> endpoint) {
    List<Map<String, Object>> ports = maps(service.at("spec.ports").orElse(null));
    if (endpoint.containsKey("port")) {
      String name = str(endpoint.get("port"));
      return ports.stream().filter(p -> str(p.get("name")).equals(name)).toList();
    }
    if (endpoint.containsKey("targetPort")) {
      String target = str(endpoint.get("targetPort"));
      return ports.stream()
          .filter(p -> str(p.get("targetPort")).equals(target)
              || (!p.containsKey("targetPort") && str(p.get("port")).equals(target)))
          .toList();
    }
    return List.of();
  }

  /** Every pod and container port the monitor's endpoints scrape, as far as the render shows. */
  static List<Scrape> scrapes(Resource monitor, List<Resource> resources,
      List<Workload> workloads) {
    List<Scrape> out = new ArrayList<>();
    for (Endpoint e : endpoints(monitor)) {
      if (isServiceMonitor(monitor)) {
        for (Resource service : services(monitor, resources)) {
          for (Map<String, Object> servicePort : servicePorts(service, e.body())) {
            for (Workload w : backends(service, workloads)) {
              Pod pod = Pod.of(w);
              Object targetPort = e.body().containsKey("port")
                  ? servicePort.getOrDefault("targetPort", servicePort.get("port"))
                  : e.body().get("targetPort");
              pod.resolve(targetPort, str(servicePort.get("protocol")))
                  .ifPresent(n -> out.add(new Scrape(e, w, pod, n)));
            }
          }
        }
      } else {
        for (Workload w : pods(monitor, workloads)) {
          Pod pod = Pod.of(w);
          Object port = PORT_KEYS.stream().filter(e.body()::containsKey).findFirst()
              .map(e.body()::get).orElse(null);
          pod.resolve(port, "TCP").ifPresent(n -> out.add(new Scrape(e, w, pod, n)));
        }
      }
    }
    return out;
  }

  /**
   * Does a Prometheus resource pick the monitor (or Probe) up? ({@code serviceMonitorSelector}
   * / {@code podMonitorSelector} / {@code probeSelector}: absent = none, {@code {}} = all; the
   * namespace selectors: absent = the Prometheus' own namespace, {@code {}} = all.)
   */
  static boolean pickedUpBy(Resource prometheus, Resource monitor, NamespaceLabels namespaces) {
    String kind = isPodMonitor(monitor) ? "podMonitor" : isProbe(monitor) ? "probe"
        : "serviceMonitor";
    var selector = LabelSelector.parse(prometheus.at("spec." + kind + "Selector").orElse(null));
    if (selector.isEmpty() || !selector.get().matches(monitor.labels())) {
      return false;
    }
    var nsSelector =
        LabelSelector.parse(prometheus.at("spec." + kind + "NamespaceSelector").orElse(null));
    return nsSelector.isEmpty()
        ? prometheus.namespace().equals(monitor.namespace())
        : namespaces.matches(nsSelector.get(), monitor.namespace());
  }
}
