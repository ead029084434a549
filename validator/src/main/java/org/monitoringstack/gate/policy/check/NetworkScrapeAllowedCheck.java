package org.monitoringstack.gate.policy.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.NamespaceLabels;
import org.monitoringstack.gate.policy.NetworkPolicyModel;
import org.monitoringstack.gate.policy.NetworkPolicyModel.Direction;
import org.monitoringstack.gate.policy.NetworkPolicyModel.Peer;
import org.monitoringstack.gate.policy.NetworkPolicyModel.Pod;
import org.monitoringstack.gate.policy.NetworkPolicyModel.Policy;
import org.monitoringstack.gate.policy.Workload;

/**
 * {@code network.scrape-allowed} (SEC-5): for every ServiceMonitor and PodMonitor endpoint, the
 * NetworkPolicies let every Prometheus pod of the render reach the scraped pods on the scraped
 * container port: egress from the Prometheus pods and ingress to the target pods (see {@link
 * NetworkPolicyModel} for the semantics, {@link MonitorTargets} for how endpoints resolve to
 * pods and ports). Targets outside the render (kubelet, API server) are not judged.
 *
 * <p>Probes: Prometheus connects to the prober, not to the probed targets, so for every Probe
 * that a Prometheus selects ({@code probeSelector}, {@code probeNamespaceSelector}) the check
 * judges the connection to {@code spec.prober.url} (see {@link ProbeTargets}):
 *
 * <ul>
 *   <li>a Service of the render: like a ServiceMonitor's scrape, egress from that Prometheus'
 *       pods and ingress to the Service's pods on the container port the URL's Service port
 *       leads to; a URL port that is not a port of the Service is a finding;
 *   <li>an address outside the cluster: an egress rule of the Prometheus pods on the port whose
 *       peers are unrestricted or an {@code ipBlock}; an IP address must lie in the block (and
 *       in none of its {@code except}s), a host name is taken to be in any block, since its
 *       address is not in the manifests;
 *   <li>a cluster Service the render does not have (another team's prober): its pods and
 *       policies are unknown, so it is not judged, unless {@code reportUnresolvedProbers: true}
 *       reports it.
 * </ul>
 *
 * What the prober itself may reach (the probed targets) is the prober's egress, not judged here.
 */
final class NetworkScrapeAllowedCheck extends Check {

  NetworkScrapeAllowedCheck() {
    super("network.scrape-allowed", "SEC-5",
        "NetworkPolicies let Prometheus reach every ServiceMonitor/PodMonitor target port"
            + " and the prober of every Probe it selects.");
  }

  @Override
  protected void run(CheckContext context, List<Finding> out) {
    List<Resource> resources = context.resources();
    NetworkPolicyModel model = NetworkPolicyModel.of(resources);
    List<Workload> workloads = Workload.all(resources);
    List<Pod> prometheus = workloads.stream().filter(StackComponents::isPrometheus).map(Pod::of)
        .toList();
    Set<String> seen = new HashSet<>();
    for (Resource monitor : MonitorTargets.monitors(resources)) {
      for (MonitorTargets.Scrape s : MonitorTargets.scrapes(monitor, resources, workloads)) {
        for (Pod from : prometheus) {
          boolean egress = model.allowsEgress(from, s.pod(), s.port());
          boolean ingress = model.allowsIngress(from, s.pod(), s.port());
          if (egress && ingress) {
            continue;
          }
          String key = monitor.ref() + "|" + s.endpoint().index() + "|" + s.pod().display()
              + "|" + s.port() + "|" + from.display();
          if (!seen.add(key)) {
            continue;
          }
          out.add(context.finding(monitor, s.endpoint().portPath(), s.endpoint().display()
              + ": " + blocked(model, from, s.pod(), s.port(), egress, ingress, "target"),
              hint(egress, ingress, s.pod(), s.port())));
        }
      }
    }
    probes(context, model, workloads, out);
  }

  /**
   * That {@code from} cannot reach {@code to}, which side's policies refuse it, and what is
   * expected of the policies of both sides ({@code targets}: how the expectation names {@code
   * to}'s pods).
   */
  private static String blocked(NetworkPolicyModel model, Pod from, Pod to, int port,
      boolean egress, boolean ingress, String targets) {
    List<String> reasons = new ArrayList<>();
    if (!egress) {
      reasons.add("no egress rule of " + names(model.selecting(from, Direction.EGRESS))
          + " (selecting " + from.display() + ") allows it");
    }
    if (!ingress) {
      reasons.add("no ingress rule of " + names(model.selecting(to, Direction.INGRESS))
          + " (selecting " + to.display() + ") allows it");
    }
    return from.display() + " cannot reach " + to.display() + " on TCP port " + port + ": "
        + String.join(" and ", reasons) + "; expected an egress rule of a policy selecting the"
        + " Prometheus pods and an ingress rule of a policy selecting the " + targets
        + " pods, both allowing port " + port;
  }

  private static String hint(boolean egress, boolean ingress, Pod pod, int port) {
    return (egress ? "" : "add to the Prometheus NetworkPolicy an egress rule to the pods of "
        + pod.display() + " on port " + port + (ingress ? "" : "; "))
        + (ingress ? "" : "add to the NetworkPolicy of " + pod.display()
        + " an ingress rule from the Prometheus pods (podSelector"
        + " app.kubernetes.io/name=prometheus) on port " + port);
  }

  private static void probes(CheckContext context, NetworkPolicyModel model,
      List<Workload> workloads, List<Finding> out) {
    List<Resource> resources = context.resources();
    boolean reportUnresolved = context.params().bool("reportUnresolvedProbers", false);
    NamespaceLabels namespaces = NamespaceLabels.of(resources);
    for (Resource probe : resources.stream().filter(MonitorTargets::isProbe).toList()) {
      Set<String> seen = new HashSet<>();
      for (Workload w : workloads) {
        if (!StackComponents.isPrometheus(w)
            || !MonitorTargets.pickedUpBy(w.resource(), probe, namespaces)) {
          continue;
        }
        Pod from = Pod.of(w);
        Optional<ProbeTargets.Prober> found =
            ProbeTargets.prober(probe, w.namespace(), resources);
        if (found.isEmpty()) {
          continue;
        }
        ProbeTargets.Prober prober = found.get();
        String at = "spec.prober.url";
        if (!prober.inCluster()) {
          if (!allowsExternal(model, from, prober.host(), prober.port())) {
            out.add(context.finding(probe, at, prober.display() + " is outside the cluster: "
                + from.display() + " cannot reach " + prober.host() + " on TCP port "
                + prober.port() + ": no egress rule of "
                + names(model.selecting(from, Direction.EGRESS)) + " (selecting "
                + from.display() + ") allows an ipBlock containing it; expected an egress rule"
                + " of a policy selecting the Prometheus pods to an ipBlock that contains the"
                + " prober's address, allowing port " + prober.port(),
                "add to the Prometheus NetworkPolicy an egress rule to the prober's address"
                    + " (ipBlock) on port " + prober.port()));
          }
          continue;
        }
        String service = "Service/" + prober.serviceNamespace() + "/" + prober.serviceName();
        if (prober.service().isEmpty()) {
          if (reportUnresolved && seen.add("unresolved")) {
            out.add(context.finding(probe, at, prober.display() + " names " + service
                + ", which is not in the render, so whether " + from.display()
                + " may reach it cannot be judged; expected the prober's Service and pods in"
                + " the render",
                "render the prober (e.g. the blackbox exporter) with the stack, or record a"
                    + " waiver while another repository owns it"));
          }
          continue;
        }
        Optional<List<ProbeTargets.Backend>> backends = ProbeTargets.backends(
            prober.service().get(), prober.port(), workloads);
        if (backends.isEmpty()) {
          if (seen.add("port")) {
            out.add(context.finding(probe, at, prober.display() + ": " + service
                + " has no TCP port " + prober.port() + ", so " + from.display()
                + " cannot reach the prober; expected the URL to name a port of the Service",
                "set spec.prober.url to " + prober.serviceName() + "."
                    + prober.serviceNamespace() + ".svc:<a port of " + service + ">"));
          }
          continue;
        }
        for (ProbeTargets.Backend b : backends.get()) {
          boolean egress = model.allowsEgress(from, b.pod(), b.port());
          boolean ingress = model.allowsIngress(from, b.pod(), b.port());
          if ((egress && ingress) || !seen.add(b.pod().display() + "|" + b.port() + "|"
              + from.display())) {
            continue;
          }
          out.add(context.finding(probe, at, prober.display() + " (" + service + " port "
              + prober.port() + "): "
              + blocked(model, from, b.pod(), b.port(), egress, ingress, "prober's"),
              hint(egress, ingress, b.pod(), b.port())));
        }
      }
    }
  }

  /**
   * May {@code from} connect to an address outside the cluster on the port? Unrestricted egress,
   * or a rule on the port with every peer or an ipBlock peer that contains the address (any
   * block, for a host name whose address the manifests do not say).
   */
  private static boolean allowsExternal(NetworkPolicyModel model, Pod from, String host,
      int port) {
    List<Policy> selecting = model.selecting(from, Direction.EGRESS);
    if (from.hostNetwork() || selecting.isEmpty()) {
      return true;
    }
    Optional<Cidr> address = Cidr.parse(host + (host.contains(":") ? "/128" : "/32"));
    Pod outside = new Pod("", Map.of(), List.of(), false, host);
    return selecting.stream().flatMap(policy -> policy.rules(Direction.EGRESS).stream())
        .filter(rule -> rule.coversPort(outside, port))
        .anyMatch(rule -> rule.allowsAllPeers() || rule.peers().stream().filter(Peer::isIpBlock)
            .anyMatch(p -> address.isEmpty() || contains(p, address.get())));
  }

  private static boolean contains(Peer peer, Cidr address) {
    return Cidr.parse(peer.cidr()).filter(address::within).isPresent() && peer.except().stream()
        .map(Cidr::parse).flatMap(Optional::stream).noneMatch(address::within);
  }

  private static String names(List<Policy> policies) {
    return policies.stream().map(p -> p.resource().name()).sorted()
        .collect(Collectors.joining(", ", "NetworkPolicy [", "]"));
  }
}
