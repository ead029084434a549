package org.monitoringstack.gate.policy;

import static org.monitoringstack.gate.policy.ParsedYaml.list;
import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.ParsedYaml.maps;
import static org.monitoringstack.gate.policy.ParsedYaml.str;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.monitoringstack.gate.model.LabelSelector;
import org.monitoringstack.gate.model.Resource;

/**
 * The rendered NetworkPolicies with Kubernetes' semantics, answering whether one pod may open a
 * connection to another on a port.
 *
 * <ul>
 *   <li>A pod that no policy of a type selects is unrestricted for that direction; once one
 *       selects it, only what some rule of some selecting policy allows is allowed.
 *   <li>{@code policyTypes} absent: Ingress always, Egress when the policy has an {@code egress}
 *       field.
 *   <li>An empty or absent {@code from}/{@code to} means every peer; an empty or absent
 *       {@code ports} means every port. A port is a number (with {@code endPort}, a range) or a
 *       name, resolved against the destination pod's container ports; protocol defaults to TCP,
 *       the only one the model answers for (every flow the checks judge is TCP).
 *   <li>A peer with only {@code podSelector} selects pods of the policy's namespace; with
 *       {@code namespaceSelector} pods of the namespaces it selects (see {@link
 *       NamespaceLabels}).
 *   <li>{@code ipBlock} peers never match pods: pod IPs are not known from manifests (and the
 *       API documents ipBlock for cluster-external addresses). The exception are host-network
 *       pods (node-exporter): their address is a node's, which only an ipBlock can match, so any
 *       ipBlock peer is taken to cover them; NetworkPolicies do not apply to them on ingress.
 * </ul>
 */
public final class NetworkPolicyModel {

  /** A direction of traffic. */
  public enum Direction {
    INGRESS, EGRESS;

    /** As {@code policyTypes} names it: {@code Ingress}, {@code Egress}. */
    public String label() {
      return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }
  }

  /** One container port of a pod. */
  public record ContainerPort(String name, int number, String protocol) {
    public ContainerPort {
      name = Objects.requireNonNullElse(name, "");
      protocol = protocol == null || protocol.isBlank() ? "TCP" : protocol;
    }
  }

  /**
   * A pod as network policies see it.
   *
   * @param display how messages name it, e.g. {@code Deployment/grafana}
   */
  public record Pod(
      String namespace,
      Map<String, String> labels,
      List<ContainerPort> ports,
      boolean hostNetwork,
      String display) {

    public Pod {
      Objects.requireNonNull(namespace, "namespace");
      labels = Map.copyOf(labels);
      ports = List.copyOf(ports);
      Objects.requireNonNull(display, "display");
    }

    /** The pods of a workload, with the ports the operator adds to its own pods. */
    public static Pod of(Workload w) {
      List<ContainerPort> ports = new ArrayList<>();
      for (Map<String, Object> c : w.containers()) {
        for (Map<String, Object> p : maps(c.get("ports"))) {
          if (p.get("containerPort") instanceof Number n) {
            ports.add(new ContainerPort(str(p.get("name")), n.intValue(), str(p.get("protocol"))));
          }
        }
      }
      Resource r = w.resource();
      if (r.group().equals("monitoring.coreos.com")) {
        if (r.is("Prometheus")) {
          addDefault(ports, "web", 9090, "TCP");
          if (r.at("spec.thanos").isPresent()) {
            addDefault(ports, "grpc", 10901, "TCP");
            addDefault(ports, "http", 10902, "TCP");
          }
          addDefault(ports, "reloader-web", 8080, "TCP");
        } else if (r.is("Alertmanager")) {
          addDefault(ports, "web", 9093, "TCP");
          addDefault(ports, "mesh-tcp", 9094, "TCP");
          addDefault(ports, "mesh-udp", 9094, "UDP");
          addDefault(ports, "reloader-web", 8080, "TCP");
        }
      }
      boolean hostNetwork = ParsedYaml.isTrue(w.podSpec().get("hostNetwork"));
      return new Pod(w.namespace(), w.podLabels(), ports, hostNetwork,
          r.kind() + "/" + r.name());
    }

    private static void addDefault(List<ContainerPort> ports, String name, int number,
        String protocol) {
      if (ports.stream().noneMatch(p -> p.name().equals(name))) {
        ports.add(new ContainerPort(name, number, protocol));
      }
    }

    /**
     * A port as a number on this pod: a number, a numeric string, or the name of a container
     * port of the protocol (empty: TCP).
     */
    public OptionalInt resolve(Object port, String protocol) {
      if (port == null) {
        return OptionalInt.empty();
      }
      if (port instanceof Number n) {
        return OptionalInt.of(n.intValue());
      }
      String text = String.valueOf(port);
      if (!text.isEmpty() && text.length() < 10 && text.chars().allMatch(Character::isDigit)) {
        return OptionalInt.of(Integer.parseInt(text));
      }
      String proto = protocol.isEmpty() ? "TCP" : protocol;
      return ports.stream()
          .filter(p -> p.name().equals(text) && p.protocol().equalsIgnoreCase(proto))
          .mapToInt(ContainerPort::number)
          .findFirst();
    }
  }

  /** One element of {@code from}/{@code to}. */
  public record Peer(
      Optional<LabelSelector> podSelector,
      Optional<LabelSelector> namespaceSelector,
      String cidr,
      List<String> except) {

    static Peer of(Map<String, Object> yaml) {
      Map<String, Object> ip = map(yaml.get("ipBlock"));
      return new Peer(LabelSelector.parse(yaml.get("podSelector")),
          LabelSelector.parse(yaml.get("namespaceSelector")), str(ip.get("cidr")),
          list(ip.get("except")).stream().map(ParsedYaml::str).toList());
    }

    public boolean isIpBlock() {
      return !cidr.isEmpty();
    }
  }

  /** One element of {@code ports}: port null means every port of the protocol. */
  public record PortRange(String protocol, Object port, Integer endPort) {

    static PortRange of(Map<String, Object> yaml) {
      String protocol = str(yaml.get("protocol"));
      return new PortRange(protocol.isEmpty() ? "TCP" : protocol, yaml.get("port"),
          yaml.get("endPort") instanceof Number n ? n.intValue() : null);
    }

    /** Does it cover TCP port {@code number} of {@code destination}? */
    public boolean matches(Pod destination, int number) {
      if (!protocol.equalsIgnoreCase("TCP")) {
        return false;
      }
      if (port instanceof Number n) {
        return number >= n.intValue() && number <= (endPort == null ? n.intValue() : endPort);
      }
      return port == null
          || destination.resolve(port, "TCP").stream().anyMatch(p -> p == number);
    }
  }

  /**
   * One ingress or egress rule.
   *
   * @param index its position in the policy's list
   * @param peers empty = every peer
   * @param ports empty = every port
   */
  public record Rule(int index, List<Peer> peers, List<PortRange> ports) {

    public boolean allowsAllPeers() {
      return peers.isEmpty();
    }

    public boolean coversPort(Pod destination, int number) {
      return ports.isEmpty() || ports.stream().anyMatch(p -> p.matches(destination, number));
    }
  }

  /** One NetworkPolicy, parsed. */
  public record Policy(
      Resource resource,
      LabelSelector podSelector,
      boolean ingress,
      boolean egress,
      List<Rule> ingressRules,
      List<Rule> egressRules) {

    public static Policy of(Resource r) {
      LabelSelector selector =
          LabelSelector.parse(r.at("spec.podSelector").orElse(null))
              .orElse(LabelSelector.EVERYTHING);
      List<String> types = list(r.at("spec.policyTypes").orElse(null)).stream()
          .map(ParsedYaml::str).toList();
      boolean ingress = types.isEmpty() || types.contains("Ingress");
      boolean egress = types.isEmpty() ? r.at("spec.egress").isPresent()
          : types.contains("Egress");
      return new Policy(r, selector, ingress, egress,
          rules(r.at("spec.ingress").orElse(null), "from"),
          rules(r.at("spec.egress").orElse(null), "to"));
    }

    public String namespace() {
      return resource.namespace();
    }

    public boolean hasType(Direction d) {
      return d == Direction.INGRESS ? ingress : egress;
    }

    public List<Rule> rules(Direction d) {
      return d == Direction.INGRESS ? ingressRules : egressRules;
    }

    private static List<Rule> rules(Object yaml, String peersKey) {
      List<Rule> out = new ArrayList<>();
      List<Object> items = list(yaml);
      for (int i = 0; i < items.size(); i++) {
        Map<String, Object> rule = map(items.get(i));
        out.add(new Rule(i, maps(rule.get(peersKey)).stream().map(Peer::of).toList(),
            maps(rule.get("ports")).stream().map(PortRange::of).toList()));
      }
      return out;
    }
  }

  private final List<Policy> policies;
  private final NamespaceLabels namespaces;

  private NetworkPolicyModel(List<Policy> policies, NamespaceLabels namespaces) {
    this.policies = List.copyOf(policies);
    this.namespaces = namespaces;
  }

  /** The model of the NetworkPolicies (networking.k8s.io) and Namespaces among the objects. */
  public static NetworkPolicyModel of(List<Resource> resources) {
    return new NetworkPolicyModel(resources.stream()
        .filter(r -> r.is("NetworkPolicy") && r.group().equals("networking.k8s.io"))
        .map(Policy::of).toList(), NamespaceLabels.of(resources));
  }

  public List<Policy> policies() {
    return policies;
  }

  /** The policies of the pod's namespace that select it and have the given type. */
  public List<Policy> selecting(Pod pod, Direction direction) {
    return policies.stream()
        .filter(p -> p.namespace().equals(pod.namespace()))
        .filter(p -> p.hasType(direction))
        .filter(p -> p.podSelector().matches(pod.labels()))
        .toList();
  }

  /** May {@code from} open a TCP connection to {@code to} on {@code port}, as far as {@code to}'s
   * ingress policies are concerned? */
  public boolean allowsIngress(Pod from, Pod to, int port) {
    return to.hostNetwork() || allows(selecting(to, Direction.INGRESS), Direction.INGRESS, from,
        to, port);
  }

  /** May {@code from} open a TCP connection to {@code to} on {@code port}, as far as {@code
   * from}'s egress policies are concerned? */
  public boolean allowsEgress(Pod from, Pod to, int port) {
    return from.hostNetwork() || allows(selecting(from, Direction.EGRESS), Direction.EGRESS, to,
        to, port);
  }

  private boolean allows(List<Policy> selecting, Direction direction, Pod peer, Pod destination,
      int port) {
    if (selecting.isEmpty()) {
      return true;
    }
    for (Policy policy : selecting) {
      for (Rule rule : policy.rules(direction)) {
        boolean peerOk = rule.allowsAllPeers()
            || rule.peers().stream().anyMatch(p -> peerMatches(policy, p, peer));
        if (peerOk && rule.coversPort(destination, port)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Does the peer of a rule of {@code policy} match the pod? */
  private boolean peerMatches(Policy policy, Peer peer, Pod pod) {
    if (peer.isIpBlock()) {
      return pod.hostNetwork();
    }
    if (pod.hostNetwork()) {
      return false;
    }
    if (peer.podSelector().isEmpty() && peer.namespaceSelector().isEmpty()) {
      return false;
    }
    boolean namespaceOk = peer.namespaceSelector()
        .map(s -> namespaces.matches(s, pod.namespace()))
        .orElse(pod.namespace().equals(policy.namespace()));
    boolean podOk = peer.podSelector().map(s -> s.matches(pod.labels())).orElse(true);
    return namespaceOk && podOk;
  }
}
