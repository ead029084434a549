package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.intValue;
import static org.monitoringstack.gate.policy.ParsedYaml.list;
import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.check.StackComponents.NAME_LABEL;
import static org.monitoringstack.gate.policy.check.StackComponents.component;
import static org.monitoringstack.gate.policy.check.StackComponents.display;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.Workload;

/**
 * {@code ports.standard} (NET-3): each component named in {@code ports} listens on its standard
 * port: at least one of its Services exposes it (port and, where set numerically, targetPort), and
 * its main container (named after the component) declares it as a containerPort. The operator's
 * Prometheus and Alertmanager containers always use 9090 and 9093; their Services are checked.
 */
final class PortsStandardCheck extends Check {

  PortsStandardCheck() {
    super("ports.standard", "NET-3",
        "Prometheus 9090, Alertmanager 9093, Grafana 3000 and node-exporter 9100 are served on "
            + "their standard ports by their Services and containers.");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    Map<String, Object> ports = map(ctx.params().get("ports").orElse(null));
    for (Map.Entry<String, Object> e : ports.entrySet()) {
      String component = e.getKey();
      int port = intValue(e.getValue(), -1);
      List<Resource> services = ctx.ofKind("Service").stream()
          .filter(r -> component.equals(r.labels().get(NAME_LABEL))).toList();
      List<Object> seen = new ArrayList<>();
      boolean found = false;
      for (Resource s : services) {
        for (Object p : list(s.at("spec.ports").orElse(null))) {
          Map<String, Object> sp = map(p);
          Object target = sp.get("targetPort");
          seen.add(target == null ? sp.get("port") : sp.get("port") + "->" + target);
          if (intValue(sp.get("port"), -1) == port
              && (!(target instanceof Number t) || t.intValue() == port)) {
            found = true;
          }
        }
      }
      if (!services.isEmpty() && !found) {
        Resource s = services.get(0);
        out.add(ctx.finding(s, "spec.ports", "no Service of " + component + " exposes port "
            + port + " (ports found: " + seen + "); expected " + port + "/TCP (" + requirement()
            + ")",
            "expose port " + port + " with targetPort " + port + " on " + display(s)));
      }
      for (Workload w : Workload.all(ctx.resources())) {
        if (w.resource().group().equals("monitoring.coreos.com")
            || !component.equals(component(w))) {
          continue;
        }
        List<Map<String, Object>> containers = w.containers();
        for (int i = 0; i < containers.size(); i++) {
          Map<String, Object> c = containers.get(i);
          if (!component.equals(c.get("name"))) {
            continue;
          }
          List<Object> declared = list(c.get("ports")).stream()
              .map(p -> map(p).get("containerPort")).toList();
          if (!declared.contains(port)) {
            out.add(ctx.finding(w.resource(), w.podSpecPath() + ".containers." + i + ".ports",
                "container '" + component + "' declares ports "
                    + declared + "; expected containerPort " + port + " (" + requirement() + ")",
                "serve on " + port + " and declare it as a containerPort"));
          }
        }
      }
    }
  }
}
