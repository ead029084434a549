package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.list;
import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.check.StackComponents.isOperatorKind;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.Quantity;
import org.monitoringstack.gate.policy.Workload;

/**
 * {@code storage.size} (STO-3): the volumes of Prometheus, Alertmanager and Grafana request at
 * least {@code sizes.<component>}. Components without persistent storage are left to
 * {@code storage.persistent}.
 */
final class StorageSizeCheck extends Check {

  StorageSizeCheck() {
    super("storage.size", "STO-3",
        "Prometheus, Alertmanager and Grafana volumes request at least the guide's sizes "
            + "(50Gi, 5Gi, 10Gi).");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    Map<String, Object> sizes = map(ctx.params().get("sizes").orElse(null));
    for (CoreStorage.Claim c : CoreStorage.claims(ctx.resources())) {
      Resource owner = c.owner();
      boolean operator = isOperatorKind(owner, "Prometheus")
          || isOperatorKind(owner, "Alertmanager");
      if (!operator || !sizes.containsKey(c.component())) {
        continue;
      }
      check(ctx, out, owner, c.specPath(), c.spec(), Quantity.parse(sizes.get(c.component())),
          c.component());
    }
    if (!sizes.containsKey("grafana")) {
      return;
    }
    Quantity want = Quantity.parse(sizes.get("grafana"));
    for (Workload w : CoreStorage.grafanas(ctx.resources())) {
      CoreStorage.GrafanaData data = CoreStorage.grafanaData(w, CoreStorage.GRAFANA_DATA_PATH);
      if (data.kind().equals("pvc")) {
        CoreStorage.claim(ctx.resources(), w.namespace(), data.claimName()).ifPresent(pvc ->
            check(ctx, out, pvc, "spec", map(pvc.at("spec").orElse(null)), want, "grafana"));
      } else if (data.kind().equals("template")) {
        List<?> templates = list(w.resource().at("spec.volumeClaimTemplates").orElse(null));
        for (int i = 0; i < templates.size(); i++) {
          Map<String, Object> t = map(templates.get(i));
          if (data.claimName().equals(map(t.get("metadata")).get("name"))) {
            check(ctx, out, w.resource(), "spec.volumeClaimTemplates." + i + ".spec",
                map(t.get("spec")), want, "grafana");
          }
        }
      }
    }
  }

  private void check(CheckContext ctx, List<Finding> out, Resource owner, String specPath,
      Map<String, Object> spec, Quantity want, String component) {
    String path = specPath + ".resources.requests.storage";
    Object raw = Resource.at(spec, "resources.requests.storage").orElse(null);
    String hint = "request at least " + want + " (" + path + ")";
    Optional<Quantity> actual = Quantity.tryParse(raw);
    if (actual.isEmpty()) {
      out.add(ctx.finding(owner, path, "volume for " + component
          + " requests " + (raw == null ? "no storage size" : "'" + raw + "', not a quantity")
          + "; expected at least " + want, hint));
    } else if (actual.get().isLessThan(want)) {
      out.add(ctx.finding(owner, path, "volume for " + component
          + " requests " + actual.get() + "; expected at least " + want, hint));
    }
  }
}
