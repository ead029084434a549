package org.monitoringstack.gate.policy.check;

import java.util.List;
import java.util.Map;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.ParsedYaml;
import org.monitoringstack.gate.policy.Workload;

/**
 * {@code grafana.liveness-probe} (HA-5): Grafana's {@code /api/health} reports the database,
 * so a liveness probe on it restarts every replica when the shared database is briefly away,
 * turning a database blip into a Grafana outage. The liveness probe must not ask {@code
 * /api/health} (a readiness probe may); a TCP check of the port, or another path, keeps
 * restarts for a Grafana that is really stuck.
 */
final class GrafanaLivenessCheck extends Check {

  GrafanaLivenessCheck() {
    super("grafana.liveness-probe", "HA-5",
        "Grafana's liveness probe does not depend on its database (/api/health).");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    for (Workload w : StackComponents.grafanas(ctx.resources())) {
      List<Map<String, Object>> containers = w.containers();
      for (int i = 0; i < containers.size(); i++) {
        Map<String, Object> c = containers.get(i);
        String path = ParsedYaml.str(ParsedYaml.at(c, "livenessProbe.httpGet.path").orElse(null));
        if (path.startsWith("/api/health")) {
          out.add(ctx.finding(w.resource(), w.podSpecPath() + ".containers." + i
                  + ".livenessProbe.httpGet.path",
              "container " + ParsedYaml.str(c.get("name")) + " has a liveness probe on " + path
                  + ", which fails while the database is unreachable: expected a liveness probe"
                  + " that does not depend on the database",
              "probe the port instead (livenessProbe: {tcpSocket: {port: http}}) and keep"
                  + " /api/health for the readiness probe"));
        }
      }
    }
  }
}
