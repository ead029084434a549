package org.monitoringstack.gate.policy.check;

import static org.monitoringstack.gate.policy.ParsedYaml.map;
import static org.monitoringstack.gate.policy.ParsedYaml.maps;
import static org.monitoringstack.gate.policy.ParsedYaml.str;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.policy.CheckContext;
import org.monitoringstack.gate.policy.ParsedYaml;
import org.monitoringstack.gate.policy.Workload;

/**
 * Grafana's effective settings as the manifests configure them, keyed by their environment
 * variable name ({@code GF_<SECTION>_<KEY>}, dots and dashes as underscores, upper case): from
 * {@code grafana.ini} in a mounted ConfigMap/Secret, then {@code envFrom}, then {@code env}
 * (later wins, as in Grafana). A value that comes from a Secret, a file ({@code GF_X__FILE}) or
 * a ConfigMap key reference is present with {@code value} null when its text is not known.
 */
final class GrafanaSettings {

  /**
   * One setting and where it is written.
   *
   * @param value the text, or null when it comes from a secret or file
   * @param origin {@code value}, {@code secretKeyRef}, {@code configMapKeyRef}, {@code file},
   *     {@code envFrom} or {@code grafana.ini}
   */
  record Setting(String name, String value, String origin, Resource resource, String path) {

    /** How a message shows it: {@code GF_X=value (env)}. */
    String display() {
      return name + "=" + (value == null ? "<" + origin + ">" : value) + " (" + origin + ")";
    }
  }

  private final Workload workload;
  private final int container;
  /** Every definition of each setting, in the order Grafana reads them (the last one wins). */
  private final Map<String, List<Setting>> settings;

  private GrafanaSettings(Workload workload, int container, Map<String, List<Setting>> settings) {
    this.workload = workload;
    this.container = container;
    this.settings = settings;
  }

  private static void put(Map<String, List<Setting>> settings, Setting s) {
    settings.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s);
  }

  static GrafanaSettings of(Workload grafana, List<Resource> resources) {
    Map<String, List<Setting>> settings = new LinkedHashMap<>();
    int index = StackComponents.mainContainer(grafana, "grafana").orElse(-1);
    for (PodFiles.Source source : PodFiles.sources(grafana, resources)) {
      source.object().ifPresent(object -> source.files().forEach((key, text) -> {
        if (key.endsWith(".ini")) {
          readIni(text, object, settings);
        }
      }));
    }
    if (index < 0) {
      return new GrafanaSettings(grafana, index, settings);
    }
    Map<String, Object> c = grafana.containers().get(index);
    String base = grafana.podSpecPath() + ".containers." + index;
    List<Map<String, Object>> envFrom = maps(c.get("envFrom"));
    for (int i = 0; i < envFrom.size(); i++) {
      String path = base + ".envFrom." + i;
      String prefix = str(envFrom.get(i).get("prefix"));
      String cm = str(map(envFrom.get(i).get("configMapRef")).get("name"));
      String secret = str(map(envFrom.get(i).get("secretRef")).get("name"));
      PodFiles.find(resources, "ConfigMap", grafana.namespace(), cm).ifPresent(r ->
          PodFiles.data(r).forEach((k, v) -> put(settings,
              new Setting(prefix + k, v, "envFrom", grafana.resource(), path))));
      PodFiles.find(resources, "Secret", grafana.namespace(), secret).ifPresent(r ->
          PodFiles.data(r).keySet().forEach(k -> put(settings,
              new Setting(prefix + k, null, "secretRef", grafana.resource(), path))));
    }
    List<Map<String, Object>> env = maps(c.get("env"));
    for (int i = 0; i < env.size(); i++) {
      Map<String, Object> e = env.get(i);
      String name = str(e.get("name"));
      String path = base + ".env." + i;
      Map<String, Object> from = map(e.get("valueFrom"));
      Setting s;
      if (name.endsWith("__FILE")) {
        name = name.substring(0, name.length() - "__FILE".length());
        s = new Setting(name, null, "file", grafana.resource(), path);
      } else if (from.containsKey("secretKeyRef")) {
        s = new Setting(name, null, "secretKeyRef", grafana.resource(), path + ".valueFrom");
      } else if (from.containsKey("configMapKeyRef")) {
        Map<String, Object> ref = map(from.get("configMapKeyRef"));
        String value = PodFiles.find(resources, "ConfigMap", grafana.namespace(),
                str(ref.get("name")))
            .map(r -> PodFiles.data(r).get(str(ref.get("key")))).orElse(null);
        s = new Setting(name, value, "configMapKeyRef", grafana.resource(), path + ".valueFrom");
      } else {
        s = new Setting(name, str(e.get("value")), "env", grafana.resource(), path + ".value");
      }
      put(settings, s);
    }
    return new GrafanaSettings(grafana, index, settings);
  }

  /**
   * A finding at the setting, or at the container's env when it is unset. The message starts
   * with "Grafana" when the finding is on the workload itself (the report prints the object
   * before the message), else with which Grafana, e.g. for a setting in a ConfigMap.
   */
  Finding finding(CheckContext ctx, Optional<Setting> at, String message, String hint) {
    Resource r = at.map(Setting::resource).orElse(workload.resource());
    String path = at.map(Setting::path).orElseGet(() -> container < 0
        ? workload.podSpecPath() + ".containers"
        : workload.podSpecPath() + ".containers." + container + ".env");
    String subject = r == workload.resource() ? "Grafana"
        : "Grafana (" + StackComponents.display(workload.resource()) + ")";
    return ctx.finding(r, path, subject + message, hint);
  }

  /** The definition Grafana uses: the last one it reads. */
  Optional<Setting> get(String name) {
    List<Setting> all = all(name);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /**
   * Every definition of the setting (grafana.ini, envFrom, env, {@code __FILE}), in the order
   * Grafana reads them: a literal that a later definition overrides is still in git.
   */
  List<Setting> all(String name) {
    return settings.getOrDefault(name, List.of());
  }

  /** Whether the setting Grafana uses is true ({@link ParsedYaml#isTrue}). */
  boolean isTrue(String name) {
    return get(name).map(Setting::value).filter(ParsedYaml::isTrue).isPresent();
  }

  static String envName(String section, String key) {
    return ("GF_" + section + "_" + key).toUpperCase(Locale.ROOT).replace('.', '_')
        .replace('-', '_');
  }

  private static void readIni(String text, Resource source, Map<String, List<Setting>> out) {
    String section = "";
    for (String raw : text.split("\n", -1)) {
      String line = raw.trim();
      if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line.substring(1, line.length() - 1).trim();
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = line.substring(0, eq).trim();
      String value = line.substring(eq + 1).trim();
      if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
          || value.startsWith("'") && value.endsWith("'"))) {
        value = value.substring(1, value.length() - 1);
      }
      String name = envName(section, key);
      boolean indirect = value.startsWith("$__file{") || value.startsWith("$__env{")
          || value.startsWith("$__vault{");
      put(out, new Setting(name, indirect ? null : value, indirect ? "file" : "grafana.ini",
          source, "data"));
    }
  }
}
