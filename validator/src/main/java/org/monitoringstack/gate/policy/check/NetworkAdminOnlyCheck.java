package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.ParsedYaml.str;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.LabelSelector;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.NamespaceLabels;
import org.monitoringstack.gate.policy.NetworkPolicyModel;
import org.monitoringstack.gate.policy.NetworkPolicyModel.Direction;
import org.monitoringstack.gate.policy.NetworkPolicyModel.Peer;
import org.monitoringstack.gate.policy.NetworkPolicyModel.Pod;
import org.monitoringstack.gate.policy.NetworkPolicyModel.Policy;
import org.monitoringstack.gate.policy.NetworkPolicyModel.Rule;
import org.monitoringstack.gate.policy.ParsedYaml;
import org.monitoringstack.gate.policy.Workload;

/**
 * {@code network.admin-only} (SEC-6): the UI ports (Prometheus 9090, Alertmanager 9093, Grafana
 * 3000) accept ingress only from pods of their own namespace, from the ingress controller, or
 * from ipBlocks inside the admin CIDRs. Every ingress rule of every policy selecting a UI pod and
 * covering the UI port is examined. A namespaceSelector counts as naming a namespace only when it
 * pins {@code kubernetes.io/metadata.name} (matchLabels, or {@code In} over that key): any other
 * namespace selector may select namespaces the render cannot see.
 *
 * <p>Params: {@code adminCidrs} (list), {@code ingressController} ({@code namespace}, optional
 * {@code podLabels} the controller pods carry, which a peer's podSelector must select).
 */
final class NetworkAdminOnlyCheck extends Check {

  NetworkAdminOnlyCheck() {
    super("network.admin-only", "SEC-6",
        "Monitoring UIs accept traffic only from monitoring pods, the ingress controller and"
            + " the admin networks.");
  }

  @Override
  protected void run(CheckContext context, List<Finding> out) {
    List<Cidr> admin = Cidr.adminNetworks(context.params());
    Map<String, Object> controller = map(context.params().get("ingressController").orElse(null));
    String controllerNs = str(controller.get("namespace"));
    Map<String, String> controllerLabels = ParsedYaml.strings(controller.get("podLabels"));
    String allowed = "expected only pods of namespace %s"
        + (controllerNs.isEmpty() ? "" : ", the ingress controller (namespace " + controllerNs
            + ")") + " or ipBlocks within the admin CIDRs "
        + context.params().strings("adminCidrs");

    NetworkPolicyModel model = NetworkPolicyModel.of(context.resources());
    for (Workload w : Workload.all(context.resources())) {
      OptionalInt ui = StackComponents.uiPort(w);
      if (ui.isEmpty()) {
        continue;
      }
      int port = ui.getAsInt();
      Pod pod = Pod.of(w);
      String expected = String.format(allowed, pod.namespace());
      List<Policy> policies = model.selecting(pod, Direction.INGRESS);
      if (policies.isEmpty()) {
        out.add(context.finding(w.resource(), StackComponents.podLabelsPath(w),
            "accepts traffic on UI port " + port + " from anywhere: no"
                + " NetworkPolicy selects its pods for Ingress; " + expected,
            "select the pods with a NetworkPolicy for Ingress that allows port " + port
                + " only from the ingress controller and the admin CIDRs"));
        continue;
      }
      for (Policy policy : policies) {
        for (Rule rule : policy.rules(Direction.INGRESS)) {
          if (!rule.coversPort(pod, port)) {
            continue;
          }
          String rulePath = "spec.ingress." + rule.index();
          if (rule.allowsAllPeers()) {
            out.add(context.finding(policy.resource(), rulePath,
                "ingress rule " + rule.index()
                    + " lets every source reach " + pod.display() + " on UI port " + port
                    + " (no from); " + expected,
                "list the allowed sources under from: the ingress controller and ipBlocks of"
                    + " the admin CIDRs"));
            continue;
          }
          for (int j = 0; j < rule.peers().size(); j++) {
            Peer peer = rule.peers().get(j);
            String peerPath = rulePath + ".from." + j;
            Optional<String> problem = problem(peer, policy, admin, controllerNs,
                controllerLabels);
            problem.ifPresent(p -> out.add(context.finding(policy.resource(),
                peer.isIpBlock() ? peerPath + ".ipBlock.cidr" : peerPath,
                "ingress rule " + rule.index()
                    + " lets " + p + " reach " + pod.display() + " on UI port " + port + "; "
                    + expected,
                peer.isIpBlock()
                    ? "narrow the ipBlock to the admin networks, or remove it and reach the UI"
                        + " through the ingress controller"
                    : "pin the namespaceSelector with kubernetes.io/metadata.name to the"
                        + " ingress controller's namespace and select its pods")));
          }
        }
      }
    }
  }

  private static Optional<String> problem(Peer peer, Policy policy, List<Cidr> admin,
      String controllerNs, Map<String, String> controllerLabels) {
    if (peer.isIpBlock()) {
      return Cidr.isWithin(peer.cidr(), admin) ? Optional.empty()
          : Optional.of("ipBlock " + peer.cidr());
    }
    if (peer.namespaceSelector().isEmpty()) {
      return Optional.empty(); // pods of the policy's (the UI's) own namespace
    }
    LabelSelector ns = peer.namespaceSelector().get();
    Set<String> names = pinnedNames(ns);
    String what = "pods " + peer.podSelector().map(StackComponents::display).orElse("{}")
        + " of namespaces " + StackComponents.display(ns);
    // the ingress controller's namespace counts only with a podSelector selecting its pods
    boolean controllerPods = controllerLabels.isEmpty()
        || peer.podSelector().map(s -> !s.isEmpty() && s.matches(controllerLabels)).orElse(false);
    boolean allowed = !names.isEmpty() && names.stream().allMatch(n -> n.equals(policy.namespace())
        || (n.equals(controllerNs) && controllerPods));
    return allowed ? Optional.empty() : Optional.of(what);
  }

  /** The namespace names a selector is limited to, empty when it is not limited by name. */
  static Set<String> pinnedNames(LabelSelector selector) {
    String byLabel = selector.matchLabels().get(NamespaceLabels.NAME_LABEL);
    if (byLabel != null) {
      return Set.of(byLabel);
    }
    return selector.matchExpressions().stream()
        .filter(r -> r.key().equals(NamespaceLabels.NAME_LABEL) && r.operator().equals("In"))
        .findFirst().<Set<String>>map(r -> new LinkedHashSet<>(r.values())).orElse(Set.of());
  }
}
