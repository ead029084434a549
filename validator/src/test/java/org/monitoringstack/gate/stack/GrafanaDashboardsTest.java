package org.monitoringstack.gate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monitoringstack.gate.stack.StackTools.list;
import static org.monitoringstack.gate.stack.StackTools.map;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.monitoringstack.gate.exec.ProcessResult;
import org.monitoringstack.gate.stack.StackTools.Tool;

/**
 * Our dashboards as code (HA-6, CL-7) in base/grafana/dashboards/: each is generated into a
 * ConfigMap, queries the provisioned Prometheus datasource by uid, and every PromQL query
 * parses (promtool checks them as recording rules, since it has no offline query parser).
 */
class GrafanaDashboardsTest {

  private static final Path GRAFANA = StackTools.repoRoot().resolve("base").resolve("grafana");
  private static final Path DASHBOARDS = GRAFANA.resolve("dashboards");

  @TempDir Path temp;

  static Stream<Path> dashboards() {
    return StackTools.list(DASHBOARDS, "*.json").stream();
  }

  @Test
  void ships_the_stack_health_nodes_and_cluster_dashboards_through_the_config_map_generator() {
    Set<String> files = new TreeSet<>();
    dashboards().forEach(d -> files.add(d.getFileName().toString()));
    assertEquals(Set.of("cluster.json", "nodes.json", "stack-health.json"), files);

    Set<String> generated = new TreeSet<>();
    for (Object generator : list(StackTools.loadMap(GRAFANA.resolve("kustomization.yaml")).get("configMapGenerator"))) {
      for (Object source : list(map(generator).get("files"))) {
        String s = String.valueOf(source);
        generated.add(s.substring(s.lastIndexOf('/') + 1));
      }
    }
    assertEquals(files, generated, "every dashboard file must become a ConfigMap");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dashboards")
  void queries_the_provisioned_datasource_in_every_panel(Path dashboard) {
    Map<String, Object> json = StackTools.loadMap(dashboard); // JSON is YAML
    String datasourceUid = provisionedDatasourceUid();
    assertFalse(String.valueOf(json.getOrDefault("uid", "")).isBlank(), dashboard + " has no uid");
    assertFalse(String.valueOf(json.getOrDefault("title", "")).isBlank(), dashboard + " has no title");
    List<Object> panels = list(json.get("panels"));
    assertTrue(panels.size() >= 4, () -> dashboard + " should have real content, has " + panels.size() + " panels");
    for (Object p : panels) {
      Map<String, Object> panel = map(p);
      List<Object> targets = list(panel.get("targets"));
      assertFalse(targets.isEmpty(), () -> dashboard + ": panel " + panel.get("title") + " has no query");
      for (Object t : targets) {
        assertEquals(datasourceUid, map(map(t).get("datasource")).get("uid"),
            () -> dashboard + ": panel " + panel.get("title") + " does not use datasource uid " + datasourceUid);
        assertFalse(String.valueOf(map(t).getOrDefault("expr", "")).isBlank(),
            () -> dashboard + ": panel " + panel.get("title") + " has an empty query");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dashboards")
  void parses_every_query_with_promtool(Path dashboard) {
    List<Map<String, Object>> rules = new ArrayList<>();
    int i = 0;
    for (Object p : list(StackTools.loadMap(dashboard).get("panels"))) {
      for (Object t : list(map(p).get("targets"))) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("record", "dashboard:query_" + (i++));
        rule.put("expr", String.valueOf(map(t).get("expr")));
        rules.add(rule);
      }
    }
    Path ruleFile = temp.resolve(dashboard.getFileName() + ".rules.yaml");
    StackTools.write(ruleFile, Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules))));

    ProcessResult result = StackTools.run(Tool.PROMTOOL, temp, "check", "rules", ruleFile.toString());

    assertEquals(0, result.exitCode(), () -> dashboard + " has a query promtool cannot parse:\n" + StackTools.explain(result));
  }

  private static String provisionedDatasourceUid() {
    Map<String, Object> configMap = StackTools.loadMap(GRAFANA.resolve("grafana-datasourcesConfigMap.yaml"));
    String file = String.valueOf(map(configMap.get("data")).get("datasources.yaml"));
    Map<String, Object> provisioning = StackTools.loadAll(file).get(0);
    return String.valueOf(map(list(provisioning.get("datasources")).get(0)).get("uid"));
  }
}
