package org.monitoringstack.gate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.SourceLocation;

class SourceLocatorTest {

  private static final String FILE = "locator/two-objects.yaml";
  private final SourceLocator locator = new SourceLocator(PolicyFixtures.ROOT);

  @ParameterizedTest(name = "{0} {1} -> line {2}")
  @CsvSource({
      "main, spec.retention, 8",
      "main, spec.resources.limits.memory, 12",
      "main, spec.resources.limits.cpu, 11",
      "main, spec.thanos.objectStorageConfig, 7",
      "main, spec.containers.1.name, 15",
      "main, spec.containers.5.name, 13",
      "main, '', 2",
      "second, spec.replicas, 23",
      "second, metadata.labels, 20"
  })
  void finds_deepest_existing_field_when_locating(String name, String path, int line) {
    List<Resource> resources = PolicyFixtures.resources(FILE);
    Resource r = resources.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
    assertEquals(new SourceLocation(FILE, line), locator.locate(r, path));
  }

  @ParameterizedTest(name = "source line {0} finds object {1}")
  @CsvSource({"0, 23", "18, 23", "1, 8"})
  void picks_the_document_by_line_or_name_when_locating(int sourceLine, int expected) {
    String name = sourceLine == 1 ? "main" : "second";
    Resource r = new Resource(new ObjectRef("monitoring.coreos.com/v1",
        sourceLine == 1 ? "Prometheus" : "Alertmanager", "monitoring", name), Map.of(),
        new SourceLocation(FILE, sourceLine));
    String path = sourceLine == 1 ? "spec.retention" : "spec.replicas";
    assertEquals(new SourceLocation(FILE, expected), locator.locate(r, path));
  }

  @ParameterizedTest(name = "unreadable source {0} keeps the object location")
  @CsvSource({"locator/missing.yaml, 3", "locator/broken.yaml, 2", "locator/kustomization.yaml, 4"})
  void keeps_object_location_when_file_is_unusable(String file, int line) {
    Resource r = new Resource(new ObjectRef("v1", "ConfigMap", "m", "x"), Map.of(),
        new SourceLocation(file, line));
    assertEquals(new SourceLocation(file, line), locator.locate(r, "data.x"));
  }

  private static final java.nio.file.Path MINI = PolicyFixtures.ROOT.resolve("locator/repo");

  /** The rendered Prometheus of overlays/prod: its declared source is the base file. */
  private static Resource renderedPrometheus(String name) {
    return new Resource(new ObjectRef("monitoring.coreos.com/v1", "Prometheus", "", name),
        Map.of("spec", Map.of("containers", List.of(Map.of("name", "config-reloader"),
            Map.of("name", "other")))),
        new SourceLocation("base/prometheus.yaml", 1));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "spec.retention, overlays/prod/prometheus-retention.yaml:7",
      "spec.replicas, components/ha/prometheus-ha.yaml:6",
      "spec.containers.0.resources.limits.cpu, components/ha/prometheus-ha.yaml:11",
      "spec.containers.1.name, components/ha/prometheus-ha.yaml:8",
      "spec.evaluationInterval, overlays/prod/kustomization.yaml:21",
      "spec.thanos.objectStorageConfig.key, overlays/prod/prometheus-thanos.yaml:6",
      "spec.thanos, overlays/prod/prometheus-thanos.yaml:1",
      "spec.scrapeInterval, base/prometheus.yaml:7",
      "spec.enforcedSampleLimit, base/prometheus.yaml:5",
      "spec.containers.1.resources, components/ha/prometheus-ha.yaml:8",
      "spec.containers.0.resources.requests, base/prometheus.yaml:11",
      "'', base/prometheus.yaml:1"
  })
  void points_at_the_patch_that_sets_a_field_when_locating_for_a_target(String path,
      String expected) {
    org.monitoringstack.gate.model.Target overlay = new org.monitoringstack.gate.model.Target(
        "overlays/prod", org.monitoringstack.gate.model.Target.Kind.OVERLAY,
        MINI.resolve("overlays/prod"));
    assertEquals(expected, new SourceLocator(MINI).forTarget(overlay, List.of())
        .locate(renderedPrometheus("main"), path).toString());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "spec.volumes.1.emptyDir, overlays/prod/kustomization.yaml:28",
      "spec.volumes.1, overlays/prod/kustomization.yaml:24",
      "spec.volumes.0.emptyDir, base/prometheus.yaml:5"
  })
  void points_at_an_appending_json_patch_when_field_is_in_the_last_item(String path,
      String expected) {
    org.monitoringstack.gate.model.Target overlay = new org.monitoringstack.gate.model.Target(
        "overlays/prod", org.monitoringstack.gate.model.Target.Kind.OVERLAY,
        MINI.resolve("overlays/prod"));
    // rendered: a volume of the base's (not in the fixture: the spec line) and the appended one
    Resource prometheus = new Resource(
        new ObjectRef("monitoring.coreos.com/v1", "Prometheus", "", "main"),
        Map.of("spec", Map.of("volumes", List.of(Map.of("name", "data", "emptyDir", Map.of()),
            Map.of("name", "appended", "emptyDir", Map.of())))),
        new SourceLocation("base/prometheus.yaml", 1));
    assertEquals(expected, new SourceLocator(MINI).forTarget(overlay, List.of())
        .locate(prometheus, path).toString());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "main, spec.retention, overlays/prod/prometheus-retention.yaml:7",
      "main, spec.replicas, components/ha/prometheus-ha.yaml:6",
      "mainly, spec.retention, overlays/prod/prometheus-retention.yaml:7",
      "other, spec.retention, base/prometheus.yaml:6"
  })
  void follows_synced_paths_and_patch_targets_when_target_is_a_cluster(String name, String path,
      String expected) {
    org.monitoringstack.gate.model.Target cluster = new org.monitoringstack.gate.model.Target(
        "clusters/c", org.monitoringstack.gate.model.Target.Kind.CLUSTER,
        MINI.resolve("clusters/c"));
    Resource application = new Resource(new ObjectRef("argoproj.io/v1alpha1", "Application", "",
        "stack"), Map.of("spec", Map.of("source", Map.of("path", "./overlays/prod"))),
        new SourceLocation("clusters/c/stack-application.yaml", 1));
    assertEquals(expected, new SourceLocator(MINI).forTarget(cluster, List.of(application))
        .locate(renderedPrometheus(name), path).toString());
  }
}
