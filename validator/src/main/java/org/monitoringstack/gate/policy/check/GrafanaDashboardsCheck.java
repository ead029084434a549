package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.ParsedYaml.maps;
import static org.monitoringstack.gate.policy.ParsedYaml.str;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.Check;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.ParsedYaml;
import org.monitoringstack.gate.policy.PolicyException;
import org.monitoringstack.gate.policy.Workload;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code grafana.dashboards-as-code} (HA-6, CL-7): Grafana's dashboards live in git. A mounted
 * ConfigMap holds a dashboard provider file ({@code providers[].options.path}); each provider
 * path is a folder into which ConfigMap volumes are mounted (at, under or above the path); each
 * of those ConfigMaps is in the render and every {@code *.json} key is a JSON dashboard with a
 * {@code uid} and a {@code title}. Param {@code requiredDashboards}: regular expressions, each
 * found (case-insensitively) in the title or uid of some provisioned dashboard.
 */
final class GrafanaDashboardsCheck extends Check {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  GrafanaDashboardsCheck() {
    super("grafana.dashboards-as-code", "HA-6",
        "Grafana dashboards are provisioned from ConfigMaps in git, valid, and include the"
            + " required ones.");
  }

  /** A provisioned dashboard's identity. */
  private record Dashboard(String uid, String title) {}

  @Override
  protected void run(CheckContext context, List<Finding> out) {
    List<Pattern> required = new ArrayList<>();
    for (String r : context.params().strings("requiredDashboards")) {
      try {
        required.add(Pattern.compile(r, Pattern.CASE_INSENSITIVE));
      } catch (PatternSyntaxException e) {
        throw new PolicyException("check " + id() + ": requiredDashboards entry '" + r
            + "' is not a regular expression: " + e.getDescription());
      }
    }
    for (Workload w : StackComponents.grafanas(context.resources())) {
      evaluate(context, w, required, out);
    }
  }

  private void evaluate(CheckContext context, Workload w, List<Pattern> required,
      List<Finding> out) {
    // the findings on the Grafana workload itself say "Grafana": the report prints the workload
    // before the message; those on a ConfigMap say which Grafana
    String which = "Grafana (" + StackComponents.display(w.resource()) + ")";
    Map<String, Object> container = StackComponents.mainContainer(w, "grafana")
        .map(w.containers()::get).orElse(Map.of());
    List<PodFiles.Source> sources = PodFiles.sources(w, context.resources());
    List<Dashboard> dashboards = new ArrayList<>();
    boolean anyProvider = false;
    for (PodFiles.Source source : sources) {
      if (source.object().isEmpty()) {
        continue;
      }
      for (Map.Entry<String, String> file : source.files().entrySet()) {
        if (!file.getValue().contains("providers")) {
          continue;
        }
        List<Map<String, Object>> providers;
        try {
          providers = maps(map(ParsedYaml.load(file.getValue())).get("providers"));
        } catch (RuntimeException e) {
          continue;
        }
        for (Map<String, Object> provider : providers) {
          anyProvider = true;
          String path = trimSlash(str(ParsedYaml.at(provider, "options.path").orElse(null)));
          List<PodFiles.Source> folders = new ArrayList<>();
          List<String> mounts = new ArrayList<>();
          for (PodFiles.Source s : sources) {
            for (String m : PodFiles.mountPaths(container, s.volume())) {
              String mount = trimSlash(m);
              mounts.add(mount);
              if (s.kind().equals("ConfigMap") && !path.isEmpty() && (mount.equals(path)
                  || mount.startsWith(path + "/") || path.startsWith(mount + "/"))) {
                folders.add(s);
              }
            }
          }
          if (folders.isEmpty()) {
            out.add(context.finding(source.object().get(), "data",
                which + " dashboard provider " + str(provider.get("name")) + " reads "
                    + (path.isEmpty() ? "no path" : path) + ": expected a ConfigMap volume"
                    + " mounted at or under it, found mounts " + mounts,
                "mount the dashboard ConfigMaps into the provider's folder (one volume per"
                    + " folder) and set options.path to it"));
          }
          for (PodFiles.Source folder : folders) {
            dashboards(context, w, folder, dashboards, out);
          }
        }
      }
    }
    if (!anyProvider) {
      out.add(context.finding(w.resource(), w.podSpecPath() + ".volumes",
          "Grafana has no dashboard provisioning: expected a mounted ConfigMap with a"
              + " dashboard provider (providers[].options.path), found none",
          "mount a ConfigMap with a dashboards provider file at"
              + " /etc/grafana/provisioning/dashboards and the dashboard ConfigMaps into its"
              + " folder"));
      return;
    }
    for (Pattern p : required) {
      if (dashboards.stream().anyMatch(d -> p.matcher(d.title()).find()
          || p.matcher(d.uid()).find())) {
        continue;
      }
      out.add(context.finding(w.resource(), w.podSpecPath() + ".volumes",
          "Grafana provisions no dashboard matching " + p.pattern() + ": expected a"
              + " dashboard whose title or uid matches it, found "
              + dashboards.stream().map(Dashboard::title).toList(),
          "add the dashboard's JSON to a dashboard ConfigMap mounted into the provider"
              + " folder"));
    }
  }

  private static void dashboards(CheckContext context, Workload w, PodFiles.Source folder,
      List<Dashboard> dashboards, List<Finding> out) {
    if (folder.object().isEmpty()) {
      out.add(context.finding(w.resource(), folder.volumePath(),
          "Grafana volume " + folder.volume() + " mounts ConfigMap " + folder.name()
              + ": expected that ConfigMap in the render, found none",
          "add the ConfigMap (configMapGenerator of the dashboard JSON files) or fix the"
              + " volume's name"));
      return;
    }
    Resource cm = folder.object().get();
    boolean anyJson = false;
    for (Map.Entry<String, String> file : folder.files().entrySet()) {
      if (!file.getKey().endsWith(".json")) {
        continue;
      }
      anyJson = true;
      String problem;
      try {
        JsonNode node = JSON.readTree(file.getValue());
        String uid = node != null && node.isObject() ? node.path("uid").asString("") : "";
        String title = node != null && node.isObject() ? node.path("title").asString("") : "";
        if (!uid.isBlank() && !title.isBlank()) {
          dashboards.add(new Dashboard(uid, title));
          continue;
        }
        problem = (node == null || !node.isObject()) ? "not a JSON object"
            : uid.isBlank() && title.isBlank() ? "no uid and no title"
                : uid.isBlank() ? "no uid" : "no title";
      } catch (JacksonException e) {
        problem = "invalid JSON (" + e.getOriginalMessage() + ")";
      }
      out.add(context.finding(cm, "data",
          "key " + file.getKey() + " is not a usable dashboard:"
              + " expected a JSON dashboard with uid and title, found " + problem,
          "export the dashboard as JSON with a stable uid and a title"));
    }
    if (!anyJson) {
      out.add(context.finding(cm, "data",
          "is mounted as a dashboard folder: expected *.json"
              + " dashboards in it, found keys " + folder.files().keySet(),
          "put the dashboard JSON files in the ConfigMap (keys ending .json)"));
    }
  }

  private static String trimSlash(String path) {
    String p = path.trim();
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
