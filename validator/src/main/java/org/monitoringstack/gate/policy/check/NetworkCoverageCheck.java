package org.monitoringstack.gate.policy.check;

import java.util.ArrayList;
import java.util.List;
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
public final class NetworkCoverageCheck implements Check {

  @Override
  public String id() {
    return "network.coverage";
  }

  @Override
  public String requirement() {
    return "SEC-5";
  }

  @Override
  public String description() {
    return "Every pod of the stack is selected by a NetworkPolicy for Ingress and for Egress.";
  }

  @Override
  public List<Finding> evaluate(CheckContext context) {
    NetworkPolicyModel model = NetworkPolicyModel.of(context.resources());
    List<Finding> out = new ArrayList<>();
    for (Workload w : Workload.all(context.resources())) {
      Pod pod = Pod.of(w);
      List<String> missing = new ArrayList<>();
      for (Direction d : Direction.values()) {
        if (model.selecting(pod, d).isEmpty()) {
          missing.add(d.label());
        }
      }
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
    return out;
  }
}
