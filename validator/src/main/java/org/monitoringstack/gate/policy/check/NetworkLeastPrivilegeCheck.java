package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.list;
import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.ParsedYaml.maps;
import static org.monitoringstack.gate.policy.ParsedYaml.str;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.LabelSelector;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.NetworkPolicyModel;
import org.monitoringstack.gate.policy.NetworkPolicyModel.Direction;
import org.monitoringstack.gate.policy.NetworkPolicyModel.Peer;
import org.monitoringstack.gate.policy.NetworkPolicyModel.Policy;
import org.monitoringstack.gate.policy.NetworkPolicyModel.PortRange;
import org.monitoringstack.gate.policy.NetworkPolicyModel.Rule;
import org.monitoringstack.gate.policy.PolicyException;

/**
 * {@code network.least-privilege} (SEC-5): every rule of every NetworkPolicy in the render allows
 * only named flows. A rule fails when it allows every peer (no {@code from}/{@code to}, or an
 * empty peer {@code {}}), every port (no {@code ports}), or every namespace (a {@code
 * namespaceSelector: {}}); when an ipBlock is wider than the documented ranges; and when an
 * ingress rule admits pods of another namespace than the policy's own, the ingress
 * controller's, or (for a policy of the stack) the stack's other namespace: {@code namespace}
 * and {@code hostAccessNamespace} of the profile's values, where node-exporter runs.
 *
 * <p>Params: {@code documentedCidrs}, a list of {@code {cidr, direction (Ingress|Egress), ports,
 * why}}: an ipBlock must lie inside an entry of its direction, and every port of its rule must
 * be among the entry's ports (no {@code ports} in the entry: any port); {@code adminCidrs} (the
 * profile's values) count as documented for Ingress on any port; {@code ingressController}
 * ({@code namespace}).
 */
final class NetworkLeastPrivilegeCheck extends Check {

  NetworkLeastPrivilegeCheck() {
    super("network.least-privilege", "SEC-5",
        "NetworkPolicy rules name their peers and ports; ipBlocks stay within the documented"
            + " ranges; ingress only from the own namespace, the ingress controller and admins.");
  }

  /** A documented range: where an ipBlock may point, in which direction, on which ports. */
  record Documented(Cidr cidr, Direction direction, Set<Integer> ports) {

    boolean admits(Cidr block, Direction d, List<PortRange> rulePorts) {
      if (d != direction || !block.within(cidr)) {
        return false;
      }
      return ports.isEmpty() || (!rulePorts.isEmpty()
          && rulePorts.stream().allMatch(p -> single(p).map(ports::contains).orElse(false)));
    }

    String display() {
      return cidr.text() + " (" + direction.label()
          + (ports.isEmpty() ? ", any port" : ", ports " + ports) + ")";
    }
  }

  @Override
  protected void run(CheckContext context, List<Finding> out) {
    List<Documented> documented = documented(context);
    String controllerNs = str(map(context.params().get("ingressController").orElse(null))
        .get("namespace"));
    // the stack's own namespaces: values.namespace and node-exporter's exception namespace
    Set<String> stack = new TreeSet<>();
    context.params().optionalString("namespace").ifPresent(stack::add);
    context.params().optionalString("hostAccessNamespace").ifPresent(stack::add);
    NetworkPolicyModel model = NetworkPolicyModel.of(context.resources());
    for (Policy policy : model.policies()) {
      for (Direction d : Direction.values()) {
        if (!policy.hasType(d)) {
          continue;
        }
        String key = d == Direction.INGRESS ? "ingress" : "egress";
        String peersKey = d == Direction.INGRESS ? "from" : "to";
        String who = d == Direction.INGRESS ? "source" : "destination";
        for (Rule rule : policy.rules(d)) {
          String path = "spec." + key + "." + rule.index();
          String name = key + " rule " + rule.index();
          if (rule.allowsAllPeers()) {
            out.add(context.finding(policy.resource(), path, name + " allows every " + who
                + " (no " + peersKey + "): expected the peers it is for",
                "list the pods, namespaces or documented ipBlocks under " + peersKey));
          }
          if (rule.ports().isEmpty()) {
            out.add(context.finding(policy.resource(), path, name + " allows every port"
                + " (no ports): expected the ports of the flow",
                "list the ports (a named port such as metrics works across namespaces)"));
          }
          for (int j = 0; j < rule.peers().size(); j++) {
            Peer peer = rule.peers().get(j);
            String peerPath = path + "." + peersKey + "." + j;
            problem(peer, policy, rule, d, documented, controllerNs, stack).ifPresent(p ->
                out.add(context.finding(policy.resource(),
                    peer.isIpBlock() ? peerPath + ".ipBlock.cidr" : peerPath,
                    name + " " + p.message(), p.hint())));
          }
        }
      }
    }
  }

  private record Problem(String message, String hint) {}

  private static Optional<Problem> problem(Peer peer, Policy policy, Rule rule, Direction d,
      List<Documented> documented, String controllerNs, Set<String> stack) {
    if (!peer.isIpBlock() && peer.podSelector().isEmpty() && peer.namespaceSelector().isEmpty()) {
      return Optional.of(new Problem("has an empty peer ({}), which the API server rejects and"
          + " readers take for every peer: expected a podSelector, namespaceSelector or ipBlock",
          "name the peer, or remove the empty entry"));
    }
    if (peer.isIpBlock()) {
      Optional<Cidr> block = Cidr.parse(peer.cidr());
      if (block.isEmpty()) {
        return Optional.of(new Problem("has ipBlock " + peer.cidr() + ", which is not a CIDR"
            + " block", "write the block as address/prefix, e.g. 10.10.0.0/24"));
      }
      if (documented.stream().anyMatch(r -> r.admits(block.get(), d, rule.ports()))) {
        return Optional.empty();
      }
      String ports = rule.ports().isEmpty() ? "every port" : "ports " + rule.ports().stream()
          .map(p -> String.valueOf(p.port()) + (p.endPort() == null ? "" : "-" + p.endPort()))
          .collect(Collectors.joining(", "));
      return Optional.of(new Problem("allows ipBlock " + peer.cidr() + " on " + ports
          + ": expected a block within a documented range of the profile ("
          + documented.stream().filter(r -> r.direction() == d).map(Documented::display)
              .collect(Collectors.joining(", ")) + ")",
          "narrow the block, or document the range and why in the profile's"
              + " network.least-privilege documentedCidrs"));
    }
    Optional<LabelSelector> ns = peer.namespaceSelector();
    if (ns.isPresent() && ns.get().isEmpty()) {
      return Optional.of(new Problem("selects pods of every namespace (namespaceSelector: {}):"
          + " expected the namespaces it is for",
          "pin the namespaceSelector with kubernetes.io/metadata.name, or select namespaces by"
              + " a label they opt in with"));
    }
    if (d == Direction.INGRESS && ns.isPresent()) {
      Set<String> names = NetworkAdminOnlyCheck.pinnedNames(ns.get());
      Set<String> outside = new TreeSet<>(names);
      outside.remove(policy.namespace());
      outside.remove(controllerNs);
      Set<String> own = new TreeSet<>(Set.of(policy.namespace()));
      if (stack.contains(policy.namespace())) {
        outside.removeAll(stack);
        own.addAll(stack);
      }
      if (names.isEmpty() || !outside.isEmpty()) {
        return Optional.of(new Problem("admits pods of namespaces "
            + (names.isEmpty() ? StackComponents.display(ns.get()) : outside.toString())
            + " into namespace " + policy.namespace() + ": expected only pods of "
            + String.join(", ", own) + (controllerNs.isEmpty() ? ""
                : " and the ingress controller (namespace " + controllerNs + ")"),
            "reach the monitoring components through the ingress controller, or document the"
                + " flow and waive this finding"));
      }
    }
    return Optional.empty();
  }

  private static Optional<Integer> single(PortRange p) {
    if (p.endPort() != null) {
      return Optional.empty();
    }
    if (p.port() instanceof Number n) {
      return Optional.of(n.intValue());
    }
    String text = String.valueOf(p.port());
    return text.matches("\\d{1,5}") ? Optional.of(Integer.parseInt(text)) : Optional.empty();
  }

  private static List<Documented> documented(CheckContext context) {
    List<Documented> out = new ArrayList<>();
    for (Map<String, Object> entry : maps(context.params().get("documentedCidrs").orElse(null))) {
      String text = str(entry.get("cidr"));
      Cidr cidr = Cidr.parse(text).orElseThrow(() -> new PolicyException("check "
          + "network.least-privilege: documentedCidrs entry '" + text + "' is not a CIDR block"));
      String direction = str(entry.get("direction"));
      Direction d = switch (direction) {
        case "Ingress" -> Direction.INGRESS;
        case "Egress" -> Direction.EGRESS;
        default -> throw new PolicyException("check network.least-privilege: documentedCidrs"
            + " entry " + text + " has direction '" + direction + "': expected Ingress or Egress");
      };
      Set<Integer> ports = new TreeSet<>();
      for (Object p : list(entry.get("ports"))) {
        try {
          ports.add(Integer.parseInt(str(p)));
        } catch (NumberFormatException e) {
          throw new PolicyException("check network.least-privilege: documentedCidrs entry "
              + text + " has port '" + str(p) + "': expected a port number");
        }
      }
      out.add(new Documented(cidr, d, ports));
    }
    for (String c : context.params().strings("adminCidrs")) {
      Cidr.parse(c).ifPresent(cidr -> out.add(
          new Documented(cidr, Direction.INGRESS, Set.of())));
    }
    return out;
  }
}
