package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.ParsedYaml.maps;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.Workload;

/**
 * {@code ha.grafana-replicas} (HA-5): Grafana runs at least {@code minReplicas}, and whenever more
 * than one replica runs they share a database that is not SQLite ({@code GF_DATABASE_TYPE},
 * {@code GF_DATABASE_URL}, or {@code [database] type} in a grafana.ini from a mounted ConfigMap).
 */
final class GrafanaReplicasCheck extends Check {

  private static final Pattern INI_TYPE =
      Pattern.compile("(?ms)^\\s*\\[database\\][^\\[]*?^\\s*type\\s*=\\s*([A-Za-z0-9_]+)");

  GrafanaReplicasCheck() {
    super("ha.grafana-replicas", "HA-5",
        "Grafana runs at least the profile's number of replicas (2 in production), and several "
            + "replicas share a database that is not SQLite.");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    int min = ctx.params().integer("minReplicas");
    for (Workload w : CoreStorage.grafanas(ctx.resources())) {
      Resource r = w.resource();
      if (w.replicas() < min) {
        out.add(ctx.finding(r, "spec.replicas", "runs " + w.replicas()
            + " replica" + (w.replicas() == 1 ? "" : "s") + "; expected at least " + min,
            "set spec.replicas: " + min + " with a shared postgres or mysql database ("
                + requirement() + ")"));
      }
      if (w.replicas() > 1) {
        String db = databaseType(w, ctx.resources());
        if (db.startsWith("sqlite3")) {
          out.add(ctx.finding(r, w.podSpecPath() + ".containers", "runs "
              + w.replicas() + " replicas on " + db + "; expected a shared database (postgres or"
              + " mysql) when more than one replica runs",
              "set GF_DATABASE_TYPE (and host, name, user, password from a Secret) on the grafana"
                  + " container, or [database] type in grafana.ini (" + requirement() + ")"));
        }
      }
    }
  }

  /** The database type Grafana will use; "sqlite3 (the default...)" when nothing sets one. */
  static String databaseType(Workload w, List<Resource> all) {
    for (Map<String, Object> c : w.containers()) {
      for (Map<String, Object> env : maps(c.get("env"))) {
        if ("GF_DATABASE_TYPE".equals(env.get("name"))) {
          return env.get("value") != null ? String.valueOf(env.get("value"))
              .toLowerCase(Locale.ROOT) : "a database type from " + env.get("valueFrom");
        }
        if ("GF_DATABASE_URL".equals(env.get("name"))) {
          if (env.get("value") == null) {
            return "a database URL from a secret";
          }
          String url = String.valueOf(env.get("value"));
          return url.contains("://") ? url.substring(0, url.indexOf("://")) : url;
        }
      }
    }
    for (Map<String, Object> volume : maps(w.podSpec().get("volumes"))) {
      Object cmName = map(volume.get("configMap")).get("name");
      if (cmName == null) {
        continue;
      }
      for (Resource r : all) {
        if (r.is("ConfigMap") && r.name().equals(cmName) && r.namespace().equals(w.namespace())) {
          for (Map.Entry<String, Object> d : map(r.at("data").orElse(null)).entrySet()) {
            if (d.getKey().endsWith(".ini")) {
              Matcher m = INI_TYPE.matcher(String.valueOf(d.getValue()));
              if (m.find()) {
                return m.group(1).toLowerCase(Locale.ROOT);
              }
            }
          }
        }
      }
    }
    return "sqlite3 (the default: no GF_DATABASE_TYPE, GF_DATABASE_URL or [database] type)";
  }
}
