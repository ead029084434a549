package org.monitoringstack.gate.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.monitoringstack.gate.exec.SystemProcessRunner;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.toolchain.ModuleFetcher;
import org.monitoringstack.gate.toolchain.Toolchain;

/**
 * The real thing: the tools come from {@link Toolchain#resolve} on this repository (so the
 * bootstrap runs: an override variable, {@code .tools/bin/}, or {@code go install}), the catalog
 * from {@link SchemaCatalog#ensure} over the pinned modules, and the real kubeconform validates.
 */
class KubeconformIntegrationTest {

  static final Path REPO = Path.of("").toAbsolutePath().getParent();
  static final Path OBJECTS = Path.of("src/test/resources/fixtures/schema/objects");
  static final SystemProcessRunner RUNNER = new SystemProcessRunner();
  /** Install and catalog notes, on stderr: a cold first run builds tools for minutes. */
  static final java.util.function.Consumer<String> PROGRESS =
      line -> System.err.println("[toolchain] " + line);

  static Toolchain toolchain;
  static SchemaCatalog.Catalog catalog;

  @TempDir Path work;

  @BeforeAll
  static void bootstrap() {
    toolchain = Toolchain.resolve(REPO, System.getenv(), RUNNER, PROGRESS);
    catalog = SchemaCatalog.ensure(REPO, toolchain.pins(), new ModuleFetcher(RUNNER),
        PROGRESS);
  }

  KubeconformValidator validator() {
    return new KubeconformValidator(toolchain.kubeconform(), catalog, RUNNER,
        Runtime.getRuntime().availableProcessors(), Duration.ofMinutes(2), work,
        FieldLocator.OBJECT_SOURCE);
  }

  static Resource fixture(String name) {
    return KubeconformValidatorTest.resource(read(OBJECTS.resolve(name)),
        "base/fixtures/" + name, 1);
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  List<String> findingsFor(String fixture) {
    Map<String, List<Finding>> findings = validator().validate(List.of(
        KubeconformValidatorTest.target("overlays/kind", fixture(fixture))));
    return findings.get("overlays/kind").stream()
        .map(f -> f.check() + " " + f.object().display() + " " + f.location() + ": " + f.message())
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"valid_deployment.yaml", "valid_service.yaml", "valid_prometheus.yaml",
      "valid_flux_kustomization.yaml", "valid_argocd_application.yaml"})
  void passes_object_when_it_matches_its_schema(String fixture) {
    assertEquals(List.of(), findingsFor(fixture));
  }

  @Test
  void fails_strictly_with_field_path_when_deployment_has_an_unknown_field() {
    assertEquals(List.of("schema.kubeconform Deployment/grafana base/fixtures/"
            + "unknown_field_deployment.yaml:1: spec.template.spec.containers[0]: additional"
            + " properties 'imagePullPolicyy' not allowed"),
        findingsFor("unknown_field_deployment.yaml"));
  }

  @Test
  void fails_with_field_path_when_prometheus_retention_does_not_match_its_pattern() {
    List<String> findings = findingsFor("invalid_prometheus_retention.yaml");

    assertEquals(1, findings.size(), findings.toString());
    assertTrue(findings.get(0).startsWith("schema.kubeconform Prometheus/main base/fixtures/"
        + "invalid_prometheus_retention.yaml:1: spec.retention: '15 days' does not match pattern"),
        findings.get(0));
  }

  @Test
  void reports_schema_missing_when_kind_is_unknown() {
    assertEquals(List.of("schema.missing Widget/gadget base/fixtures/unknown_kind.yaml:1: no schema"
            + " for widgets.example.com/v1 Widget in the offline catalog"),
        findingsFor("unknown_kind.yaml"));
  }

  @Test
  void keeps_results_apart_when_many_targets_go_through_one_process() {
    Map<String, List<Finding>> findings = validator().validate(List.of(
        KubeconformValidatorTest.target("overlays/kind", fixture("valid_deployment.yaml"),
            fixture("unknown_kind.yaml")),
        KubeconformValidatorTest.target("overlays/production", fixture("valid_prometheus.yaml"),
            fixture("unknown_field_deployment.yaml"))));

    assertEquals(List.of("schema.missing"),
        findings.get("overlays/kind").stream().map(Finding::check).toList());
    assertEquals(List.of("schema.kubeconform Deployment/grafana"),
        findings.get("overlays/production").stream()
            .map(f -> f.check() + " " + f.object().display()).toList());
  }

  /**
   * kubeconform treats a schema it cannot compile as missing; so one object per generated file,
   * none reported missing, proves every schema in the catalog compiles under the pinned version.
   */
  @Test
  void compiles_every_generated_schema_under_the_pinned_kubeconform() throws IOException {
    List<Resource> probes = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(catalog.dir())) {
      for (Path file : walk.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        String group = file.getParent().getFileName().toString();
        String name = file.getFileName().toString().replaceFirst("\\.json$", "");
        String kind = name.substring(0, name.lastIndexOf('_'));
        String version = name.substring(name.lastIndexOf('_') + 1);
        String apiVersion = group.equals(version) ? version : group + "/" + version;
        probes.add(new Resource(new ObjectRef(apiVersion, kind, "", "probe"),
            Map.of("apiVersion", apiVersion, "kind", kind, "metadata", Map.of()),
            SourceLocation.of(catalog.dir().relativize(file).toString())));
      }
    }

    Map<String, List<Finding>> findings = validator().validate(List.of(
        new org.monitoringstack.gate.model.RenderedTarget(
            new org.monitoringstack.gate.model.Target("catalog",
                org.monitoringstack.gate.model.Target.Kind.OVERLAY, catalog.dir()),
            probes, List.of())));

    assertTrue(probes.size() > 300, "catalog has " + probes.size() + " schemas");
    assertEquals(List.of(), findings.get("catalog").stream()
        .filter(f -> f.check().equals("schema.missing"))
        .map(f -> f.location().file())
        .toList());
  }
}
