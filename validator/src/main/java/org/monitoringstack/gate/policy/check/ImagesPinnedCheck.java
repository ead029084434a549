package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.list;
import static org.monitoringstack.gate.policy.ParsedYaml.map;

import java.util.List;
import java.util.Map;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.Workload;

/**
 * {@code images.pinned}: every image the render names is pinned to a version tag other than
 * {@code latest}, or to a digest ({@code requireDigest: true} demands a digest). Covers pod
 * containers and init containers, the operator resources' {@code spec.image},
 * {@code spec.thanos.image} and extra containers, and the operator's config-reloader image flag.
 */
final class ImagesPinnedCheck extends Check {

  private static final String RELOADER_FLAG = "--prometheus-config-reloader=";

  ImagesPinnedCheck() {
    super("images.pinned", "",
        "Every image is pinned to a version tag (not latest) or a digest.");
  }

  @Override
  protected void run(CheckContext ctx, List<Finding> out) {
    boolean digest = ctx.params().bool("requireDigest", false);
    for (Workload w : Workload.all(ctx.resources())) {
      Resource r = w.resource();
      if (r.group().equals("monitoring.coreos.com")) {
        for (String field : List.of("spec.image", "spec.thanos.image")) {
          r.at(field).ifPresent(i -> check(ctx, out, r, field, i, field, digest));
        }
      }
      for (String list : List.of("initContainers", "containers")) {
        List<?> containers = list(w.podSpec().get(list));
        for (int i = 0; i < containers.size(); i++) {
          Map<String, Object> c = map(containers.get(i));
          String path = w.podSpecPath() + "." + list + "." + i;
          if (c.get("image") != null) {
            check(ctx, out, r, path + ".image", c.get("image"),
                "container '" + c.get("name") + "'", digest);
          }
          List<?> args = list(c.get("args"));
          for (int a = 0; a < args.size(); a++) {
            String arg = String.valueOf(args.get(a));
            if (arg.startsWith(RELOADER_FLAG)) {
              check(ctx, out, r, path + ".args." + a, arg.substring(RELOADER_FLAG.length()),
                  "config-reloader image flag", digest);
            }
          }
        }
      }
    }
  }

  private void check(CheckContext ctx, List<Finding> out, Resource r, String path, Object raw,
      String what, boolean requireDigest) {
    String image = String.valueOf(raw).trim();
    String problem = problem(image, requireDigest);
    if (!problem.isEmpty()) {
      out.add(ctx.finding(r, path, what + " uses image " + image + " " + problem,
          requireDigest ? "pin the image by digest (image@sha256:...)"
              : "pin the image to a released version tag (e.g. :v1.2.3) or a digest"));
    }
  }

  /** "" when pinned, else the rest of the message. */
  static String problem(String image, boolean requireDigest) {
    boolean hasDigest = image.contains("@sha256:");
    if (requireDigest && !hasDigest) {
      return "without a digest; expected image@sha256:...";
    }
    if (hasDigest) {
      return "";
    }
    String last = image.substring(image.lastIndexOf('/') + 1);
    int colon = last.indexOf(':');
    if (colon < 0) {
      return "without a tag (which means latest); expected a pinned version tag or digest";
    }
    String tag = last.substring(colon + 1);
    if (tag.isEmpty() || tag.equals("latest")) {
      return "tagged '" + tag + "'; expected a pinned version tag or digest, not latest";
    }
    return "";
  }
}
