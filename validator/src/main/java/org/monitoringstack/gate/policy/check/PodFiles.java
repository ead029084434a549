package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.ParsedYaml.maps;
import static org.monitoringstack.gate.policy.ParsedYaml.str;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Workload;

/**
 * The files a pod gets from ConfigMaps and Secrets of the render through its volumes: which
 * object, which volume, where each container mounts it, and the text of each key.
 */
final class PodFiles {

  private PodFiles() {}

  /**
   * One ConfigMap or Secret volume source of a pod.
   *
   * @param object the rendered ConfigMap/Secret, empty when the render does not have it
   * @param kind {@code ConfigMap} or {@code Secret}
   * @param name the object's name as the volume refers to it
   * @param volume the volume's name
   * @param volumePath dotted path of the volume in the workload
   */
  record Source(Optional<Resource> object, String kind, String name, String volume,
      String volumePath) {

    /** The text of every key of the object (Secret data base64-decoded). */
    Map<String, String> files() {
      return object.map(PodFiles::data).orElse(Map.of());
    }
  }

  /** The ConfigMap/Secret sources of the pod's volumes (projected volumes included). */
  static List<Source> sources(Workload w, List<Resource> resources) {
    List<Source> out = new ArrayList<>();
    List<Map<String, Object>> volumes = maps(w.podSpec().get("volumes"));
    for (int i = 0; i < volumes.size(); i++) {
      Map<String, Object> v = volumes.get(i);
      String volume = str(v.get("name"));
      String path = w.podSpecPath() + ".volumes." + i;
      add(out, w, resources, map(v.get("configMap")), "ConfigMap", "name", volume, path);
      add(out, w, resources, map(v.get("secret")), "Secret", "secretName", volume, path);
      for (Map<String, Object> s : maps(map(v.get("projected")).get("sources"))) {
        add(out, w, resources, map(s.get("configMap")), "ConfigMap", "name", volume, path);
        add(out, w, resources, map(s.get("secret")), "Secret", "name", volume, path);
      }
    }
    return out;
  }

  private static void add(List<Source> out, Workload w, List<Resource> resources,
      Map<String, Object> ref, String kind, String nameKey, String volume, String path) {
    String name = str(ref.get(nameKey));
    if (name.isEmpty()) {
      return;
    }
    out.add(new Source(find(resources, kind, w.namespace(), name), kind, name, volume, path));
  }

  static Optional<Resource> find(List<Resource> resources, String kind, String namespace,
      String name) {
    return resources.stream()
        .filter(r -> r.is(kind) && r.group().isEmpty() && r.namespace().equals(namespace)
            && r.name().equals(name))
        .findFirst();
  }

  /** Where the container mounts the volume, empty when it does not. */
  static List<String> mountPaths(Map<String, Object> container, String volume) {
    return maps(container.get("volumeMounts")).stream()
        .filter(m -> str(m.get("name")).equals(volume)).map(m -> str(m.get("mountPath"))).toList();
  }

  /** The keys and texts of a ConfigMap ({@code data}) or Secret ({@code data}, decoded, and
   * {@code stringData}). */
  static Map<String, String> data(Resource r) {
    Map<String, String> out = new LinkedHashMap<>();
    map(r.at("data").orElse(null)).forEach((k, v) -> {
      String text = str(v);
      if (r.is("Secret")) {
        try {
          text = new String(Base64.getMimeDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          // not base64: keep as is, the schema stage reports it
        }
      }
      out.put(k, text);
    });
    map(r.at("stringData").orElse(null)).forEach((k, v) -> out.put(k, str(v)));
    return out;
  }
}
