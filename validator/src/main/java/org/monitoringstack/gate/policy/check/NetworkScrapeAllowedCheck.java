package org.monitoringstack.gate.policy.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.NetworkPolicyModel;
import org.monitoringstack.gate.policy.NetworkPolicyModel.Direction;
import org.monitoringstack.gate.policy.NetworkPolicyModel.Pod;
import org.monitoringstack.gate.policy.Workload;

/**
 * {@code network.scrape-allowed} (SEC-5): for every ServiceMonitor and PodMonitor endpoint, the
 * NetworkPolicies let every Prometheus pod of the render reach the scraped pods on the scraped
 * container port: egress from the Prometheus pods and ingress to the target pods (see {@link
 * NetworkPolicyModel} for the semantics, {@link MonitorTargets} for how endpoints resolve to
 * pods and ports). Targets outside the render (kubelet, API server) are not judged.
 */
final class NetworkScrapeAllowedCheck extends Check {

  NetworkScrapeAllowedCheck() {
    super("network.scrape-allowed", "SEC-5",
        "NetworkPolicies let Prometheus reach every ServiceMonitor/PodMonitor target port.");
  }

  @Override
  protected void run(CheckContext context, List<Finding> out) {
    List<Resource> resources = context.resources();
    NetworkPolicyModel model = NetworkPolicyModel.of(resources);
    List<Workload> workloads = Workload.all(resources);
    List<Pod> pods = workloads.stream().map(Pod::of).toList();
    List<Pod> prometheus = new ArrayList<>();
    for (int i = 0; i < workloads.size(); i++) {
      if (StackComponents.isPrometheus(workloads.get(i))) {
        prometheus.add(pods.get(i));
      }
    }
    Set<String> seen = new HashSet<>();
    for (Resource monitor : MonitorTargets.monitors(resources)) {
      for (MonitorTargets.Scrape s : MonitorTargets.scrapes(monitor, resources, workloads, pods)) {
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
          List<String> reasons = new ArrayList<>();
          if (!egress) {
            reasons.add("no egress rule of " + names(model.selecting(from, Direction.EGRESS))
                + " (selecting " + from.display() + ") allows it");
          }
          if (!ingress) {
            reasons.add("no ingress rule of " + names(model.selecting(s.pod(), Direction.INGRESS))
                + " (selecting " + s.pod().display() + ") allows it");
          }
          out.add(context.finding(monitor, s.endpoint().portPath(),
              s.endpoint().display() + ": "
                  + from.display() + " cannot reach " + s.pod().display() + " on TCP port "
                  + s.port() + ": " + String.join(" and ", reasons)
                  + "; expected an egress rule of a policy selecting the Prometheus pods and an"
                  + " ingress rule of a policy selecting the target pods, both allowing port "
                  + s.port(),
              (egress ? "" : "add to the Prometheus NetworkPolicy an egress rule to the pods of "
                  + s.pod().display() + " on port " + s.port() + (ingress ? "" : "; "))
                  + (ingress ? "" : "add to the NetworkPolicy of " + s.pod().display()
                  + " an ingress rule from the Prometheus pods (podSelector"
                  + " app.kubernetes.io/name=prometheus) on port " + s.port())));
        }
      }
    }
  }

  private static String names(List<NetworkPolicyModel.Policy> policies) {
    return policies.stream().map(p -> p.resource().name()).sorted()
        .collect(Collectors.joining(", ", "NetworkPolicy [", "]"));
  }
}
