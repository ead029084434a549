package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.list;
import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.check.StackComponents.component;
import static org.monitoringstack.gate.policy.check.StackComponents.isOperatorKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Workload;

/** Where the stack's data lives: Prometheus/Alertmanager claim templates and Grafana's volume. */
final class CoreStorage {

  static final String GRAFANA_DATA_PATH = "/var/lib/grafana";

  private CoreStorage() {}

  /**
   * A persistent volume claim (template) found in the render.
   *
   * @param owner the object it is declared in (the claim itself, or its owner's template)
   * @param specPath the dotted path of the claim's {@code spec} inside {@code owner}
   * @param spec the claim spec
   * @param component the stack component it stores data for, "" when unknown
   */
  record Claim(Resource owner, String specPath, Map<String, Object> spec, String component) {}

  /** Every claim and claim template of the render. */
  static List<Claim> claims(List<Resource> all) {
    List<Claim> out = new ArrayList<>();
    for (Resource r : all) {
      if (isOperatorKind(r, "Prometheus") || isOperatorKind(r, "Alertmanager")
          || isOperatorKind(r, "ThanosRuler")) {
        r.at("spec.storage.volumeClaimTemplate.spec").ifPresent(spec -> out.add(new Claim(
            r, "spec.storage.volumeClaimTemplate.spec", map(spec), component(r))));
      } else if (r.is("PersistentVolumeClaim")) {
        out.add(new Claim(r, "spec", map(r.at("spec").orElse(null)), component(r)));
      } else if (r.is("StatefulSet")) {
        List<?> templates = list(r.at("spec.volumeClaimTemplates").orElse(null));
        for (int i = 0; i < templates.size(); i++) {
          out.add(new Claim(r, "spec.volumeClaimTemplates." + i + ".spec",
              map(map(templates.get(i)).get("spec")), component(r)));
        }
      }
    }
    return out;
  }

  /** What backs a Grafana workload's data directory. */
  record GrafanaData(String kind, String volumeName, String claimName, String path) {}

  /**
   * The volume mounted at {@code dataPath} in the Grafana container: kind is {@code pvc},
   * {@code template} (a StatefulSet claim template), {@code emptyDir}, {@code other}, or
   * {@code none} when nothing is mounted there.
   */
  static GrafanaData grafanaData(Workload w, String dataPath) {
    List<Map<String, Object>> containers = w.containers();
    for (int ci = 0; ci < containers.size(); ci++) {
      List<?> mounts = list(containers.get(ci).get("volumeMounts"));
      for (int mi = 0; mi < mounts.size(); mi++) {
        Map<String, Object> m = map(mounts.get(mi));
        if (!dataPath.equals(m.get("mountPath"))) {
          continue;
        }
        String volume = String.valueOf(m.get("name"));
        List<?> volumes = list(w.podSpec().get("volumes"));
        for (int vi = 0; vi < volumes.size(); vi++) {
          Map<String, Object> v = map(volumes.get(vi));
          if (volume.equals(v.get("name"))) {
            String path = w.podSpecPath() + ".volumes." + vi;
            if (v.get("persistentVolumeClaim") != null) {
              return new GrafanaData("pvc", volume, String.valueOf(
                  map(v.get("persistentVolumeClaim")).get("claimName")), path);
            }
            return new GrafanaData(v.containsKey("emptyDir") ? "emptyDir" : "other", volume, "",
                path);
          }
        }
        if (w.resource().is("StatefulSet")) {
          for (Object t : list(w.resource().at("spec.volumeClaimTemplates").orElse(null))) {
            if (volume.equals(map(map(t).get("metadata")).get("name"))) {
              return new GrafanaData("template", volume, volume, "spec.volumeClaimTemplates");
            }
          }
        }
        return new GrafanaData("other", volume, "",
            w.podSpecPath() + ".containers." + ci + ".volumeMounts." + mi);
      }
    }
    return new GrafanaData("none", "", "", w.podSpecPath() + ".volumes");
  }

  static Optional<Resource> claim(List<Resource> all, String namespace, String name) {
    return all.stream().filter(r -> r.is("PersistentVolumeClaim") && r.name().equals(name)
        && r.namespace().equals(namespace)).findFirst();
  }

  /** The Grafana workloads (Deployments or StatefulSets named grafana by their labels). */
  static List<Workload> grafanas(List<Resource> all) {
    return Workload.all(all).stream().filter(w -> "grafana".equals(component(w))
        && (w.resource().is("Deployment") || w.resource().is("StatefulSet"))).toList();
  }
}
