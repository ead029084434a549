package org.monitoringstack.gate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.policy.NetworkPolicyModel.ContainerPort;
import org.monitoringstack.gate.policy.NetworkPolicyModel.Pod;

class NetworkPolicyModelTest {

  private static final Pod PROMETHEUS = new Pod("monitoring",
      Map.of("app.kubernetes.io/name", "prometheus", "prometheus", "main"),
      List.of(new ContainerPort("web", 9090, "TCP")), false, "Prometheus/main");
  private static final Pod GRAFANA = new Pod("monitoring",
      Map.of("app.kubernetes.io/name", "grafana", "tier", "ui"),
      List.of(new ContainerPort("http", 3000, "TCP")), false, "Deployment/grafana");
  private static final Pod SHOP = new Pod("apps", Map.of("app", "shop"),
      List.of(new ContainerPort("metrics", 8000, "TCP")), false, "Deployment/shop");
  private static final Pod SHOP_IN_MONITORING = new Pod("monitoring", Map.of("app", "shop"),
      List.of(new ContainerPort("metrics", 8000, "TCP")), false, "Deployment/shop-copy");
  private static final Pod NODE_EXPORTER = new Pod("monitoring",
      Map.of("app.kubernetes.io/name", "node-exporter"),
      List.of(new ContainerPort("metrics", 9100, "TCP")), true, "DaemonSet/node-exporter");

  private static final Map<String, Pod> PODS = Map.of("prometheus", PROMETHEUS,
      "grafana", GRAFANA, "shop", SHOP, "shop-in-monitoring", SHOP_IN_MONITORING,
      "node-exporter", NODE_EXPORTER);

  /** The policies of each scenario, as YAML flow mappings (one NetworkPolicy spec each). */
  private static final Map<String, List<String>> SCENARIOS = Map.ofEntries(
      Map.entry("none", List.of()),
      Map.entry("deny-ingress", List.of("monitoring|{podSelector: {}}")),
      Map.entry("deny-all", List.of(
          "monitoring|{podSelector: {}, policyTypes: [Ingress, Egress]}",
          "apps|{podSelector: {}, policyTypes: [Ingress, Egress]}")),
      // policyTypes unset: an egress field makes it an Egress policy too
      Map.entry("implicit-egress", List.of(
          "monitoring|{podSelector: {matchLabels: {prometheus: main}}, egress: "
              + "[{to: [{podSelector: {matchLabels: {tier: ui}}}], ports: [{port: 3000}]}]}")),
      Map.entry("not-in", List.of(
          "monitoring|{podSelector: {matchExpressions: [{key: tier, operator: DoesNotExist}]},"
              + " policyTypes: [Egress]}",
          "monitoring|{podSelector: {}, ingress: [{from: [{podSelector: {matchExpressions: "
              + "[{key: app.kubernetes.io/name, operator: NotIn, values: [grafana]}]}}]}]}")),
      // namespaceSelector by the name label the API server sets (no Namespace rendered)
      Map.entry("ns-by-name", List.of(
          "apps|{podSelector: {}, ingress: [{from: [{namespaceSelector: {matchLabels: "
              + "{kubernetes.io/metadata.name: monitoring}}, podSelector: {matchLabels: "
              + "{app.kubernetes.io/name: prometheus}}}], ports: [{port: metrics}]}]}")),
      // namespaceSelector by a label only the rendered Namespace object carries
      Map.entry("ns-by-label", List.of(
          "NS apps|{team: shop}",
          "monitoring|{podSelector: {matchLabels: {prometheus: main}}, policyTypes: [Egress],"
              + " egress: [{to: [{namespaceSelector: {matchLabels: {team: shop}}}],"
              + " ports: [{port: 8000, endPort: 8100}]}]}")),
      // a podSelector alone means the policy's own namespace
      Map.entry("pod-selector-same-ns", List.of(
          "monitoring|{podSelector: {matchLabels: {prometheus: main}}, policyTypes: [Egress],"
              + " egress: [{to: [{podSelector: {matchLabels: {app: shop}}}]}]}")),
      // an empty namespaceSelector means every namespace
      Map.entry("any-namespace", List.of(
          "monitoring|{podSelector: {matchLabels: {prometheus: main}}, policyTypes: [Egress],"
              + " egress: [{to: [{namespaceSelector: {}, podSelector: {matchLabels: "
              + "{app: shop}}}], ports: [{protocol: UDP, port: 8000}, {port: metrics}]}]}")),
      Map.entry("allow-all-rule", List.of(
          "monitoring|{podSelector: {}, policyTypes: [Ingress, Egress], ingress: [{}],"
              + " egress: [{to: []}]}")),
      Map.entry("ip-block", List.of(
          "monitoring|{podSelector: {}, policyTypes: [Ingress, Egress],"
              + " ingress: [{from: [{ipBlock: {cidr: 0.0.0.0/0}}]}],"
              + " egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}], ports: [{port: 9100}]}]}")));

  @ParameterizedTest(name = "{0}: {1} -> {2}:{3} egress={4} ingress={5}")
  @CsvSource({
      "none,               prometheus, grafana,       3000, true,  true",
      "deny-ingress,       prometheus, grafana,       3000, true,  false",
      "deny-all,           prometheus, shop,          8000, false, false",
      "implicit-egress,    prometheus, grafana,       3000, true,  true",
      "implicit-egress,    prometheus, grafana,       3001, false, true",
      "implicit-egress,    prometheus, shop,          8000, false, true",
      "not-in,             prometheus, grafana,       3000, false, true",
      "not-in,             grafana,    prometheus,    9090, true,  false",
      "ns-by-name,         prometheus, shop,          8000, true,  true",
      "ns-by-name,         prometheus, shop,          8001, true,  false",
      "ns-by-name,         grafana,    shop,          8000, true,  false",
      "ns-by-label,        prometheus, shop,          8000, true,  true",
      "ns-by-label,        prometheus, shop,          8101, false, true",
      "ns-by-label,        prometheus, shop-in-monitoring, 8000, false, true",
      "pod-selector-same-ns, prometheus, shop-in-monitoring, 8000, true, true",
      "pod-selector-same-ns, prometheus, shop,        8000, false, true",
      "any-namespace,      prometheus, shop,          8000, true,  true",
      "any-namespace,      prometheus, shop-in-monitoring, 8000, true, true",
      "allow-all-rule,     prometheus, grafana,       3000, true,  true",
      "ip-block,           prometheus, grafana,       3000, false, false",
      "ip-block,           prometheus, node-exporter, 9100, true,  true",
      "deny-all,           prometheus, node-exporter, 9100, false, true",
  })
  void answers_reachability_with_kubernetes_semantics(String scenario, String from, String to,
      int port, boolean egress, boolean ingress) {
    NetworkPolicyModel model = NetworkPolicyModel.of(resources(SCENARIOS.get(scenario)));
    assertEquals(egress, model.allowsEgress(PODS.get(from), PODS.get(to), port), "egress");
    assertEquals(ingress, model.allowsIngress(PODS.get(from), PODS.get(to), port), "ingress");
  }

  private static List<Resource> resources(List<String> specs) {
    List<Resource> out = new ArrayList<>();
    int i = 0;
    for (String s : specs) {
      String[] parts = s.split("\\|", 2);
      if (parts[0].startsWith("NS ")) {
        String name = parts[0].substring(3);
        out.add(new Resource(new ObjectRef("v1", "Namespace", "", name),
            Map.of("metadata", Map.of("name", name, "labels", ParsedYaml.load(parts[1]))),
            SourceLocation.of("test.yaml")));
        continue;
      }
      String name = "policy-" + i++;
      out.add(new Resource(
          new ObjectRef("networking.k8s.io/v1", "NetworkPolicy", parts[0], name),
          Map.of("metadata", Map.of("name", name, "namespace", parts[0]),
              "spec", ParsedYaml.load(parts[1])),
          SourceLocation.of("test.yaml")));
    }
    return out;
  }
}
