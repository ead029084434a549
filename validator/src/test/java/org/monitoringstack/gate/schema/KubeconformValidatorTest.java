package org.monitoringstack.gate.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monitoringstack.gate.exec.ProcessResult;
import org.monitoringstack.gate.exec.ProcessSpec;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.model.RenderedTarget;
import org.monitoringstack.gate.yaml.SafeYaml;

class KubeconformValidatorTest {

  @TempDir Path work;
  final Path kubeconform = Path.of("/opt/tools/kubeconform");
  final SchemaCatalog.Catalog catalog = new SchemaCatalog.Catalog(Path.of("/cache/schemas/abc"),
      "/cache/schemas/abc/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json", false);
  final List<ProcessSpec> specs = new ArrayList<>();
  final Map<Path, String> written = new LinkedHashMap<>();

  @SuppressWarnings("unchecked")
  static Resource resource(String yaml, String file, int line) {
    Map<String, Object> body = (Map<String, Object>) SafeYaml.load(yaml);
    Map<String, Object> meta = (Map<String, Object>) body.get("metadata");
    return new Resource(new ObjectRef((String) body.get("apiVersion"), (String) body.get("kind"),
        (String) meta.getOrDefault("namespace", ""), (String) meta.get("name")), body,
        new SourceLocation(file, line));
  }

  static RenderedTarget target(String id, Resource... resources) {
    return new RenderedTarget(new Target(id, Target.Kind.OVERLAY, Path.of("/repo").resolve(id)),
        List.of(resources), List.of());
  }

  static final Resource PROMETHEUS = resource("""
      apiVersion: monitoring.coreos.com/v1
      kind: Prometheus
      metadata: {name: main, namespace: monitoring}
      spec: {retention: 15}
      """, "base/prometheus/prometheus-prometheus.yaml", 1);
  static final Resource GRAFANA = resource("""
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: grafana, namespace: monitoring}
      spec: {replicas: 1}
      """, "base/grafana/grafana-deployment.yaml", 3);
  static final Resource WIDGET = resource("""
      apiVersion: example.com/v1
      kind: Widget
      metadata: {name: w}
      """, "overlays/production/widget.yaml", 0);

  /** kubeconform's JSON report: one entry per file, built by {@code entry} from the file. */
  KubeconformValidator validator(Function<Path, String> entry) {
    return new KubeconformValidator(kubeconform, catalog, spec -> {
      specs.add(spec);
      List<String> items = new ArrayList<>();
      for (String arg : spec.command().subList(10, spec.command().size())) {
        Path file = Path.of(arg);
        try {
          written.put(file, Files.readString(file));
        } catch (IOException e) {
          throw new AssertionError(e);
        }
        items.add(entry.apply(file));
      }
      return new ProcessResult(spec.command(), 1,
          "{\n  \"resources\": [" + String.join(",", items) + "],\n  \"summary\": {}\n}\n", "",
          Duration.ofMillis(3));
    }, 2, Duration.ofMinutes(1), work, FieldLocator.OBJECT_SOURCE);
  }

  String contentOf(Path file) {
    return written.get(file);
  }

  @Test
  void runs_one_strict_kubeconform_with_one_file_per_object() {
    KubeconformValidator validator = validator(file -> "{\"filename\":\"" + file
        + "\",\"status\":\"statusValid\",\"msg\":\"\"}");

    Map<String, List<Finding>> findings = validator.validate(List.of(
        target("overlays/kind", PROMETHEUS, GRAFANA), target("overlays/production", WIDGET)));

    assertEquals(1, specs.size());
    List<String> argv = specs.get(0).command();
    assertEquals(List.of("/opt/tools/kubeconform", "-strict", "-output", "json", "-summary",
        "-verbose", "-n", "2", "-schema-location",
        "/cache/schemas/abc/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json"),
        argv.subList(0, 10));
    assertEquals(3, argv.size() - 10);
    List<String> bodies = new ArrayList<>(written.values());
    assertEquals("{\"apiVersion\":\"monitoring.coreos.com/v1\",\"kind\":\"Prometheus\","
        + "\"metadata\":{\"name\":\"main\",\"namespace\":\"monitoring\"},\"spec\":{\"retention\":15}}",
        bodies.get(0));
    assertEquals("{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"}}",
        bodies.get(2));
    assertEquals(Map.of("overlays/kind", List.of(), "overlays/production", List.of()), findings);
    assertFalse(Files.exists(Path.of(argv.get(10)).getParent()), "the temporary folder is deleted");
  }

  @Test
  void matches_results_that_name_files_relative_to_its_working_folder() {
    KubeconformValidator validator = validator(file -> "{\"filename\":\"" + file.getFileName()
        + "\",\"status\":\"statusValid\",\"msg\":\"\"}");

    Map<String, List<Finding>> findings = validator.validate(List.of(
        target("overlays/kind", PROMETHEUS, GRAFANA), target("overlays/production", WIDGET)));

    assertEquals(Map.of("overlays/kind", List.of(), "overlays/production", List.of()), findings);
  }

  @Test
  void reports_one_finding_per_validation_error_with_field_path() {
    KubeconformValidator validator = validator(file -> contentOf(file).contains("Prometheus")
        ? "{\"filename\":\"" + file + "\",\"kind\":\"Prometheus\",\"name\":\"main\","
            + "\"version\":\"monitoring.coreos.com/v1\",\"status\":\"statusInvalid\","
            + "\"msg\":\"problem validating schema\",\"validationErrors\":["
            + "{\"path\":\"/spec/retention\",\"msg\":\"got number, want string\"},"
            + "{\"path\":\"/spec/containers/0\",\"msg\":\"additional properties 'imagePullPolicyy' not allowed\"}]}"
        : "{\"filename\":\"" + file + "\",\"status\":\"statusValid\",\"msg\":\"\"}");

    Map<String, List<Finding>> findings =
        validator.validate(List.of(target("overlays/kind", PROMETHEUS, GRAFANA)));

    ObjectRef ref = PROMETHEUS.ref();
    SourceLocation source = new SourceLocation("base/prometheus/prometheus-prometheus.yaml", 1);
    String hint = "compare the field with the schema of monitoring.coreos.com/v1 Prometheus";
    assertEquals(Map.of("overlays/kind", List.of(
        Finding.of("schema.kubeconform", Severity.ERROR, "", "overlays/kind", ref, source,
            "spec.retention: got number, want string", hint),
        Finding.of("schema.kubeconform", Severity.ERROR, "", "overlays/kind", ref, source,
            "spec.containers[0]: additional properties 'imagePullPolicyy' not allowed", hint))),
        findings);
  }

  @Test
  void locates_each_error_where_its_field_is_set_when_given_a_locator() {
    List<String> asked = new ArrayList<>();
    FieldLocator locator = (t, r, field) -> {
      asked.add(t.target().id() + " " + r.kind() + " " + field);
      return new SourceLocation("overlays/kind/prometheus-size.yaml", field.length());
    };
    KubeconformValidator validator = new KubeconformValidator(kubeconform, catalog, spec ->
        new ProcessResult(spec.command(), 1, "{\"resources\": [{\"filename\":\""
            + spec.command().get(10) + "\",\"status\":\"statusInvalid\",\"validationErrors\":["
            + "{\"path\":\"/spec\",\"msg\":\"additional properties 'replicass' not allowed\"},"
            + "{\"path\":\"/spec/containers/0/name\",\"msg\":\"got number, want string\"}]}]}",
            "", Duration.ofMillis(3)), 2, Duration.ofMinutes(1), work, locator);

    List<Finding> findings =
        validator.validate(List.of(target("overlays/kind", PROMETHEUS))).get("overlays/kind");

    assertEquals(List.of("overlays/kind Prometheus spec.replicass",
        "overlays/kind Prometheus spec.containers.0.name"), asked);
    assertEquals(List.of(
        new SourceLocation("overlays/kind/prometheus-size.yaml", "spec.replicass".length()),
        new SourceLocation("overlays/kind/prometheus-size.yaml",
            "spec.containers.0.name".length())),
        findings.stream().map(Finding::location).toList());
    assertEquals("spec: additional properties 'replicass' not allowed", findings.get(0).message());
  }

  @Test
  void reports_schema_missing_when_kubeconform_cannot_find_a_schema() {
    KubeconformValidator validator = validator(file -> "{\"filename\":\"" + file
        + "\",\"kind\":\"Widget\",\"name\":\"w\",\"version\":\"example.com/v1\","
        + "\"status\":\"statusError\",\"msg\":\"could not find schema for Widget\"}");

    Map<String, List<Finding>> findings =
        validator.validate(List.of(target("overlays/production", WIDGET)));

    assertEquals(Map.of("overlays/production", List.of(Finding.of("schema.missing",
        Severity.ERROR, "", "overlays/production", WIDGET.ref(),
        new SourceLocation("overlays/production/widget.yaml", 0),
        "no schema for example.com/v1 Widget in the offline catalog",
        "if it is a custom resource, add its CRD source (crd.<name>.module/.version/.dirs) to"
            + " validator/toolchain.properties; otherwise check the apiVersion and kind"))),
        findings);
  }

  @Test
  void names_the_versions_the_catalog_has_when_only_the_apiversion_is_missing() throws IOException {
    Path dir = work.resolve("catalog");
    Files.createDirectories(dir.resolve("example.com"));
    Files.writeString(dir.resolve("example.com/widget_v1alpha1.json"), "{}");
    Files.writeString(dir.resolve("example.com/widget_v2.json"), "{}");
    Files.writeString(dir.resolve("example.com/gizmo_v1.json"), "{}");
    KubeconformValidator validator = new KubeconformValidator(kubeconform,
        new SchemaCatalog.Catalog(dir, SchemaCatalog.locationTemplate(dir), false),
        spec -> new ProcessResult(spec.command(), 1, "{\"resources\":[{\"filename\":\""
            + spec.command().get(10) + "\",\"status\":\"statusError\","
            + "\"msg\":\"could not find schema for Widget\"}]}", "", Duration.ofMillis(1)),
        2, Duration.ofMinutes(1), work, FieldLocator.OBJECT_SOURCE);

    List<Finding> findings =
        validator.validate(List.of(target("overlays/production", WIDGET))).get("overlays/production");

    assertEquals(List.of("schema.missing: no schema for example.com/v1 Widget in the offline catalog"
            + " | the catalog has Widget as example.com/v1alpha1, example.com/v2: use one of those"
            + " apiVersions, or pin the CRD source that serves example.com/v1 in"
            + " validator/toolchain.properties"),
        findings.stream().map(f -> f.check() + ": " + f.message() + " | " + f.hint()).toList());
  }

  @Test
  void reports_other_kubeconform_errors_as_schema_kubeconform() {
    KubeconformValidator validator = validator(file -> "{\"filename\":\"" + file
        + "\",\"status\":\"statusError\",\"msg\":\"error unmarshalling resource: duplicate key\"}");

    Map<String, List<Finding>> findings =
        validator.validate(List.of(target("overlays/kind", GRAFANA)));

    assertEquals(List.of("schema.kubeconform: error unmarshalling resource: duplicate key"),
        findings.get("overlays/kind").stream().map(f -> f.check() + ": " + f.message()).toList());
  }

  @Test
  void quotes_command_and_first_lines_when_output_is_not_json() {
    KubeconformValidator validator = new KubeconformValidator(kubeconform, catalog,
        spec -> new ProcessResult(spec.command(), 2, "", "panic: runtime error\n"
            + "goroutine 1 [running]:\nmain.main()\n\t/src/main.go:42\nline 5\nline 6\nline 7\n",
            Duration.ofMillis(1)),
        2, Duration.ofMinutes(1), work, FieldLocator.OBJECT_SOURCE);

    ToolException e = assertThrows(ToolException.class,
        () -> validator.validate(List.of(target("overlays/kind", GRAFANA, WIDGET))));

    assertEquals("`/opt/tools/kubeconform -strict -output json -summary -verbose -n 2"
        + " -schema-location /cache/schemas/abc/{{ .Group }}/{{ .ResourceKind }}_"
        + "{{ .ResourceAPIVersion }}.json <2 files>` printed output that is not kubeconform's JSON"
        + " report (exit code 2):\n  panic: runtime error\n  goroutine 1 [running]:\n"
        + "  main.main()\n  \t/src/main.go:42\n  line 5", e.getMessage());
  }

  @Test
  void runs_nothing_when_no_target_has_objects() {
    KubeconformValidator validator = new KubeconformValidator(kubeconform, catalog, spec -> {
      throw new AssertionError("kubeconform must not run");
    }, 2, Duration.ofMinutes(1), work, FieldLocator.OBJECT_SOURCE);

    Map<String, List<Finding>> findings = validator.validate(List.of(target("overlays/empty")));

    assertEquals(Map.of("overlays/empty", List.of()), findings);
  }

  @Test
  void formats_json_pointer_as_dotted_field_path() {
    assertEquals("spec.template.spec.containers[0].ports[1].name",
        KubeconformValidator.fieldPath("/spec/template/spec/containers/0/ports/1/name"));
    assertEquals("metadata.annotations.a/b", KubeconformValidator.fieldPath("/metadata/annotations/a~1b"));
    assertEquals("", KubeconformValidator.fieldPath(""));
  }
}
