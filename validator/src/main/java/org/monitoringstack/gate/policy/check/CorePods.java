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
    if (!r.group().equals("monitoring.coreos.com")) {
      List<Container> out = new ArrayList<>();
      add(out, w.initContainers(), w.podSpecPath() + ".initContainers", "initContainer");
      add(out, w.containers(), w.podSpecPath() + ".containers", "container");
      return out;
    }
    return operatorManaged(w, all);
  }

  private static void add(List<Container> out, List<Map<String, Object>> containers, String base,
      String role) {
    for (int i = 0; i < containers.size(); i++) {
      Map<String, Object> c = containers.get(i);
      String path = base + "." + i;
      out.add(new Container(String.valueOf(c.get("name")), role, c, path,
          ParsedYaml.map(c.get("resources")), path + ".resources", false));
    }
  }

  private static List<Container> operatorManaged(Workload w, List<Resource> all) {
    Resource r = w.resource();
    String main = StackComponents.isOperatorKind(r, "Alertmanager") ? "alertmanager"
        : StackComponents.isOperatorKind(r, "ThanosRuler") ? "thanos-ruler" : "prometheus";
    Map<String, Object> reloader = reloaderDefaults(all);
    List<Container> out = new ArrayList<>();

    List<Map<String, Object>> inits = w.initContainers();
    Map<String, Integer> initIndex = indexByName(inits);
    if (!main.equals("thanos-ruler")) {
      out.add(generated("init-config-reloader", "initContainer", inits, initIndex,
          "spec.initContainers", reloader, ""));
    }
    for (int i = 0; i < inits.size(); i++) {
      String name = String.valueOf(inits.get(i).get("name"));
      if (!name.equals("init-config-reloader")) {
        String path = "spec.initContainers." + i;
        out.add(new Container(name, "initContainer", inits.get(i), path,
            ParsedYaml.map(inits.get(i).get("resources")), path + ".resources", false));
      }
    }

    List<Map<String, Object>> containers = w.containers();
    Map<String, Integer> index = indexByName(containers);
    out.add(generated(main, "container", containers, index, "spec.containers",
        ParsedYaml.map(r.at("spec.resources").orElse(null)), "spec.resources"));
    if (!main.equals("thanos-ruler")) {
      out.add(generated("config-reloader", "sidecar", containers, index, "spec.containers",
          reloader, ""));
    }
    if (main.equals("prometheus") && r.at("spec.thanos").isPresent()) {
      out.add(generated("thanos-sidecar", "sidecar", containers, index, "spec.containers",
          ParsedYaml.map(r.at("spec.thanos.resources").orElse(null)), "spec.thanos.resources"));
    }
    List<String> generatedNames = List.of(main, "config-reloader", "thanos-sidecar");
    for (int i = 0; i < containers.size(); i++) {
      String name = String.valueOf(containers.get(i).get("name"));
      if (!generatedNames.contains(name)) {
        String path = "spec.containers." + i;
        out.add(new Container(name, "container", containers.get(i), path,
            ParsedYaml.map(containers.get(i).get("resources")), path + ".resources", false));
      }
    }
    return out;
  }

  /** A generated container: an override of the same name wins for the fields it sets. */
  private static Container generated(String name, String role, List<Map<String, Object>> overrides,
      Map<String, Integer> index, String base, Map<String, Object> resources,
      String resourcesPath) {
    Integer i = index.get(name);
    if (i != null) {
      Map<String, Object> o = overrides.get(i);
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

  private static Map<String, Integer> indexByName(List<Map<String, Object>> containers) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (int i = 0; i < containers.size(); i++) {
      out.putIfAbsent(String.valueOf(containers.get(i).get("name")), i);
    }
    return out;
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
    Map<String, Object> requests = new LinkedHashMap<>();
    Map<String, Object> limits = new LinkedHashMap<>();
    for (String resource : List.of("cpu", "memory")) {
      String req = values.get(resource + "-request");
      String lim = values.get(resource + "-limit");
      if (!req.isEmpty() && !req.equals("0")) {
        requests.put(resource, req);
      }
      if (!lim.isEmpty() && !lim.equals("0")) {
        limits.put(resource, lim);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("requests", requests);
    out.put("limits", limits);
    return out;
  }
}
