package org.monitoringstack.gate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.monitoringstack.gate.model.GateReport;
import org.monitoringstack.gate.model.Severity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class SarifReportTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static Schema schema;

  @BeforeAll
  static void loadSchema() throws Exception {
    try (InputStream in =
        SarifReportTest.class.getResourceAsStream("/schemas/sarif/sarif-2.1.0-rtm.5.json")) {
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
    }
  }

  private static JsonNode render(GateReport report, SarifReport writer) throws Exception {
    StringWriter out = new StringWriter();
    writer.write(report, out);
    return JSON.readTree(out.toString());
  }

  private static JsonNode render(GateReport report) throws Exception {
    return render(report, new SarifReport(RequirementCatalogSamples.catalog()));
  }

  private static List<String> errors(JsonNode sarif) {
    List<String> out = new ArrayList<>();
    for (Error e : schema.validate(sarif)) {
      out.add(e.toString());
    }
    return out;
  }

  private static JsonNode resultOf(JsonNode sarif, String ruleId) {
    for (JsonNode r : sarif.at("/runs/0/results")) {
      if (r.get("ruleId").asString().equals(ruleId)) {
        return r;
      }
    }
    throw new AssertionError("no result for " + ruleId);
  }

  @Test
  void validates_against_the_sarif_schema_when_the_report_has_every_kind_of_finding()
      throws Exception {
    JsonNode sarif = render(RequirementCatalogSamples.report(),
        new SarifReport(RequirementCatalogSamples.catalog(),
            Map.of("prometheus.retention", "Prometheus keeps data for the profile's retention."),
            Path.of("/repo")));
    assertEquals(List.of(), errors(sarif));
    assertEquals("2.1.0", sarif.get("version").asString());
    assertEquals("file:///repo/",
        sarif.at("/runs/0/originalUriBaseIds/SRCROOT/uri").asString());
    assertEquals(List.of(), errors(render(RequirementCatalogSamples.clean())));
  }

  @Test
  void fails_schema_validation_when_the_document_is_broken() throws Exception {
    ObjectNode sarif = (ObjectNode) render(RequirementCatalogSamples.report());
    ((ObjectNode) sarif.at("/runs/0/results/0")).put("level", "fatal");
    sarif.put("version", "1.0");
    assertEquals(2, errors(sarif).size(), errors(sarif).toString());
  }

  @Test
  void writes_one_rule_per_check_with_requirement_and_help_when_checks_are_known()
      throws Exception {
    JsonNode sarif = render(RequirementCatalogSamples.report());
    List<String> ids = new ArrayList<>();
    sarif.at("/runs/0/tool/driver/rules").forEach(r -> ids.add(r.get("id").asString()));
    assertEquals(List.of("monitoring.coverage", "prometheus.retention", "ha.grafana-replicas",
        "resources.present", "images.pinned", "policy.waiver-unused"), ids);
    JsonNode retention = sarif.at("/runs/0/tool/driver/rules/1");
    assertEquals("PrometheusRetention", retention.get("name").asString());
    assertEquals("PERF-1", retention.at("/properties/requirement").asString());
    assertEquals("Check prometheus.retention enforces PERF-1: Retention of 15 days. "
        + "How to fix: set spec.retention: 15d", retention.at("/help/text").asString());
    assertEquals("Retention of 15 days.", retention.at("/shortDescription/text").asString());
    JsonNode pinned = sarif.at("/runs/0/tool/driver/rules/4");
    assertEquals("Policy check images.pinned.", pinned.at("/shortDescription/text").asString());
    assertTrue(pinned.at("/properties/requirement").isMissingNode());
  }

  @Test
  void locates_the_result_at_the_source_file_and_line_when_known() throws Exception {
    JsonNode result = resultOf(render(RequirementCatalogSamples.report()),
        "prometheus.retention");
    assertEquals("error", result.get("level").asString());
    assertEquals(1, result.get("ruleIndex").asInt());
    JsonNode physical = result.at("/locations/0/physicalLocation");
    assertEquals("overlays/production/prometheus-retention.yaml",
        physical.at("/artifactLocation/uri").asString());
    assertEquals("SRCROOT", physical.at("/artifactLocation/uriBaseId").asString());
    assertEquals(9, physical.at("/region/startLine").asInt());
    assertEquals("[overlays/production] Prometheus/main: retention is \"7d\" <short> & below "
        + "the guide, expected \"15d\" Fix: set spec.retention: 15d",
        result.at("/message/text").asString());
    assertEquals("overlays/production/Prometheus/monitoring/main",
        result.at("/locations/0/logicalLocations/0/fullyQualifiedName").asString());
    assertFalse(result.has("suppressions"));
  }

  @Test
  void locates_at_the_target_kustomization_when_the_location_is_unknown() throws Exception {
    JsonNode result = resultOf(render(RequirementCatalogSamples.report()),
        "monitoring.coverage");
    JsonNode physical = result.at("/locations/0/physicalLocation");
    assertEquals("overlays/production/kustomization.yaml",
        physical.at("/artifactLocation/uri").asString());
    assertFalse(physical.has("region"));
    assertTrue(result.at("/message/text").asString()
        .endsWith("(source location unknown; reported at the target's kustomization)"));
  }

  @Test
  void adds_an_accepted_suppression_when_the_finding_is_waived() throws Exception {
    JsonNode result = resultOf(render(RequirementCatalogSamples.report()),
        "ha.grafana-replicas");
    JsonNode suppression = result.at("/suppressions/0");
    assertEquals("external", suppression.get("kind").asString());
    assertEquals("accepted", suppression.get("status").asString());
    assertEquals("single replica until the shared database lands "
        + "(owner team-observability, expires 2026-12-31)",
        suppression.get("justification").asString());
    assertEquals("policies/waivers.yaml",
        suppression.at("/location/physicalLocation/artifactLocation/uri").asString());
    assertEquals(4, suppression.at("/location/physicalLocation/region/startLine").asInt());
  }

  private static List<JsonNode> resultsOf(JsonNode sarif, String ruleId) {
    List<JsonNode> out = new ArrayList<>();
    sarif.at("/runs/0/results").forEach(r -> {
      if (r.get("ruleId").asString().equals(ruleId)) {
        out.add(r);
      }
    });
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asString()));
    return out;
  }

  @Test
  void writes_one_result_naming_every_target_when_targets_share_a_finding() throws Exception {
    JsonNode sarif = render(ReportFixtures.fleet());
    assertEquals(List.of(), errors(sarif));
    List<JsonNode> pinned = resultsOf(sarif, "images.pinned");
    assertEquals(1, pinned.size(), pinned.toString());
    JsonNode result = pinned.get(0);
    assertEquals(List.of("overlays/kind", "clusters/kind", "clusters/prod"),
        strings(result.at("/properties/targets")));
    assertEquals("[overlays/kind, clusters/kind, clusters/prod] Deployment/grafana: image "
        + "grafana/grafana:latest is not pinned", result.at("/message/text").asString());
    assertEquals(1, result.get("locations").size());
    assertEquals("base/grafana/grafana-deployment.yaml",
        result.at("/locations/0/physicalLocation/artifactLocation/uri").asString());
    assertEquals(21, result.at("/locations/0/physicalLocation/region/startLine").asInt());
    assertEquals(3, result.at("/locations/0/logicalLocations").size());
    assertEquals(6, sarif.at("/runs/0/results").size(), "groups of the fleet fixture");
  }

  @Test
  void keeps_the_fingerprint_when_the_targets_come_in_another_order() throws Exception {
    GateReport fleet = ReportFixtures.fleet();
    List<org.monitoringstack.gate.model.TargetReport> reversed =
        new ArrayList<>(fleet.targets());
    java.util.Collections.reverse(reversed);
    String fingerprint = resultsOf(render(fleet), "images.pinned").get(0)
        .at("/partialFingerprints/" + SarifReport.FINGERPRINT.replace("/", "~1")).asString();
    assertTrue(fingerprint.matches("[0-9a-f]{64}"), fingerprint);
    JsonNode again = resultsOf(render(new GateReport(reversed, List.of(),
        java.time.Duration.ofSeconds(9))), "images.pinned").get(0);
    assertEquals(fingerprint, again.at("/partialFingerprints")
        .get(SarifReport.FINGERPRINT).asString());
    assertEquals(List.of("clusters/prod", "clusters/kind", "overlays/kind"),
        strings(again.at("/properties/targets")));
  }

  @Test
  void gives_every_result_its_own_fingerprint_when_severity_or_location_differ()
      throws Exception {
    JsonNode sarif = render(ReportFixtures.fleet());
    List<String> fingerprints = new ArrayList<>();
    sarif.at("/runs/0/results").forEach(r -> fingerprints.add(
        r.at("/partialFingerprints").get(SarifReport.FINGERPRINT).asString()));
    assertEquals(6, new java.util.HashSet<>(fingerprints).size(), fingerprints.toString());
    List<String> levels = resultsOf(sarif, "auth.grafana-password-policy").stream()
        .map(r -> r.get("level").asString()).toList();
    assertEquals(List.of("error", "warning"), levels);
    List<String> empty = resultsOf(sarif, "render.empty").stream()
        .map(r -> r.at("/locations/0/physicalLocation/artifactLocation/uri").asString()).toList();
    assertEquals(List.of("overlays/kind/kustomization.yaml", "clusters/kind/kustomization.yaml"),
        empty);
  }

  @Test
  void writes_no_results_when_the_run_is_clean() throws Exception {
    JsonNode sarif = render(RequirementCatalogSamples.clean());
    assertEquals(0, sarif.at("/runs/0/results").size());
    assertTrue(sarif.at("/runs/0/properties/passed").asBoolean());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"ERROR, error", "WARNING, warning", "INFO, note"})
  void maps_the_severity_to_a_sarif_level(Severity severity, String level) {
    assertEquals(level, SarifReport.level(severity));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "overlays/production/a.yaml, overlays/production/a.yaml",
    "base/with space/ä.yaml, base/with%20space/%C3%A4.yaml",
  })
  void encodes_the_path_as_a_relative_uri(String path, String uri) {
    assertEquals(uri, SarifReport.uri(path));
  }
}
