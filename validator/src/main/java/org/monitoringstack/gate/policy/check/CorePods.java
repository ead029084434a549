package org.monitoringstack.gate.policy.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.ParsedYaml;
import org.monitoringstack.gate.policy.Workload;

/**
 * The containers a workload's pods really run. For Deployments and the like: the pod template's
 * containers and init containers. For the operator's Prometheus and Alertmanager resources: the
 * containers the operator generates (main container sized by {@code spec.resources}, the
 * {@code config-reloader} and {@code init-config-reloader} with the operator's defaults, the
 * {@code thanos-sidecar} sized by {@code spec.thanos.resources}), each overridden by an entry of
 * the same name in {@code spec.containers} / {@code spec.initContainers}, plus any extra
 * containers listed there.
 */
final class CorePods {

  /** The operator's config-reloader defaults (its --config-reloader-* flags; "0" unsets one). */
  static final Map<String, String> RELOADER_DEFAULTS = Map.of(
      "cpu-request", "10m", "cpu-limit", "10m", "memory-request", "50Mi", "memory-limit", "50Mi");

  private CorePods() {}

  /**
   * One container as the pod will run it.
   *
   * @param name container name
   * @param role {@code container}, {@code initContainer}, or {@code sidecar} (operator-injected)
   * @param spec the container spec as written (empty when the operator generates it alone)
   * @param path dotted path of that spec in the resource (for locating findings)
   * @param resources its effective resources
   * @param resourcesPath where those resources are written ("" when they are operator defaults)
   * @param defaulted true when {@code resources} are the operator's defaults
   */
  record Container(
      String name,
      String role,
      Map<String, Object> spec,
      String path,
      Map<String, Object> resources,
      String resourcesPath,
      boolean defaulted) {}

  static List<Container> of(Workload w, List<Resource> all) {
    Resource r = w.resource();
    List<Container> out = new ArrayList<>();
    if (!r.group().equals("monitoring.coreos.com")) {
      add(out, w.initContainers(), w.podSpecPath() + ".initContainers", "initContainer",
          List.of());
      add(out, w.containers(), w.podSpecPath() + ".containers", "container", List.of());
      return out;
    }
    String main = StackComponents.isOperatorKind(r, "Alertmanager") ? "alertmanager"
        : StackComponents.isOperatorKind(r, "ThanosRuler") ? "thanos-ruler" : "prometheus";
    Map<String, Object> reloader = reloaderDefaults(all);

    List<Map<String, Object>> inits = w.initContainers();
    if (!main.equals("thanos-ruler")) {
      out.add(generated("init-config-reloader", "initContainer", inits, "spec.initContainers",
          reloader, ""));
    }
    add(out, inits, "spec.initContainers", "initContainer", List.of("init-config-reloader"));

    List<Map<String, Object>> containers = w.containers();
    out.add(generated(main, "container", containers, "spec.containers",
        ParsedYaml.map(r.at("spec.resources").orElse(null)), "spec.resources"));
    if (!main.equals("thanos-ruler")) {
      out.add(generated("config-reloader", "sidecar", containers, "spec.containers", reloader,
          ""));
    }
    if (main.equals("prometheus") && r.at("spec.thanos").isPresent()) {
      out.add(generated("thanos-sidecar", "sidecar", containers, "spec.containers",
          ParsedYaml.map(r.at("spec.thanos.resources").orElse(null)), "spec.thanos.resources"));
    }
    add(out, containers, "spec.containers", "container",
        List.of(main, "config-reloader", "thanos-sidecar"));
    return out;
  }

  /** The containers as written, but those named in {@code skip}. */
  private static void add(List<Container> out, List<Map<String, Object>> containers, String base,
      String role, List<String> skip) {
    for (int i = 0; i < containers.size(); i++) {
      Map<String, Object> c = containers.get(i);
      String path = base + "." + i;
      if (!skip.contains(String.valueOf(c.get("name")))) {
        out.add(new Container(String.valueOf(c.get("name")), role, c, path,
            ParsedYaml.map(c.get("resources")), path + ".resources", false));
      }
    }
  }

  /** A generated container: the first override of the same name wins for the fields it sets. */
  private static Container generated(String name, String role, List<Map<String, Object>> overrides,
      String base, Map<String, Object> resources, String resourcesPath) {
    for (int i = 0; i < overrides.size(); i++) {
      Map<String, Object> o = overrides.get(i);
      if (!name.equals(String.valueOf(o.get("name")))) {
        continue;
      }
      String path = base + "." + i;
      if (o.get("resources") instanceof Map<?, ?> m && !m.isEmpty()) {
        return new Container(name, role, o, path, ParsedYaml.map(m), path + ".resources", false);
      }
      return new Container(name, role, o, path, resources, resourcesPath,
          resourcesPath.isEmpty());
    }
    return new Container(name, role, Map.of(), base, resources, resourcesPath,
        resourcesPath.isEmpty());
  }

  /**
   * The config-reloader's resources as the operator in this render sets them: its defaults,
   * changed by {@code --config-reloader-<cpu|memory>-<request|limit>=} flags on the operator's
   * Deployment; a value of 0 means the operator leaves that field unset.
   */
  static Map<String, Object> reloaderDefaults(List<Resource> all) {
    Map<String, String> values = new LinkedHashMap<>(RELOADER_DEFAULTS);
    for (Resource r : all) {
      if (!r.is("Deployment") || !"prometheus-operator".equals(StackComponents.component(r))) {
        continue;
      }
      Workload.of(r).ifPresent(w -> w.containers().forEach(c -> {
        for (Object arg : ParsedYaml.list(c.get("args"))) {
          String a = String.valueOf(arg);
          for (String key : RELOADER_DEFAULTS.keySet()) {
            String flag = "--config-reloader-" + key + "=";
            if (a.startsWith(flag)) {
              values.put(key, a.substring(flag.length()).trim());
            }
          }
        }
      }));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (String kind : List.of("request", "limit")) {
      Map<String, Object> set = new LinkedHashMap<>();
      for (String resource : List.of("cpu", "memory")) {
        String value = values.get(resource + "-" + kind);
        if (!value.isEmpty() && !value.equals("0")) {
          set.put(resource, value);
        }
      }
      out.put(kind + "s", set);
    }
    return out;
  }
}
