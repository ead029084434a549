package org.monitoringstack.gate.policy.check;

import java.util.List;
import java.util.Locale;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code delivery.object-size}: no rendered object is larger than the API server stores (etcd
 * refuses requests over about 1.5 MiB, so a sync would fail on it). The size is the object's
 * JSON, as the API server receives it. Param {@code maxBytes} (default 1572864).
 */
final class ObjectSizeCheck extends Check {

  static final int DEFAULT_MAX = 1_572_864;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  ObjectSizeCheck() {
    super("delivery.object-size", "",
        "No rendered object is larger than the API server accepts (about 1.5 MiB).");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    long max = ctx.params().integer("maxBytes", DEFAULT_MAX);
    for (Resource r : ctx.resources()) {
      long size = JSON.writeValueAsBytes(r.body()).length;
      if (size > max) {
        out.add(ctx.finding(r, "", String.format(Locale.ROOT, "is %.2f MiB as JSON: expected at"
                + " most %.2f MiB, the largest object the API server stores (a sync would fail)",
                size / 1048576.0, max / 1048576.0),
            "move the bulk out of the object (a dashboard per ConfigMap, data in a volume or"
                + " object storage)"));
      }
    }
  }
}
