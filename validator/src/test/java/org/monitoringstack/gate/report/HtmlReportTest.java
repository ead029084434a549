package org.monitoringstack.gate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.monitoringstack.gate.model.GateReport;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.model.TargetReport;

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

  /** The fleet table's body rows. */
  private static List<String> rows(String html) {
    String body = html.substring(html.indexOf("<tbody>"), html.indexOf("</tbody>"));
    return body.lines().filter(l -> l.startsWith("<tr>")).toList();
  }

  /** The area cells of a fleet row: {@code s-error error 1 error}, ... */
  private static List<String> cells(String row) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<td class=\"cell (s-[a-z]+)\"><a href=\"#[^\"]+\">([^< ]+)"
        + "(?: <small>([^<]+)</small>)?</a></td>").matcher(row);
    while (m.find()) {
      out.add(m.group(1) + " " + m.group(2) + (m.group(3) == null ? "" : " " + m.group(3)));
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
    assertFalse(html.contains("@import"), "no CSS imports");
    assertEquals(List.of(), all(html, "href=\"([^#][^\"]*)\""), "only in-page links");
  }

  @Test
  void has_one_row_per_target_and_one_column_per_area() throws Exception {
    String html = render(RequirementCatalogSamples.report());
    assertEquals(List.of("CL", "PERF", "HA", "RES", "NET", "Other"),
        all(html, "<th scope=\"col\"><abbr title=\"[^\"]*\">([^<]+)</abbr></th>"));
    assertTrue(html.contains("<abbr title=\"High availability\">HA</abbr>"), html);
    assertEquals(List.of("overlays/kind", "overlays/production"),
        all(html, "<tr><th scope=\"row\"><a href=\"#[^\"]+\">([^<]+)</a></th>"));
  }

  @Test
  void shows_warnings_apart_from_errors_with_a_label_and_counts_in_each_cell() throws Exception {
    List<String> rows = rows(render(RequirementCatalogSamples.report()));
    // overlays/kind: one warning no requirement covers; PERF and HA are production's only
    assertEquals(List.of("s-pass pass", "s-na n/a", "s-na n/a", "s-pass pass", "s-pass pass",
        "s-warning warning 1 warning"), cells(rows.get(0)));
    assertTrue(rows.get(0).contains("<td>kind</td><td class=\"cell s-pass\">passed</td>"));
    // overlays/production: CL-6 and PERF-1 fail, HA-5's error is waived
    assertEquals(List.of("s-error error 1 error", "s-error error 1 error",
        "s-pass pass 1 waived", "s-pass pass", "s-pass pass", "s-pass pass"),
        cells(rows.get(1)));
    assertTrue(rows.get(1).contains("<td>production</td><td class=\"cell s-error\">failed</td>"));
    String html = render(RequirementCatalogSamples.report());
    assertTrue(html.contains(".s-warning{background:#fff1b8;color:#7d4e00}"), "its own colour");
    assertTrue(html.contains("<tfoot><tr><th scope=\"row\">2 targets</th><td></td>"
        + "<td>1 failed</td><td class=\"num\">52</td><td>1 in error</td><td>1 in error</td>"
        + "<td>none</td><td>none</td><td>none</td><td>1 in warning</td></tr></tfoot>"), html);
  }

  @Test
  void links_every_cell_to_an_anchor_that_exists() throws Exception {
    for (GateReport report : List.of(RequirementCatalogSamples.report(),
        RequirementCatalogSamples.fleet(3))) {
      String html = render(report);
      List<String> anchors = all(html, "<a href=\"#([^\"]+)\"");
      assertTrue(anchors.size() > 10, html);
      for (String anchor : anchors) {
        assertTrue(html.contains("id=\"" + anchor + "\""), "missing anchor " + anchor);
      }
    }
    String html = render(RequirementCatalogSamples.report());
    assertTrue(html.contains("<td class=\"cell s-error\"><a href=\"#t-overlays-production"
        + "--perf\">error <small>1 error</small></a></td>"), html);
    assertTrue(html.contains("<td class=\"cell s-pass\"><a href=\"#t-overlays-kind\">pass</a>"));
  }

  @Test
  void lists_each_finding_once_and_each_target_refers_to_it_by_number() throws Exception {
    String html = render(RequirementCatalogSamples.report());
    assertTrue(html.contains("<h2 id=\"findings\">Findings (4)</h2>\n"
        + "<div class=\"finding\" id=\"f1\"><span class=\"id\">F1</span> <span "
        + "class=\"sev-warning\">warning</span> <span class=\"loc\">"
        + "base/grafana/grafana-deployment.yaml:21</span> [images.pinned] Deployment/grafana: "
        + "image grafana/grafana:latest is not pinned\n"
        + "<div class=\"hint\">Fix: pin a version tag or digest</div>\n"
        + "<div class=\"targets\">1 target: overlays/kind</div>\n</div>\n"), html);
    assertTrue(html.contains("<div class=\"finding\" id=\"f2\"><span class=\"id\">F2</span> "
        + "<span class=\"sev-error\">error</span> <span class=\"loc\">overlays/production/"
        + "prometheus-retention.yaml:9</span> [prometheus.retention] (PERF-1) Prometheus/main: "),
        html);
    assertTrue(html.contains("<span class=\"sev-waived\">error (waived)</span>"));
    assertTrue(html.contains("<div class=\"hint\">Waived: single replica until the shared "
        + "database lands (team-observability, expires 2026-12-31)</div>"));
    assertTrue(html.contains("<div id=\"t-overlays-production--perf\"><h4>PERF: Performance — "
        + "<span class=\"s-error\">error</span></h4>\n<ul>\n<li>PERF-1 (fail): Retention of 15 "
        + "days. — <a href=\"#f2\">F2</a></li>\n</ul></div>"), html);
    assertTrue(html.contains("<li>CL-6 (fail): Every service is monitored. — <a href=\"#f4\">F4"
        + "</a></li>"), html);
    assertTrue(html.contains("<section id=\"run\">\n<h2>About the run</h2>\n<div class="
        + "\"finding\"><span class=\"sev-warning\">warning</span> <span class=\"loc\">"
        + "policies/waivers.yaml:12</span> [policy.waiver-unused] waiver for"), html);
  }

  @Test
  void stays_small_with_a_row_per_target_and_a_shared_finding_once_for_100_clusters()
      throws Exception {
    String html = render(RequirementCatalogSamples.fleet(100));
    assertTrue(html.length() < 150_000, "length " + html.length());
    List<String> rows = rows(html);
    assertEquals(100, rows.size());
    assertTrue(rows.get(99).startsWith("<tr><th scope=\"row\"><a href=\"#t-clusters-prod-100\">"
        + "clusters/prod-100</a></th><td>production</td>"), rows.get(99));
    for (String row : rows) {
      assertEquals("s-error error 1 error", cells(row).get(1), row);
    }
    assertEquals(1, all(html, "(prometheus-retention\\.yaml:9)").size(), "shown once");
    assertTrue(html.contains("<h2 id=\"findings\">Findings (1)</h2>"));
    StringBuilder names = new StringBuilder();
    for (int i = 1; i <= 100; i++) {
      names.append(i == 1 ? "" : ", ").append("clusters/prod-").append(i);
    }
    assertTrue(html.contains("<details class=\"targets\"><summary>100 targets: clusters/prod-1, "
        + "clusters/prod-2, clusters/prod-3, clusters/prod-4, clusters/prod-5 and 95 more"
        + "</summary>" + names + "</details>"), html);
    assertEquals(100, all(html, "(<a href=\"#f1\">F1</a>)").size(), "each target refers to it");
    assertTrue(html.contains("<td>100 in error</td>"), "the footer counts the column");
    assertTrue(html.contains("<h3>clusters/prod-7 — failed</h3>\n<p>profile production · "
        + "42 objects · 1 error · 0 warnings · 0 waived</p>"), html);
  }

  @Test
  void names_the_commit_the_start_and_the_profile_of_each_target() throws Exception {
    GateReport report = RequirementCatalogSamples.report().withRun(new GateReport.RunInfo(
        "0123456789abcdef0123456789abcdef01234567", Instant.parse("2026-03-04T05:06:07.890Z")));
    String html = render(report);
    assertTrue(html.contains("<dl class=\"run\">\n"
        + "<dt>Commit</dt><dd><code>0123456789abcdef0123456789abcdef01234567</code></dd>\n"
        + "<dt>Run started</dt><dd>2026-03-04T05:06:07Z</dd>\n"
        + "<dt>Profiles</dt><dd>kind (1 target), production (1 target)</dd>\n</dl>\n"), html);
    assertTrue(html.contains("<h3>overlays/production — failed</h3>\n<p>profile production · "
        + "42 objects · 2 errors · 0 warnings · 1 waived</p>"), html);
    String unknown = render(RequirementCatalogSamples.clean());
    assertTrue(unknown.contains("<dt>Commit</dt><dd>unknown</dd>\n"
        + "<dt>Run started</dt><dd>unknown</dd>\n"), unknown);
  }

  @Test
  void escapes_every_text_that_comes_from_the_run() throws Exception {
    String id = "clusters/<b>&\"x\"";
    GateReport report = new GateReport(List.of(new TargetReport(
            new Target(id, Target.Kind.CLUSTER, Path.of("/repo/clusters/x")), "prod<i>", 1,
            List.of(RequirementCatalogSamples.retention()))),
        List.of(), Duration.ZERO)
        .withRun(new GateReport.RunInfo("<script>", null));
    StringWriter out = new StringWriter();
    new HtmlReport(RequirementCatalogSamples.catalog()).withNotes(List.of("note <u>"))
        .write(report, out);
    String html = out.toString();
    for (String raw : List.of("<b>", "<i>", "<u>", "<script>", "<short>", "\"x\"")) {
      assertFalse(html.contains(raw), raw + " is escaped");
    }
    assertTrue(html.contains("clusters/&lt;b&gt;&amp;&quot;x&quot;</a></th><td>prod&lt;i&gt;"),
        html);
    assertTrue(html.contains("<code>&lt;script&gt;</code>"));
    assertTrue(html.contains("retention is &quot;7d&quot; &lt;short&gt; &amp; below the guide"));
    assertTrue(html.contains("<p class=\"note\">note &lt;u&gt;</p>"));
    assertTrue(html.contains("<section id=\"t-clusters--b---x-\">"), "anchors are slugs");
  }

  @Test
  void says_the_gate_passed_when_the_run_is_clean() throws Exception {
    String html = render(RequirementCatalogSamples.clean());
    assertTrue(html.contains("<span class=\"verdict ok\">Gate passed</span> 1 of 1 targets "
        + "passed · 0 errors"), html);
    assertTrue(html.contains("<h2 id=\"findings\">Findings (0)</h2>\n<p>No findings.</p>"));
    assertTrue(html.contains("</p>\n<p>No findings.</p>\n</section>"), "in the target too");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " => ", value = {
    "<b onclick='x'>&\" => &lt;b onclick=&#39;x&#39;&gt;&amp;&quot;",
  })
  void escapes_markup(String text, String escaped) {
    assertEquals(escaped, HtmlReport.escape(text));
  }
}
