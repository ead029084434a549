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
}
