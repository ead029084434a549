package org.monitoringstack.gate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonReportTest {

  @Test
  void writes_the_documented_fields_when_report_has_findings() throws Exception {
    StringWriter out = new StringWriter();
    new JsonReport().write(ReportFixtures.sample(), out);
    JsonNode root = JsonMapper.builder().build().readTree(out.toString());

    JsonNode prod = root.get("targets").get(1);
    assertEquals("overlays/production", prod.get("path").asString());
    assertEquals("production", prod.get("profile").asString());
    assertEquals(1, prod.get("resources").asInt());
    JsonNode waived = prod.get("findings").get(1);
    assertEquals("""
        {"check":"prometheus.retention","severity":"error","requirement":"PERF-1",\
        "kind":"Prometheus","name":"main","namespace":"monitoring",\
        "file":"overlays/production/prometheus-retention.yaml","line":6,\
        "message":"retention is 7d, expected at least 15d","hint":"set spec.retention: 15d",\
        "waived":{"reason":"capacity review pending","owner":"sre","expires":"2027-01-31",\
        "declaredAt":"policies/waivers.yaml:4"}}""", waived.toString());
    assertEquals(true, prod.get("findings").get(0).get("waived").isNull());
    assertEquals("policy.waiver-unused", root.get("runFindings").get(0).get("check").asString());
    assertEquals("""
        {"targets":2,"resources":58,"errors":2,"warnings":2,"waived":1,"passed":false,\
        "elapsedMs":3456,"renderCache":{"hits":0,"misses":0},"notes":[]}""",
        root.get("summary").toString());
  }

  @org.junit.jupiter.api.Test
  void reports_render_cache_hits_misses_and_notes_in_the_summary_when_given() throws Exception {
    org.monitoringstack.gate.model.GateReport base = ReportFixtures.sample();
    org.monitoringstack.gate.model.GateReport report = new org.monitoringstack.gate.model.GateReport(
        base.targets(), base.runFindings(), base.elapsed(),
        new org.monitoringstack.gate.model.GateReport.CacheStats(3, 2),
        java.util.List.of("changed since HEAD: 1 of 5 targets"));
    JsonNode summary = JsonReport.toJson(report).get("summary");
    assertEquals("{\"hits\":3,\"misses\":2}", summary.get("renderCache").toString());
    assertEquals("[\"changed since HEAD: 1 of 5 targets\"]", summary.get("notes").toString());
  }
}
