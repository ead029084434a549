package org.monitoringstack.gate.report;

import static org.monitoringstack.gate.report.TextReport.plural;

import java.io.IOException;
import java.io.Writer;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.GateReport;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.TargetReport;
import org.monitoringstack.gate.report.RequirementCatalog.Row;
import org.monitoringstack.gate.report.RequirementCatalog.Status;

/**
 * One self-contained HTML page (inline CSS, no scripts, no external assets) that stays readable
 * for a fleet: the run (verdict, commit, start, profiles), then the fleet table with one row per
 * target and one column per requirement area ({@link RequirementCatalog#areas}: {@code CL},
 * {@code SEC}, {@code HA}, ..., {@code Other}), each cell a {@link State} shown by colour and by
 * its label, with its counts and a link to the target's findings in that area. Then every finding
 * once ({@link FindingGroup}, numbered {@code F1}, {@code F2}, ...) with the targets it affects,
 * then per target the requirements its findings bear on, referring to those numbers. Every text
 * is HTML-escaped.
 */
public final class HtmlReport implements ReportWriter {

  /** Targets a finding names before the full list is folded into a {@code <details>} block. */
  static final int FINDING_TARGETS = 5;

  /** The state of one requirement area in one target, as a fleet cell shows it. */
  enum State {
    /** An unwaived error bears on one of the area's requirements. */
    ERROR,
    /** No unwaived error, but an unwaived warning. */
    WARNING,
    /** Neither (waived findings and manual requirements included). */
    PASS,
    /** No requirement of the area applies to the target's profile, and nothing was found. */
    NOT_APPLICABLE;

    String label() {
      return this == NOT_APPLICABLE ? "n/a" : name().toLowerCase(Locale.ROOT);
    }

    String css() {
      return this == NOT_APPLICABLE ? "s-na" : "s-" + label();
    }
  }

  /**
   * One area in one target: its rows and their findings, each once. A finding counts wherever
   * it is, also in a requirement the profile does not require (a check the profile runs as a
   * warning): the cell is not applicable only when no row applies and nothing was found.
   */
  record Cell(List<Row> rows, List<Finding> findings) {

    static Cell of(List<Row> rows) {
      return new Cell(rows, rows.stream().flatMap(r -> r.findings().stream()).distinct().toList());
    }

    State state() {
      return count(Finding::blocks) > 0 ? State.ERROR
          : count(f -> f.severity() == Severity.WARNING && !f.isWaived()) > 0 ? State.WARNING
          : rows.stream().allMatch(r -> r.status() == Status.NOT_APPLICABLE)
              ? State.NOT_APPLICABLE : State.PASS;
    }

    long count(Predicate<Finding> which) {
      return findings.stream().filter(which).count();
    }

    /** {@code 2 errors, 1 warning, 1 waived}, leaving out what is zero. */
    String counts() {
      long errors = count(Finding::blocks);
      long warnings = count(f -> f.severity() == Severity.WARNING && !f.isWaived());
      long waived = count(Finding::isWaived);
      return String.join(", ", Stream.of(
              errors > 0 ? plural(errors, "error") : "",
              warnings > 0 ? plural(warnings, "warning") : "",
              waived > 0 ? waived + " waived" : "")
          .filter(s -> !s.isEmpty()).toList());
    }
  }

  private static final String CSS = """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;\
      color:#1f2328;background:#fff}
      h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin-top:2rem}\
      h3{font-size:1.05rem;margin:1.2rem 0 .25rem;padding-bottom:.2rem;\
      border-bottom:1px solid #d0d7de}
      h4{font-size:.95rem;margin:.6rem 0 .2rem}
      .summary{font-size:1.05rem;margin:.25rem 0 .5rem}
      .verdict{font-weight:700;padding:.1rem .5rem;border-radius:.25rem}
      .verdict.ok{background:#dafbe1;color:#116329}.verdict.bad{background:#ffebe9;color:#a40e26}
      dl.run{display:grid;grid-template-columns:max-content auto;gap:.1rem 1rem;margin:.5rem 0}
      dl.run dt{font-weight:600}dl.run dd{margin:0}code,.loc{font-family:ui-monospace,monospace}
      table{border-collapse:collapse}th,td{border:1px solid #d0d7de;padding:.2rem .45rem;\
      text-align:left;vertical-align:top}
      thead th{background:#f6f8fa;position:sticky;top:0}tfoot th,tfoot td{background:#f6f8fa}
      td.num{text-align:right}td.cell{text-align:center;white-space:nowrap;font-weight:600}
      td.cell a{color:inherit;text-decoration:none;display:block}
      td.cell small{display:block;font-weight:400}
      .s-pass{background:#dafbe1;color:#116329}.s-warning{background:#fff1b8;color:#7d4e00}
      .s-error{background:#ffc1c0;color:#82071e}.s-na{background:#f6f8fa;color:#6e7781}
      .legend span{display:inline-block;padding:.1rem .6rem;margin-right:.3rem;\
      border-radius:.25rem;font-weight:600}
      .finding{margin:.4rem 0 .4rem 1rem}.finding .id{font-weight:700}
      .sev-error{color:#a40e26;font-weight:600}.sev-warning{color:#7d4e00;font-weight:600}\
      .sev-info{color:#57606a}.sev-waived{color:#57606a;font-weight:600}
      .hint,.targets,.note{color:#57606a}.note{margin:.1rem 0}
      """;

  private final RequirementCatalog catalog;
  private final List<String> notes;

  public HtmlReport(RequirementCatalog catalog) {
    this(catalog, List.of());
  }

  private HtmlReport(RequirementCatalog catalog, List<String> notes) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.notes = List.copyOf(notes);
  }

  /** The same writer with lines about the run under the summary (render cache, PR scope). */
  public HtmlReport withNotes(List<String> lines) {
    return new HtmlReport(catalog, lines);
  }

  @Override
  public void write(GateReport report, Writer out) throws IOException {
    List<TargetReport> targets = report.targets();
    Map<String, String> areas = catalog.areas();
    Map<TargetReport, Map<String, Cell>> cells = new IdentityHashMap<>();
    for (TargetReport t : targets) {
      Map<String, Cell> row = new LinkedHashMap<>();
      List<Row> readiness = catalog.readiness(t);
      areas.keySet().forEach(a -> row.put(a, Cell.of(
          readiness.stream().filter(r -> r.area().equals(a)).toList())));
      cells.put(t, row);
    }
    List<FindingGroup> groups = FindingGroup.of(targets);
    Map<Finding, Integer> numbers = new HashMap<>();
    for (int i = 0; i < groups.size(); i++) {
      for (Finding f : groups.get(i).findings()) {
        numbers.putIfAbsent(f, i);
      }
    }

    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>Production readiness</title>\n<style>\n").append(CSS)
        .append("</style>\n</head>\n<body>\n");
    head(h, report);
    fleet(h, targets, areas, cells);

    h.append("<h2 id=\"findings\">Findings (").append(groups.size()).append(")</h2>\n");
    if (groups.isEmpty()) {
      h.append("<p>No findings.</p>\n");
    }
    for (int i = 0; i < groups.size(); i++) {
      finding(h, groups.get(i), FindingGroup.number(i));
    }

    h.append("<h2 id=\"targets\">Targets</h2>\n");
    for (TargetReport t : targets) {
      target(h, t, areas, cells.get(t), numbers);
    }
    if (!report.runFindings().isEmpty()) {
      h.append("<section id=\"run\">\n<h2>About the run</h2>\n");
      report.runFindings().forEach(f -> finding(h, FindingGroup.of(f), ""));
      h.append("</section>\n");
    }
    h.append("</body>\n</html>\n");
    out.write(h.toString());
  }

  /** The verdict and totals, the commit, the start and the profiles, the notes, the legend. */
  private void head(StringBuilder h, GateReport report) {
    List<TargetReport> targets = report.targets();
    h.append("<h1>Production readiness</h1>\n<p class=\"summary\"><span class=\"verdict ")
        .append(report.passed() ? "ok\">Gate passed" : "bad\">Gate failed").append("</span> ")
        .append(targets.stream().filter(TargetReport::passed).count()).append(" of ")
        .append(targets.size()).append(" targets passed · ")
        .append(plural(report.count(Severity.ERROR), "error")).append(" · ")
        .append(plural(report.count(Severity.WARNING), "warning")).append(" · ")
        .append(report.waived()).append(" waived · ")
        .append(plural(report.resources(), "object")).append(" · ")
        .append(String.format(Locale.ROOT, "%.1f s", report.elapsed().toMillis() / 1000.0))
        .append("</p>\n");
    GateReport.RunInfo run = report.run();
    Map<String, Integer> profiles = new LinkedHashMap<>();
    targets.forEach(t -> profiles.merge(profile(t), 1, Integer::sum));
    h.append("<dl class=\"run\">\n<dt>Commit</dt><dd>")
        .append(run.revision().isEmpty() ? "unknown"
            : "<code>" + escape(run.revision()) + "</code>")
        .append("</dd>\n<dt>Run started</dt><dd>")
        .append(run.started() == null ? "unknown"
            : DateTimeFormatter.ISO_INSTANT.format(run.started().truncatedTo(ChronoUnit.SECONDS)))
        .append("</dd>\n<dt>Profiles</dt><dd>")
        .append(profiles.isEmpty() ? "none" : profiles.entrySet().stream()
            .map(p -> escape(p.getKey()) + " (" + plural(p.getValue(), "target") + ")")
            .collect(Collectors.joining(", ")))
        .append("</dd>\n</dl>\n");
    for (String note : notes) {
      h.append("<p class=\"note\">").append(escape(note)).append("</p>\n");
    }
    h.append("<p class=\"legend\">Cells: ")
        .append("<span class=\"s-pass\">pass</span> no unwaived error or warning; ")
        .append("<span class=\"s-warning\">warning</span> unwaived warnings, no error; ")
        .append("<span class=\"s-error\">error</span> an unwaived error; ")
        .append("<span class=\"s-na\">n/a</span> not required by the profile, nothing found")
        .append("</p>\n");
  }

  /** The fleet table: a row per target, a column per area, a footer counting each column. */
  private static void fleet(StringBuilder h, List<TargetReport> targets,
      Map<String, String> areas, Map<TargetReport, Map<String, Cell>> cells) {
    h.append("<h2 id=\"fleet\">Fleet</h2>\n<table class=\"fleet\">\n<thead><tr>")
        .append("<th scope=\"col\">Target</th><th scope=\"col\">Profile</th>")
        .append("<th scope=\"col\">Result</th><th scope=\"col\">Objects</th>");
    areas.forEach((area, title) -> h.append("<th scope=\"col\"><abbr title=\"")
        .append(escape(title)).append("\">").append(escape(area)).append("</abbr></th>"));
    h.append("</tr></thead>\n<tbody>\n");
    for (TargetReport t : targets) {
      h.append("<tr><th scope=\"row\"><a href=\"#").append(targetAnchor(t)).append("\">")
          .append(escape(t.target().id())).append("</a></th><td>").append(escape(profile(t)))
          .append("</td><td class=\"cell ")
          .append(t.passed() ? "s-pass\">passed" : "s-error\">failed")
          .append("</td><td class=\"num\">").append(t.resources()).append("</td>");
      cells.get(t).forEach((area, cell) -> {
        String counts = cell.counts();
        h.append("<td class=\"cell ").append(cell.state().css()).append("\"><a href=\"#")
            .append(cell.findings().isEmpty() ? targetAnchor(t) : areaAnchor(t, area))
            .append("\">").append(cell.state().label());
        if (!counts.isEmpty()) {
          h.append(" <small>").append(counts).append("</small>");
        }
        h.append("</a></td>");
      });
      h.append("</tr>\n");
    }
    h.append("</tbody>\n<tfoot><tr><th scope=\"row\">").append(plural(targets.size(), "target"))
        .append("</th><td></td><td>")
        .append(targets.stream().filter(t -> !t.passed()).count()).append(" failed</td>")
        .append("<td class=\"num\">")
        .append(targets.stream().mapToInt(TargetReport::resources).sum()).append("</td>");
    for (String area : areas.keySet()) {
      long errors = targets.stream()
          .filter(t -> cells.get(t).get(area).state() == State.ERROR).count();
      long warnings = targets.stream()
          .filter(t -> cells.get(t).get(area).state() == State.WARNING).count();
      h.append("<td>").append(errors > 0 ? errors + " in error" : "")
          .append(errors > 0 && warnings > 0 ? "<br>" : "")
          .append(warnings > 0 ? warnings + " in warning" : "")
          .append(errors + warnings == 0 ? "none" : "").append("</td>");
    }
    h.append("</tr></tfoot>\n</table>\n");
  }

  /** A target's section: per area with findings, its requirements and their findings' numbers. */
  private static void target(StringBuilder h, TargetReport t, Map<String, String> areas,
      Map<String, Cell> cells, Map<Finding, Integer> numbers) {
    h.append("<section id=\"").append(targetAnchor(t)).append("\">\n<h3>")
        .append(escape(t.target().id())).append(" — ").append(t.passed() ? "passed" : "failed")
        .append("</h3>\n<p>profile ").append(escape(profile(t))).append(" · ")
        .append(plural(t.resources(), "object")).append(" · ")
        .append(plural(t.count(Severity.ERROR), "error")).append(" · ")
        .append(plural(t.count(Severity.WARNING), "warning")).append(" · ")
        .append(t.waived()).append(" waived</p>\n");
    if (t.findings().isEmpty()) {
      h.append("<p>No findings.</p>\n");
    }
    cells.forEach((area, cell) -> {
      if (cell.findings().isEmpty()) {
        return;
      }
      h.append("<div id=\"").append(areaAnchor(t, area)).append("\"><h4>").append(escape(area))
          .append(": ").append(escape(areas.get(area))).append(" — <span class=\"")
          .append(cell.state().css()).append("\">").append(cell.state().label())
          .append("</span></h4>\n<ul>\n");
      for (Row r : cell.rows()) {
        if (r.findings().isEmpty()) {
          continue;
        }
        h.append("<li>").append(escape(r.id())).append(" (").append(r.status().label())
            .append("): ").append(escape(r.statement())).append(" — ")
            .append(r.findings().stream().map(numbers::get).distinct().sorted()
                .map(FindingGroup::number)
                .map(n -> "<a href=\"#" + slug(n) + "\">" + n + "</a>")
                .collect(Collectors.joining(", ")))
            .append("</li>\n");
      }
      h.append("</ul></div>\n");
    });
    h.append("</section>\n");
  }

  /**
   * A finding once, with its number and its targets ({@code number} empty: a finding about the
   * run, shown without either).
   */
  private static void finding(StringBuilder h, FindingGroup g, String number) {
    Finding f = g.finding();
    h.append("<div class=\"finding\"").append(number.isEmpty() ? ">"
        : " id=\"" + slug(number) + "\"><span class=\"id\">" + number + "</span> ");
    h.append("<span class=\"sev-").append(f.isWaived() ? "waived" : f.severity().label())
        .append("\">").append(f.severity().label()).append(f.isWaived() ? " (waived)" : "")
        .append("</span> <span class=\"loc\">").append(escape(f.location().toString()))
        .append("</span> [").append(escape(f.check())).append(']');
    if (!f.requirement().isEmpty()) {
      h.append(" (").append(escape(f.requirement())).append(')');
    }
    h.append(' ')
        .append(f.object().display().equals("-") ? "" : escape(f.object().display()) + ": ")
        .append(escape(f.message())).append('\n');
    if (!f.hint().isEmpty()) {
      h.append("<div class=\"hint\">Fix: ").append(escape(f.hint())).append("</div>\n");
    }
    f.waiverIfAny().ifPresent(w -> h.append("<div class=\"hint\">Waived: ")
        .append(escape(w.reason())).append(" (").append(escape(w.owner()))
        .append(", expires ").append(w.expires()).append(")</div>\n"));
    if (!number.isEmpty()) {
      List<String> all = g.targets();
      String named = escape(plural(all.size(), "target") + ": " + g.targetList(FINDING_TARGETS));
      h.append(all.size() <= FINDING_TARGETS ? "<div class=\"targets\">" + named + "</div>\n"
          : "<details class=\"targets\"><summary>" + named + "</summary>"
              + escape(String.join(", ", all)) + "</details>\n");
    }
    h.append("</div>\n");
  }

  private static String profile(TargetReport t) {
    return t.profile().isEmpty() ? "no profile" : t.profile();
  }

  static String targetAnchor(TargetReport t) {
    return "t-" + slug(t.target().id());
  }

  static String areaAnchor(TargetReport t, String area) {
    return targetAnchor(t) + "--" + slug(area);
  }

  /** An anchor-safe form of a path or ID: letters, digits and dashes. */
  static String slug(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      out.append(Character.isLetterOrDigit(c) && c < 128 ? Character.toLowerCase(c) : '-');
    }
    return out.toString();
  }

  /** Text safe in HTML content and attributes ({@code &} first, as it starts the others). */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;").replace("'", "&#39;");
  }
}
