package org.monitoringstack.gate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.GateReport;
import org.monitoringstack.gate.model.Target;
import org.monitoringstack.gate.model.TargetReport;

class MarkdownReportTest {

  static String render(GateReport report) throws Exception {
    StringWriter out = new StringWriter();
    new MarkdownReport(RequirementCatalogSamples.catalog()).write(report, out);
    return out.toString();
  }

  /** The part of the comment about one target, up to the next heading. */
  static String section(String md, String heading) {
    int start = md.indexOf(heading);
    assertTrue(start >= 0, "no heading " + heading + " in\n" + md);
    int end = md.indexOf("\n### ", start + 1);
    return md.substring(start, end < 0 ? md.length() : end);
  }

  @Test
  void starts_with_a_summary_line_when_a_target_fails() throws Exception {
    String md = render(RequirementCatalogSamples.report());
    assertTrue(md.startsWith("## Policy gate: ❌ failed — 1 of 2 targets passed\n\n"
        + "2 errors, 2 warnings, 1 waived · 52 objects rendered · 1.5 s\n"), md);
  }

  @Test
  void adds_notes_about_the_run_under_the_summary() throws Exception {
    StringWriter out = new StringWriter();
    new MarkdownReport(RequirementCatalogSamples.catalog())
        .withNotes(List.of("render cache: 2 hits, 0 misses", "changed since origin/main: 1 of 2"))
        .write(RequirementCatalogSamples.clean(), out);
    assertTrue(out.toString().contains("0.2 s\n\nrender cache: 2 hits, 0 misses\n\n"
        + "changed since origin/main: 1 of 2\n\n### "), out.toString());
  }

  @Test
  void says_passed_when_the_run_is_clean() throws Exception {
    String md = render(RequirementCatalogSamples.clean());
    assertTrue(md.startsWith("## Policy gate: ✅ passed — 1 of 1 target passed\n\n"
        + "0 errors, 0 warnings, 0 waived · 10 objects rendered · 0.2 s\n"), md);
    assertTrue(md.contains("No findings.\n"));
  }

  @Test
  void lists_the_checklist_items_first_with_their_status_when_a_target_fails()
      throws Exception {
    String prod = section(render(RequirementCatalogSamples.report()),
        "### ❌ overlays/production failed (profile production, 42 objects)");
    assertTrue(prod.contains("<details><summary>Readiness checklist: 3 pass · 2 fail · "
        + "1 waived · 1 manual · 0 n/a — failing: CL-6, PERF-1</summary>"), prod);
    List<String> rows = prod.lines().filter(l -> l.matches("\\| ([A-Z]+-\\d+|Other) .*")).toList();
    assertEquals(List.of(
        "| CL-2 | ✅ pass | Resource requests and limits set. |",
        "| CL-6 | ❌ fail | Every service is monitored. |",
        "| PERF-1 | ❌ fail | Retention of 15 days. |",
        "| HA-5 | ⚠️ waived | Several Grafana instances. |",
        "| RES-7 | ✅ pass | Every container has requests and limits. |",
        "| NET-1 | 📝 manual | Bandwidth of at least 100Mbps. <br>*Manual:* Confirm the node "
            + "network provides at least 100Mbps. |",
        "| Other | ✅ pass | Rendering, schema validity and the checks not tied to one "
            + "requirement. |"), rows);
  }

  @Test
  void shows_not_applicable_when_the_profile_does_not_require_it() throws Exception {
    String kind = section(render(RequirementCatalogSamples.report()),
        "### ✅ overlays/kind passed (profile kind, 10 objects)");
    assertTrue(kind.contains("| PERF-1 | ➖ n/a | Retention of 15 days. |"), kind);
    assertTrue(kind.contains("Readiness checklist: 4 pass · 0 fail · 0 waived · 1 manual · "
        + "2 n/a</summary>"), kind);
  }

  @Test
  void fails_the_other_row_when_a_finding_is_tied_to_no_requirement() throws Exception {
    GateReport report = new GateReport(List.of(new TargetReport(
        RequirementCatalogSamples.passing().target(), "kind", 3,
        List.of(RequirementCatalogSamples.unpinnedImage().withSeverity(
            org.monitoringstack.gate.model.Severity.ERROR)))), List.of(), Duration.ZERO);
    String md = render(report);
    assertTrue(md.contains("| Other | ❌ fail | Rendering, schema validity"), md);
    assertTrue(md.contains("— failing: Other</summary>"), md);
  }

  @Test
  void lists_the_findings_with_location_check_message_hint_and_targets() throws Exception {
    String findings = section(render(RequirementCatalogSamples.report()), "### Findings");
    assertTrue(findings.contains("**Findings (4)**\n\n"
        + "| # | Severity | Location | Check | Message | Hint | Targets |\n"
        + "|---|---|---|---|---|---|---|\n"), findings);
    assertTrue(findings.contains("| F2 | error | overlays/production/prometheus-retention.yaml:9 | "
        + "prometheus.retention (PERF-1) | Prometheus/main: retention is \"7d\" &lt;short&gt; "
        + "&amp; below the guide, expected \"15d\" | set spec.retention: 15d | "
        + "overlays/production |\n"), findings);
    assertTrue(findings.contains("| F3 | error (waived) | base/grafana/grafana-deployment.yaml:8 | "
        + "ha.grafana-replicas (HA-5) | Deployment/grafana: replicas is 1, expected at least 2 "
        + "<br>*Waived:* single replica until the shared database lands (team-observability, "
        + "expires 2026-12-31) | set spec.replicas: 2 with a shared database | "
        + "overlays/production |\n"), findings);
    assertTrue(findings.contains("| F4 | error | - | monitoring.coverage (CL-6) | Service "
        + "kube-state-metrics is not scraped by any monitor |  | overlays/production |\n"),
        findings);
    assertFalse(findings.contains("findings</summary>"));
  }

  @Test
  void lists_the_numbers_of_its_findings_in_each_target_section() throws Exception {
    String md = render(RequirementCatalogSamples.report());
    assertTrue(section(md, "### ❌ overlays/production").endsWith("</details>\n\n"
        + "**Findings (3):** F2, F3, F4\n"), md);
    assertTrue(section(md, "### ✅ overlays/kind").endsWith("**Findings (1):** F1\n"), md);
  }

  @Test
  void lists_a_finding_once_with_its_targets_when_many_targets_share_it() throws Exception {
    String md = render(RequirementCatalogSamples.fleet(100));
    assertTrue(md.length() <= MarkdownReport.DEFAULT_MAX_CHARS, "length " + md.length());
    assertEquals(1, md.lines().filter(l -> l.contains("prometheus-retention.yaml:9")).count(),
        md);
    assertTrue(md.contains("**Findings (1)**\n"), md);
    assertTrue(md.contains(" | set spec.retention: 15d | clusters/prod-1, clusters/prod-2, "
        + "clusters/prod-3, clusters/prod-4, clusters/prod-5 and 95 more |\n"), md);
    assertTrue(md.contains("### ❌ clusters/prod-1 failed"), md);
  }

  @Test
  void lists_every_target_with_its_verdict_counts_and_findings_rows_in_the_targets_table()
      throws Exception {
    String table = section(render(RequirementCatalogSamples.report()), "### Targets");
    assertTrue(table.contains("| | Target | Profile | Objects | Errors | Warnings | Findings |\n"
        + "|---|---|---|---|---|---|---|\n"), table);
    assertTrue(table.contains("| ✅ | overlays/kind | kind | "), table);
    assertTrue(table.contains("| ❌ | overlays/production | production | "), table);
    assertTrue(table.contains(" | F2, F3, F4 |\n"), table);
  }

  /** {@code size} clusters; the first {@code failing} carry the retention error. */
  private static GateReport fleetWithFailures(int size, int failing) {
    List<TargetReport> fleet = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      String id = "clusters/prod-" + i;
      Finding shared = RequirementCatalogSamples.retention();
      fleet.add(new TargetReport(new Target(id, Target.Kind.CLUSTER, Path.of("/repo", id)),
          "production", 42, i <= failing ? List.of(new Finding(shared.check(), shared.severity(),
              shared.requirement(), id, shared.object(), shared.location(), shared.message(),
              shared.hint(), null)) : List.of()));
    }
    return new GateReport(fleet, List.of(), Duration.ZERO);
  }

  @Test
  void keeps_the_failing_targets_checklists_and_says_how_many_are_left_out_when_too_long()
      throws Exception {
    GateReport report = fleetWithFailures(100, 3);
    String full = render(report);
    int oneSection = section(full, "### ✅ clusters/prod-50 passed").length();
    int limit = full.length() - 50 * oneSection;
    StringWriter out = new StringWriter();
    new MarkdownReport(RequirementCatalogSamples.catalog(), limit).write(report, out);
    String md = out.toString();

    assertTrue(md.length() <= limit, md.length() + " > " + limit);
    for (int i = 1; i <= 3; i++) {
      assertTrue(md.contains("### ❌ clusters/prod-" + i + " failed"), "failing " + i);
    }
    long clean = md.lines().filter(l -> l.startsWith("### ✅ clusters/prod-")).count();
    assertTrue(clean > 0 && clean < 97, "clean sections kept: " + clean);
    assertTrue(md.contains("\n_The readiness checklists of " + (97 - clean) + " more targets are"
        + " left out to stay under GitHub's 65,536-character comment limit. Every target is in"
        + " the Targets table above; the HTML report (`--format html`) shows each one in"
        + " full._\n"), md.substring(md.length() - 600));
    assertEquals(100, md.lines().filter(l -> l.matches("\\| [✅❌] \\| clusters/prod-\\d+ .*"))
        .count());
    assertTrue(md.contains("<details open><summary>100 targets, 3 failing</summary>"), md);
  }

  @Test
  void names_the_failing_targets_left_out_when_even_their_checklists_do_not_fit()
      throws Exception {
    GateReport report = fleetWithFailures(40, 40);
    String full = render(report);
    int limit = full.length() / 2;
    StringWriter out = new StringWriter();
    new MarkdownReport(RequirementCatalogSamples.catalog(), limit).write(report, out);
    String md = out.toString();
    assertTrue(md.length() <= limit, md.length() + " > " + limit);
    long kept = md.lines().filter(l -> l.startsWith("### ❌ clusters/prod-")).count();
    assertTrue(kept > 0 && kept < 40, "kept " + kept);
    assertTrue(md.contains("_The readiness checklists of " + (40 - kept) + " more targets ("
        + (40 - kept) + " failing) are left out"), md.substring(md.length() - 600));
  }

  @Test
  void lists_the_run_findings_in_their_own_section() throws Exception {
    String run = section(render(RequirementCatalogSamples.report()), "### Run");
    assertTrue(run.contains("| warning | policies/waivers.yaml:12 | policy.waiver-unused | "
        + "waiver for tls.web on overlays/production matches no finding | remove the waiver |"),
        run);
  }

  @Test
  void folds_the_findings_when_there_are_many() throws Exception {
    List<Finding> many = new ArrayList<>();
    for (int i = 0; i < MarkdownReport.FOLD_AFTER + 1; i++) {
      many.add(retentionAtLine(100 + i));
    }
    GateReport report = new GateReport(List.of(new TargetReport(new Target(
        RequirementCatalogSamples.PROD, Target.Kind.OVERLAY, Path.of("/repo/x")), "production",
        1, many)), List.of(), Duration.ZERO);
    String md = render(report);
    String findings = section(md, "### Findings");
    assertTrue(findings.contains("<details><summary>11 findings</summary>\n\n| # | Severity |"),
        md);
    assertTrue(findings.endsWith("\n</details>\n"), md);
  }

  /** The retention finding at another line: a finding of its own. */
  private static Finding retentionAtLine(int line) {
    Finding f = RequirementCatalogSamples.retention();
    return new Finding(f.check(), f.severity(), f.requirement(), f.target(), f.object(),
        f.location().withLine(line), f.message(), f.hint(), null);
  }

  private static GateReport manyFindings(int count) {
    List<Finding> many = new ArrayList<>();
    many.add(RequirementCatalogSamples.unpinnedImage());
    for (int i = 0; i < count; i++) {
      many.add(retentionAtLine(100 + i));
    }
    return new GateReport(List.of(new TargetReport(new Target(
        RequirementCatalogSamples.PROD, Target.Kind.OVERLAY, Path.of("/repo/x")), "production",
        1, many)), List.of(), Duration.ZERO);
  }

  @Test
  void shows_the_blocking_findings_first_and_counts_the_rest_when_the_comment_is_too_long()
      throws Exception {
    StringWriter out = new StringWriter();
    new MarkdownReport(RequirementCatalogSamples.catalog(), 6000).write(manyFindings(30), out);
    String md = out.toString();
    assertTrue(md.length() <= 6000, "length " + md.length());
    assertTrue(md.contains("<details><summary>31 findings</summary>"), md);
    assertEquals(20, md.lines().filter(l -> l.matches("\\| F\\d+ \\| error \\|.*")).count());
    assertFalse(md.contains("images.pinned"), "the warning is cut before the errors");
    assertTrue(md.contains("| | | | | 11 more: see the JUnit and SARIF reports | | |\n"), md);
  }

  @Test
  void cuts_the_text_with_a_note_when_even_the_checklist_does_not_fit() throws Exception {
    StringWriter out = new StringWriter();
    new MarkdownReport(RequirementCatalogSamples.catalog(), 400).write(manyFindings(3), out);
    String md = out.toString();
    assertEquals(400, md.length());
    assertTrue(md.endsWith("_(cut: the comment is too long; the JUnit and SARIF reports have "
        + "everything)_\n"), md);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " => ", value = {
    "a|b => a\\|b",
    "<script> => &lt;script&gt;",
    "*bold* `code` => \\*bold\\* \\`code\\`",
    "[link](x) => \\[link\\](x)",
  })
  void escapes_markup_when_text_comes_from_a_finding(String text, String escaped) {
    assertEquals(escaped, MarkdownReport.escape(text));
  }
}
