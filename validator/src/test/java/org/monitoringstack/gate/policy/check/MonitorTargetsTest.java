package org.monitoringstack.gate.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Workload;

class MonitorTargetsTest {

  private static final String STACK = String.join("\n",
      "apiVersion: v1",
      "kind: Service",
      "metadata: {name: web, namespace: monitoring, labels: {app: web, tier: ui}}",
      "spec:",
      "  selector: {app: web}",
      "  ports: [{name: http, port: 80, targetPort: http}, {name: admin, port: 81,"
          + " targetPort: 9901}, {name: plain, port: 8080}]",
      "---",
      "apiVersion: v1",
      "kind: Service",
      "metadata: {name: db, namespace: apps, labels: {app: db}}",
      "spec: {selector: {app: db}, ports: [{name: metrics, port: 9187}]}",
      "---",
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata: {name: web, namespace: monitoring}",
      "spec:",
      "  template:",
      "    metadata: {labels: {app: web}}",
      "    spec:",
      "      containers:",
      "        - name: web",
      "          image: web",
      "          ports: [{name: http, containerPort: 8000}, {name: admin, containerPort: 9901}]",
      "---",
      "apiVersion: apps/v1",
      "kind: StatefulSet",
      "metadata: {name: db, namespace: apps}",
      "spec:",
      "  template:",
      "    metadata: {labels: {app: db}}",
      "    spec: {containers: [{name: db, image: db, ports: [{name: metrics, containerPort: 9187}]}]}");

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " => ", value = {
      "{selector: {}, endpoints: [{port: http}]} => Deployment/web:8000",
      "{endpoints: [{port: http}]} => ",
      "{selector: {matchExpressions: [{key: tier, operator: Exists}]}, endpoints: [{port: admin}]}"
          + " => Deployment/web:9901",
      "{selector: {matchExpressions: [{key: tier, operator: DoesNotExist}]}, endpoints: [{port: http}]} => ",
      "{selector: {}, endpoints: [{port: plain}]} => Deployment/web:8080",
      "{selector: {}, endpoints: [{targetPort: 9901}]} => Deployment/web:9901",
      "{selector: {matchLabels: {app: db}}, endpoints: [{port: metrics}]} => ",
      "{selector: {matchLabels: {app: db}}, namespaceSelector: {matchNames: [apps]}, endpoints: [{port: metrics}]}"
          + " => StatefulSet/db:9187",
      "{selector: {}, namespaceSelector: {any: true}, endpoints: [{port: metrics}, {port: http}]}"
          + " => StatefulSet/db:9187 Deployment/web:8000",
  })
  void resolves_service_monitor_endpoints_to_pod_ports(String spec, String expected) {
    List<Resource> resources = new ArrayList<>(CheckFixtures.parse("stack.yaml", STACK));
    resources.addAll(CheckFixtures.parse("monitor.yaml", String.join("\n",
        "apiVersion: monitoring.coreos.com/v1",
        "kind: ServiceMonitor",
        "metadata: {name: m, namespace: monitoring}",
        "spec: " + spec)));
    Resource monitor = resources.get(resources.size() - 1);
    assertEquals(expected == null ? "" : expected, String.join(" ",
        MonitorTargets.scrapes(monitor, resources, Workload.all(resources)).stream()
            .map(s -> s.pod().display() + ":" + s.port()).toList()));
  }
}
