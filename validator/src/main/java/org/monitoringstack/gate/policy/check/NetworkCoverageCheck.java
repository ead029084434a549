package org.monitoringstack.gate.policy.check;

import java.util.List;
import java.util.stream.Stream;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.NetworkPolicyModel;
import org.monitoringstack.gate.policy.NetworkPolicyModel.Direction;
import org.monitoringstack.gate.policy.NetworkPolicyModel.Pod;
import org.monitoringstack.gate.policy.Workload;

/**
 * {@code network.coverage} (SEC-5): the pods of every workload in the render are selected by at
 * least one NetworkPolicy for Ingress and one for Egress (a pod no policy selects is open in that
 * direction).
 */
final class NetworkCoverageCheck extends Check {

  NetworkCoverageCheck() {
    super("network.coverage", "SEC-5",
        "Every pod of the stack is selected by a NetworkPolicy for Ingress and for Egress.");
  }

  @Override
  protected void run(CheckContext context, List<Finding> out) {
    NetworkPolicyModel model = NetworkPolicyModel.of(context.resources());
    for (Workload w : Workload.all(context.resources())) {
      Pod pod = Pod.of(w);
      List<String> missing = Stream.of(Direction.values())
          .filter(d -> model.selecting(pod, d).isEmpty()).map(Direction::label).toList();
      if (missing.isEmpty()) {
        continue;
      }
      out.add(context.finding(w.resource(), StackComponents.podLabelsPath(w),
          "its pods in namespace " + pod.namespace()
              + " are selected by no NetworkPolicy for " + String.join(" and ", missing)
              + ": expected at least one policy selecting them for each of Ingress and Egress,"
              + " so that traffic is denied unless allowed",
          "add a NetworkPolicy whose podSelector matches these pods' labels with policyTypes "
              + missing + " (a namespace-wide default deny with podSelector: {} covers every"
              + " pod)"));
    }
  }
}
