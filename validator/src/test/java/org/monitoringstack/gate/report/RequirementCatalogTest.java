package org.monitoringstack.gate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.monitoringstack.gate.report.RequirementCatalog.Requirement;
import org.monitoringstack.gate.report.RequirementCatalog.Status;

class RequirementCatalogTest {

  /** The repository root, seen from the validator module (surefire's working directory). */
  static Path repoRoot() {
    Path here = Path.of("").toAbsolutePath();
    return here.getFileName().toString().equals("validator") ? here.getParent() : here;
  }

  private static List<String> ids(String prefix, int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + "-" + i).toList();
  }

  @Test
  void lists_every_requirement_of_the_guide_when_loading_the_repository_catalog() {
    RequirementCatalog catalog = RequirementCatalog.load(repoRoot());
    List<String> expected = new ArrayList<>();
    Stream.of(ids("PRE", 4), ids("RES", 7), ids("STO", 4), ids("NET", 3), ids("SEC", 6),
        ids("HA", 7), ids("SCA", 3), ids("PERF", 3), ids("CL", 10), ids("POST", 6))
        .forEach(expected::addAll);
    assertEquals(Set.copyOf(expected),
        Set.copyOf(catalog.requirements().stream().map(Requirement::id).toList()));
    assertEquals(53, catalog.requirements().size());
    assertEquals("CL-1", catalog.checklistOrder().get(0).id());
    assertEquals("PRE-1", catalog.checklistOrder().get(10).id());
  }

  @ParameterizedTest(name = "{0} is enforced by {1}")
  @CsvSource({
    "PERF-1, prometheus.retention",
    "RES-7, resources.present",
    "SEC-5, network.default-deny network.coverage network.scrape-allowed",
    "CL-6, monitoring.coverage",
    "POST-1, alerting.meta-monitoring",
    "HA-7, ha.pdb",
  })
  void names_the_contract_check_ids_when_a_requirement_is_automated(String id, String checks) {
    Requirement r = RequirementCatalog.load(repoRoot()).find(id).orElseThrow();
    assertEquals(List.of(checks.split(" ")), r.checks());
  }

  @ParameterizedTest(name = "{0} is manual")
  @CsvSource({"PRE-1", "PRE-3", "NET-1", "NET-2", "CL-10", "POST-4", "POST-6"})
  void marks_manual_items_when_they_cannot_be_seen_in_manifests(String id) {
    Requirement r = RequirementCatalog.load(repoRoot()).find(id).orElseThrow();
    assertTrue(r.manual());
    assertTrue(r.checks().isEmpty());
  }

  @Test
  void rolls_up_the_requirements_of_a_checklist_item_when_loading() {
    RequirementCatalog catalog = RequirementCatalog.load(repoRoot());
    assertEquals(List.of("SEC-3", "SEC-4"), catalog.find("CL-3").orElseThrow().rollsUp());
    assertEquals(Set.of("CL-8", "SEC-1", "SEC-2"),
        catalog.closure(catalog.find("CL-8").orElseThrow()));
  }

  @ParameterizedTest(name = "{0} in {1} is {2}")
  @CsvSource({
    "PERF-1, overlays/production, FAIL",
    "PERF-1, overlays/kind, NOT_APPLICABLE",
    "HA-5, overlays/production, WAIVED",
    "CL-6, overlays/production, FAIL",
    "CL-6, overlays/kind, PASS",
    "RES-7, overlays/production, PASS",
    "CL-2, overlays/production, PASS",
    "NET-1, overlays/production, MANUAL",
    "NET-1, overlays/kind, MANUAL",
  })
  void computes_the_status_when_given_a_target(String id, String target, Status expected) {
    RequirementCatalog catalog = RequirementCatalogSamples.catalog();
    var report = target.equals(RequirementCatalogSamples.PROD)
        ? RequirementCatalogSamples.failing() : RequirementCatalogSamples.passing();
    assertEquals(expected, catalog.status(catalog.find(id).orElseThrow(), report));
  }

  @Test
  void lists_the_areas_in_checklist_order_with_their_sections_when_asked() {
    assertEquals(List.of("CL=Production checklist", "PERF=Performance", "HA=High availability",
        "RES=Resources", "NET=Network", "Other=" + RequirementCatalog.OTHER_STATEMENT),
        RequirementCatalogSamples.catalog().areas().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue()).toList());
  }

  @ParameterizedTest(name = "{0} is in area {1}")
  @CsvSource({"SEC-2, SEC", "CL-10, CL", "PERF-1, PERF", "Other, Other", "X-Y, X-Y"})
  void names_the_area_of_a_requirement_by_its_prefix(String id, String area) {
    assertEquals(area, RequirementCatalog.area(id));
  }

  @Test
  void gives_every_requirement_then_the_other_row_when_asked_for_a_targets_readiness() {
    RequirementCatalog catalog = RequirementCatalogSamples.catalog();
    List<RequirementCatalog.Row> rows = catalog.readiness(RequirementCatalogSamples.failing());
    assertEquals(List.of("CL-2 pass", "CL-6 fail", "PERF-1 fail", "HA-5 waived", "RES-7 pass",
        "NET-1 manual", "Other pass"),
        rows.stream().map(r -> r.id() + " " + r.status().label()).toList());
    assertEquals(List.of(RequirementCatalogSamples.retention()), rows.get(2).findings());
    assertEquals("PERF", rows.get(2).area());
    assertEquals("Confirm the node network provides at least 100Mbps.",
        rows.get(5).manualStep());
    assertEquals(List.of(RequirementCatalogSamples.unpinnedImage()),
        catalog.readiness(RequirementCatalogSamples.passing()).get(6).findings());
  }

  private static Path profilesRepo() throws Exception {
    return Path.of(RequirementCatalogTest.class.getResource("/fixtures/report/profiles-repo")
        .toURI());
  }

  @Test
  void reads_the_checks_each_profile_enables_when_loading_a_repository() throws Exception {
    assertEquals(Map.of(
        "kind", Set.of("resources.present", "prometheus.retention"),
        "production", Set.of("resources.present", "monitoring.coverage",
            "prometheus.retention")),
        RequirementCatalog.enabledChecks(profilesRepo()));
  }

  @ParameterizedTest(name = "{0} in {1} is {2}")
  @CsvSource({
    "CL-6, overlays/kind, NOT_APPLICABLE",
    "CL-6, overlays/production, FAIL",
    "RES-7, overlays/kind, PASS",
    "CL-2, overlays/kind, PASS",
    "NET-1, overlays/kind, MANUAL",
    "HA-5, overlays/production, NOT_APPLICABLE",
  })
  void shows_not_applicable_when_the_profile_runs_none_of_its_checks(
      String id, String target, Status expected) throws Exception {
    RequirementCatalog catalog = RequirementCatalog.load(profilesRepo());
    var report = target.equals(RequirementCatalogSamples.PROD)
        ? RequirementCatalogSamples.failing() : RequirementCatalogSamples.passing();
    assertEquals(expected, catalog.status(catalog.find(id).orElseThrow(), report));
  }

  @Test
  void fails_a_checklist_item_when_a_rolled_up_requirement_fails() {
    RequirementCatalog catalog = RequirementCatalog.parse("""
        requirements:
          - {id: CL-1, statement: storage, checks: [], rollsUp: [STO-1]}
          - {id: STO-1, statement: ssd, checks: [storage.class]}
        """, "inline");
    var failing = new org.monitoringstack.gate.model.TargetReport(
        RequirementCatalogSamples.failing().target(), "production", 1,
        List.of(RequirementCatalogSamples.retention().withSeverity(
            org.monitoringstack.gate.model.Severity.ERROR)));
    assertEquals(Status.PASS, catalog.status(catalog.find("CL-1").orElseThrow(), failing));
    var storage = new org.monitoringstack.gate.model.TargetReport(
        failing.target(), "production", 1, List.of(org.monitoringstack.gate.model.Finding.of(
            "storage.class", org.monitoringstack.gate.model.Severity.ERROR, "STO-1",
            failing.target().id(), org.monitoringstack.gate.model.ObjectRef.NONE,
            org.monitoringstack.gate.model.SourceLocation.UNKNOWN, "no class", "")));
    assertEquals(Status.FAIL, catalog.status(catalog.find("CL-1").orElseThrow(), storage));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
    "requirements: [{id: A-1, statement: x, bogus: 1}]"
        + "| inline: requirements[0]: unknown field 'bogus'",
    "requirements: [{id: A-1}]| inline: requirement A-1: 'statement' is required",
    "requirements: [{id: A-1, statement: x, rollsUp: [B-2]}]"
        + "| requirement A-1 rolls up unknown requirement B-2",
    "requirements: [{id: A-1, statement: x}, {id: A-1, statement: y}]"
        + "| requirement A-1 is declared twice",
    "requirements: [{id: A-1, statement: x, manual: maybe}]"
        + "| inline: requirement A-1: 'manual' must be true or false",
    "other: 1| inline: expected a top-level 'requirements' list",
    "{a: 1, a: 2}| inline: not valid YAML",
  })
  void rejects_the_file_with_a_message_when_it_is_malformed(String yaml, String message) {
    var e = assertThrows(RequirementCatalogException.class,
        () -> RequirementCatalog.parse(yaml, "inline"));
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }
}
