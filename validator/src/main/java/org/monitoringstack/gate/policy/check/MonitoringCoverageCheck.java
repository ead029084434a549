package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.maps;
import static org.monitoringstack.gate.policy.ParsedYaml.str;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.LabelSelector;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.NamespaceLabels;
import org.monitoringstack.gate.policy.Workload;

/**
 * {@code monitoring.coverage} (CL-6): every Service of the stack (label {@code
 * app.kubernetes.io/part-of} = param {@code partOf}, default monitoring-stack; param {@code
 * exclude} names Services to skip, default the operator's headless {@code prometheus-operated}
 * and {@code alertmanager-operated}) is scraped: a ServiceMonitor selects it and one of its
 * endpoints names a port of the Service (or a PodMonitor selects its pods on an existing
 * container port). Every ServiceMonitor/PodMonitor selects something when the namespaces it names
 * are in the render, each endpoint's port exists on what it selects, and, when the render has
 * Prometheus resources, one of them picks the monitor up (serviceMonitorSelector and
 * serviceMonitorNamespaceSelector, podMonitor* likewise).
 */
final class MonitoringCoverageCheck extends Check {

  MonitoringCoverageCheck() {
    super("monitoring.coverage", "CL-6",
        "Every Service of the stack is scraped; every ServiceMonitor/PodMonitor selects"
            + " something and is picked up by Prometheus.");
  }

  @Override
  protected void run(CheckContext context, List<Finding> out) {
    String partOf = context.params().optionalString("partOf").orElse("monitoring-stack");
    List<String> exclude = context.params().strings("exclude",
        List.of("prometheus-operated", "alertmanager-operated"));
    List<Resource> resources = context.resources();
    List<Workload> workloads = Workload.all(resources);
    List<Resource> monitors = MonitorTargets.monitors(resources);

    for (Resource service : context.ofKind("Service")) {
      if (!service.group().isEmpty() || exclude.contains(service.name())
          || !partOf.equals(service.labels().get("app.kubernetes.io/part-of"))) {
        continue;
      }
      List<String> selecting = new ArrayList<>();
      boolean covered = false;
      for (Resource m : monitors) {
        if (MonitorTargets.isServiceMonitor(m)) {
          if (!MonitorTargets.services(m, resources).contains(service)) {
            continue;
          }
          selecting.add(StackComponents.display(m));
          covered |= MonitorTargets.endpoints(m).stream()
              .anyMatch(e -> !MonitorTargets.servicePorts(service, e.body()).isEmpty());
        } else {
          List<Workload> backends = MonitorTargets.backends(service, workloads);
          covered |= MonitorTargets.scrapes(m, resources, workloads).stream()
              .anyMatch(s -> backends.contains(s.workload()));
        }
      }
      if (covered) {
        continue;
      }
      List<String> ports = maps(service.at("spec.ports").orElse(null)).stream()
          .map(p -> str(p.get("name")).isEmpty() ? str(p.get("port")) : str(p.get("name")))
          .toList();
      out.add(context.finding(service, "metadata.labels", selecting.isEmpty()
              ? "is scraped by no ServiceMonitor or"
                  + " PodMonitor: expected a ServiceMonitor whose selector and namespaceSelector"
                  + " select it, with an endpoint naming one of its ports " + ports
                  + ", found none selecting it"
              : "is selected by " + selecting
                  + " but no endpoint names one of its ports: expected an endpoint port in "
                  + ports + ", found none",
          selecting.isEmpty()
              ? "add a ServiceMonitor for " + service.name() + " (selector matching its labels,"
                  + " endpoint port set to the name of its metrics port)"
              : "set the endpoint's port to the name of the Service's metrics port"));
    }

    Set<String> renderedNamespaces = new HashSet<>();
    resources.forEach(r -> renderedNamespaces.add(r.namespace()));
    resources.stream().filter(r -> r.is("Namespace")).forEach(r -> renderedNamespaces.add(
        r.name()));
    List<Resource> prometheuses = workloads.stream().filter(StackComponents::isPrometheus)
        .map(Workload::resource).toList();
    NamespaceLabels namespaces = NamespaceLabels.of(resources);
    for (Resource m : monitors) {
      boolean service = MonitorTargets.isServiceMonitor(m);
      List<String> named = MonitorTargets.namedNamespaces(m);
      boolean judgeable = !named.isEmpty() && renderedNamespaces.containsAll(named);
      List<Resource> services = service ? MonitorTargets.services(m, resources) : List.of();
      List<Workload> selectedPods = service ? List.of() : MonitorTargets.pods(m, workloads);
      String selector = m.at("spec.selector").isPresent()
          ? LabelSelector.parse(m.at("spec.selector").get())
              .map(StackComponents::display).orElse("{}")
          : "unset";
      if (judgeable && (service ? services.isEmpty() : selectedPods.isEmpty())) {
        out.add(context.finding(m, "spec.selector",
            "selects no " + (service ? "Service" : "pod")
                + ": expected its selector " + selector + " to match a "
                + (service ? "Service" : "pod") + " in namespaces " + named + ", found none",
            "make spec.selector match the labels of the " + (service ? "Service" : "pods")
                + " to scrape, or delete the monitor"));
      } else if (judgeable) {
        for (MonitorTargets.Endpoint e : MonitorTargets.endpoints(m)) {
          boolean exists = service
              ? services.stream().anyMatch(s -> !MonitorTargets.servicePorts(s, e.body())
                  .isEmpty())
              : MonitorTargets.scrapes(m, resources, workloads).stream()
                  .anyMatch(s -> s.endpoint().index() == e.index());
          if (!exists) {
            out.add(context.finding(m, e.portPath(),
                e.display() + " matches no port of the "
                    + (service ? "Services " + services.stream().map(Resource::name).toList()
                        : "selected pods")
                    + ": expected the name of an existing " + (service ? "Service" : "container")
                    + " port, found none",
                "set the endpoint's port to the name of the metrics port"));
          }
        }
      }
      if (!prometheuses.isEmpty() && prometheuses.stream()
          .noneMatch(p -> MonitorTargets.pickedUpBy(p, m, namespaces))) {
        String kind = service ? "serviceMonitor" : "podMonitor";
        out.add(context.finding(m, "metadata.labels",
            "is picked up by no Prometheus: expected its labels"
                + " and namespace to match the " + kind + "Selector and " + kind
                + "NamespaceSelector of one of " + prometheuses.stream()
                    .map(StackComponents::display).toList() + ", found no match",
            "label the monitor as spec." + kind + "Selector of the Prometheus requires (an"
                + " unset selector selects no monitor; {} selects all)"));
      }
    }
  }
}
