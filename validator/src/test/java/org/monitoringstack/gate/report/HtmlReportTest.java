package org.monitoringstack.gate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.monitoringstack.gate.model.GateReport;

class HtmlReportTest {

  static String render(GateReport report) throws Exception {
    StringWriter out = new StringWriter();
    new HtmlReport(RequirementCatalogSamples.catalog()).write(report, out);
    return out.toString();
  }

  private static List<String> all(String html, String regex) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile(regex).matcher(html);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void is_self_contained_when_written() throws Exception {
    String html = render(RequirementCatalogSamples.report());
    assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"));
    assertTrue(html.contains("<style>"));
    assertFalse(html.contains("<script"), "no scripts");
    assertFalse(html.contains("<link"), "no stylesheets");
    assertFalse(html.contains("src="), "no images or frames");
    assertFalse(html.contains("url("), "no CSS assets");
    assertEquals(List.of(), all(html, "href=\"([^#][^\"]*)\""), "only in-page links");
  }

  @Test
  void has_one_column_per_target_and_one_row_per_requirement() throws Exception {
    String html = render(RequirementCatalogSamples.report());
    assertEquals(List.of("overlays/kind", "overlays/production"),
        all(html, "<th scope=\"col\"><a href=\"#[^\"]+\">([^<]+)</a>"));
    assertEquals(List.of("CL-2", "CL-6", "PERF-1", "HA-5", "RES-7", "NET-1", "Other"),
        all(html, "<th scope=\"row\" class=\"req\">([^<]+)</th>"));
    assertEquals(List.of("kind · <span class=\"pass\">passed</span>",
        "production · <span class=\"fail\">failed</span>"),
        all(html, "<small>(.+?)</small></th>"));
  }

  @Test
  void colours_each_cell_by_its_status() throws Exception {
    String html = render(RequirementCatalogSamples.report());
    List<String> cells = all(html, "<td class=\"cell ([a-z/]+)\"");
    // row by row: kind, production
    assertEquals(List.of(
        "pass", "pass", // CL-2
        "pass", "fail", // CL-6
        "na", "fail", // PERF-1
        "na", "waived", // HA-5
        "pass", "pass", // RES-7
        "manual", "manual", // NET-1
        "pass", "pass"), cells); // Other
    assertTrue(html.contains("title=\"PERF-1 in overlays/production: fail\">"
        + "<a href=\"#t-overlays-production--perf-1\">fail (1)</a></td>"), html);
  }

  @Test
  void links_every_cell_to_an_anchor_that_exists() throws Exception {
    String html = render(RequirementCatalogSamples.report());
    List<String> targets =
        all(html, "<td class=\"cell [a-z]+\" title=\"[^\"]*\"><a href=\"#([^\"]+)\"");
    assertEquals(14, targets.size());
    for (String anchor : targets) {
      assertTrue(html.contains("id=\"" + anchor + "\""), "missing anchor " + anchor);
    }
  }

  @Test
  void lists_the_findings_under_their_requirement_escaped() throws Exception {
    String html = render(RequirementCatalogSamples.report());
    assertTrue(html.contains("<div id=\"t-overlays-production--perf-1\"><h4>PERF-1: Retention "
        + "of 15 days. — <span class=\"fail\">fail</span></h4>\n<p class=\"finding\"><span "
        + "class=\"sev-error\">error</span> <span class=\"loc\">overlays/production/"
        + "prometheus-retention.yaml:9</span> [prometheus.retention] Prometheus/main: retention "
        + "is &quot;7d&quot; &lt;short&gt; &amp; below the guide, expected &quot;15d&quot;<br>"
        + "<span class=\"hint\">Fix: set spec.retention: 15d</span></p>"), html);
    assertTrue(html.contains("<span class=\"sev-waived\">error (waived)</span>"));
    assertTrue(html.contains("Waived: single replica until the shared database lands "
        + "(team-observability, expires 2026-12-31)"));
    assertTrue(html.contains("<span class=\"loc\">-</span> [monitoring.coverage]"));
    assertTrue(html.contains("<div id=\"t-overlays-kind-other\"><h4>Other: Rendering, schema "
        + "validity and the checks not tied to one requirement. — <span class=\"pass\">pass"
        + "</span></h4>"));
    assertTrue(html.contains("<section id=\"run\">"));
  }

  @Test
  void adds_notes_about_the_run_under_the_summary() throws Exception {
    StringWriter out = new StringWriter();
    new HtmlReport(RequirementCatalogSamples.catalog())
        .withNotes(List.of("render cache: 2 hits, 0 misses <warm>"))
        .write(RequirementCatalogSamples.clean(), out);
    assertTrue(out.toString().contains(
        "<p class=\"note\">render cache: 2 hits, 0 misses &lt;warm&gt;</p>\n"), out.toString());
  }

  @Test
  void says_the_gate_passed_when_the_run_is_clean() throws Exception {
    String html = render(RequirementCatalogSamples.clean());
    assertTrue(html.contains("<span class=\"verdict ok\">Gate passed</span> 1 of 1 targets "
        + "passed · 0 errors"), html);
    assertTrue(html.contains("<p>No findings.</p>"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " => ", value = {
    "<b onclick='x'>&\" => &lt;b onclick=&#39;x&#39;&gt;&amp;&quot;",
  })
  void escapes_markup(String text, String escaped) {
    assertEquals(escaped, HtmlReport.escape(text));
  }
}
