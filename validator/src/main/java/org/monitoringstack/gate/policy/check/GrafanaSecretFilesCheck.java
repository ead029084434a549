package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.ParsedYaml.maps;
import static org.monitoringstack.gate.policy.ParsedYaml.str;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.Workload;

/**
 * {@code auth.grafana-secret-files} (SEC-1): Grafana's container gets no Secret as an
 * environment variable ({@code valueFrom.secretKeyRef}, {@code envFrom.secretRef}); each secret
 * setting is {@code GF_<X>__FILE} naming a file under a mount of a Secret volume of the pod (a
 * {@code secret} volume, or a {@code projected} one with a secret source). Environment variables
 * are inherited by every process the container starts, printed by debugging tools and crash
 * reports, and never change when the secret store rotates the Secret.
 */
final class GrafanaSecretFilesCheck extends Check {

  GrafanaSecretFilesCheck() {
    super("auth.grafana-secret-files", "SEC-1",
        "Grafana reads its secrets from files of mounted Secrets (GF_<X>__FILE), not from"
            + " environment variables.");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    for (Workload w : StackComponents.grafanas(ctx.resources())) {
      Optional<Integer> index = StackComponents.mainContainer(w, "grafana");
      if (index.isEmpty()) {
        continue;
      }
      Map<String, Object> c = w.containers().get(index.get());
      String base = w.podSpecPath() + ".containers." + index.get();
      List<String> secretMounts = PodFiles.sources(w, ctx.resources()).stream()
          .filter(s -> s.kind().equals("Secret"))
          .flatMap(s -> PodFiles.mountPaths(c, s.volume()).stream()).toList();
      List<Map<String, Object>> env = maps(c.get("env"));
      for (int i = 0; i < env.size(); i++) {
        Map<String, Object> e = env.get(i);
        String name = str(e.get("name"));
        Map<String, Object> ref = map(map(e.get("valueFrom")).get("secretKeyRef"));
        if (!ref.isEmpty()) {
          String secret = str(ref.get("name"));
          out.add(ctx.finding(w.resource(), base + ".env." + i + ".valueFrom.secretKeyRef",
              "Grafana takes " + name + " from Secret " + secret + " (key "
                  + str(ref.get("key")) + ") as an environment variable: expected " + name
                  + "__FILE naming a file of a mounted Secret, found valueFrom.secretKeyRef",
              "mount Secret " + secret + " as a read-only volume (e.g. at /etc/grafana/secrets/"
                  + secret + ") and replace " + name + " with " + name + "__FILE: <that folder>/"
                  + str(ref.get("key"))));
        } else if (name.endsWith("__FILE")) {
          String file = str(e.get("value"));
          if (secretMounts.stream().noneMatch(m -> inside(file, m))) {
            out.add(ctx.finding(w.resource(), base + ".env." + i + ".value",
                "Grafana reads " + name + " from " + (file.isEmpty() ? "no literal path" : file)
                    + ": expected a file under a mount of a Secret volume of the pod, found "
                    + (secretMounts.isEmpty() ? "no Secret mounted in container "
                        + str(c.get("name")) : "Secret mounts only at " + secretMounts),
                "mount the Secret that holds it (secret volume, readOnly) and point " + name
                    + " at its key's file there"));
          }
        }
      }
      List<Map<String, Object>> envFrom = maps(c.get("envFrom"));
      for (int i = 0; i < envFrom.size(); i++) {
        String secret = str(map(envFrom.get(i).get("secretRef")).get("name"));
        if (!secret.isEmpty()) {
          out.add(ctx.finding(w.resource(), base + ".envFrom." + i + ".secretRef",
              "Grafana takes every key of Secret " + secret + " as an environment variable:"
                  + " expected each secret setting as GF_<X>__FILE naming a file of a mounted"
                  + " Secret, found envFrom.secretRef",
              "mount Secret " + secret + " as a read-only volume and set one GF_<X>__FILE per"
                  + " key instead of envFrom"));
        }
      }
    }
  }

  /** Whether {@code file} lies under the mount {@code mount} (not the mount folder itself). */
  private static boolean inside(String file, String mount) {
    String dir = mount.endsWith("/") ? mount : mount + "/";
    return !mount.isEmpty() && file.startsWith(dir) && file.length() > dir.length()
        && !file.substring(dir.length()).contains("..");
  }
}
