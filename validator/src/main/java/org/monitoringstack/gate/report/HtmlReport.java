package org.monitoringstack.gate.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.GateReport;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.TargetReport;
import org.monitoringstack.gate.report.RequirementCatalog.Requirement;
import org.monitoringstack.gate.report.RequirementCatalog.Status;

/**
 * One self-contained HTML page (inline CSS, no scripts, no external assets): the readiness
 * matrix with requirements as rows (checklist items first) and targets as columns, each cell
 * coloured by its status and linking to the findings behind it, followed by those findings per
 * target and requirement. Every text is HTML-escaped.
 */
public final class HtmlReport implements ReportWriter {

  private static final String CSS = """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;\
      color:#1f2328;background:#fff}
      h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin-top:2rem}\
      h3{font-size:1.1rem;margin:1.5rem 0 .25rem;padding-bottom:.2rem;\
      border-bottom:1px solid #d0d7de}
      h4{font-size:.95rem;margin:.9rem 0 .2rem}
      .summary{font-size:1.05rem;margin:.25rem 0 1rem}
      .verdict{font-weight:700;padding:.1rem .5rem;border-radius:.25rem}
      .verdict.ok{background:#dafbe1;color:#116329}.verdict.bad{background:#ffebe9;color:#a40e26}
      table{border-collapse:collapse}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;\
      text-align:left;vertical-align:top}
      th{background:#f6f8fa}th.req{white-space:nowrap}td.stmt{max-width:32rem;color:#57606a}
      td.cell{text-align:center;white-space:nowrap;font-weight:600}
      td.cell a{color:inherit;text-decoration:none;display:block}
      .pass{background:#dafbe1;color:#116329}.fail{background:#ffc1c0;color:#82071e}
      .waived{background:#fff1b8;color:#7d4e00}.manual{background:#ddf4ff;color:#0a3069}
      .na{background:#f6f8fa;color:#8c959f}
      .legend span{display:inline-block;padding:.1rem .6rem;margin-right:.4rem;\
      border-radius:.25rem}
      .finding{margin:.2rem 0 .2rem 1rem}.loc{font-family:ui-monospace,monospace}
      .sev-error{color:#a40e26;font-weight:600}.sev-warning{color:#7d4e00}\
      .sev-info{color:#57606a}.sev-waived{color:#7d4e00;font-weight:600}
      .hint{color:#57606a}.note{color:#57606a;margin:.1rem 0}
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
    StringBuilder h = new StringBuilder();
    List<Requirement> rows = catalog.checklistOrder();
    List<TargetReport> targets = report.targets();
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>Production readiness</title>\n<style>\n").append(CSS)
        .append("</style>\n</head>\n<body>\n");
    h.append("<h1>Production readiness</h1>\n<p class=\"summary\"><span class=\"verdict ")
        .append(report.passed() ? "ok\">Gate passed" : "bad\">Gate failed").append("</span> ")
        .append(targets.stream().filter(TargetReport::passed).count()).append(" of ")
        .append(targets.size()).append(" targets passed · ")
        .append(report.count(Severity.ERROR)).append(" errors · ")
        .append(report.count(Severity.WARNING)).append(" warnings · ")
        .append(report.waived()).append(" waived · ")
        .append(report.resources()).append(" objects · ")
        .append(String.format(Locale.ROOT, "%.1f s", report.elapsed().toMillis() / 1000.0))
        .append("</p>\n");
    for (String note : notes) {
      h.append("<p class=\"note\">").append(escape(note)).append("</p>\n");
    }
    h.append("<p class=\"legend\">");
    for (Status s : Status.values()) {
      h.append("<span class=\"").append(css(s)).append("\">").append(s.label())
          .append("</span>");
    }
    h.append("</p>\n");

    h.append("<table class=\"matrix\">\n<thead><tr><th>Requirement</th><th>Statement</th>");
    for (TargetReport t : targets) {
      h.append("<th scope=\"col\"><a href=\"#").append(targetAnchor(t)).append("\">")
          .append(escape(t.target().id())).append("</a><br><small>")
          .append(t.profile().isEmpty() ? "no profile" : escape(t.profile()))
          .append(" · <span class=\"").append(t.passed() ? "pass\">passed" : "fail\">failed")
          .append("</span></small></th>");
    }
    h.append("</tr></thead>\n<tbody>\n");
    for (Requirement r : rows) {
      h.append("<tr><th scope=\"row\" class=\"req\">").append(escape(r.id()))
          .append("</th><td class=\"stmt\">").append(escape(r.statement())).append("</td>");
      for (TargetReport t : targets) {
        Status status = catalog.status(r, t);
        int count = catalog.findingsFor(r, t).size();
        h.append("<td class=\"cell ").append(css(status)).append("\" title=\"")
            .append(escape(r.id() + " in " + t.target().id() + ": " + status.label()))
            .append("\"><a href=\"#").append(count > 0 ? cellAnchor(t, r) : targetAnchor(t))
            .append("\">").append(status.label());
        if (count > 0) {
          h.append(" (").append(count).append(')');
        }
        h.append("</a></td>");
      }
      h.append("</tr>\n");
    }
    h.append("<tr><th scope=\"row\" class=\"req\">").append(RequirementCatalog.OTHER_ROW)
        .append("</th><td class=\"stmt\">").append(escape(RequirementCatalog.OTHER_STATEMENT))
        .append("</td>");
    for (TargetReport t : targets) {
      Status status = catalog.otherStatus(t);
      int count = catalog.uncoveredFindings(t).size();
      h.append("<td class=\"cell ").append(css(status)).append("\" title=\"")
          .append(escape(RequirementCatalog.OTHER_ROW + " in " + t.target().id() + ": "
              + status.label()))
          .append("\"><a href=\"#").append(targetAnchor(t)).append(count > 0 ? "-other" : "")
          .append("\">").append(status.label());
      if (count > 0) {
        h.append(" (").append(count).append(')');
      }
      h.append("</a></td>");
    }
    h.append("</tr>\n");
    h.append("</tbody>\n</table>\n");

    h.append("<h2>Findings</h2>\n");
    for (TargetReport t : targets) {
      h.append("<section id=\"").append(targetAnchor(t)).append("\">\n<h3>")
          .append(escape(t.target().id())).append(" — ")
          .append(t.passed() ? "passed" : "failed").append(" (")
          .append(t.resources()).append(" objects)</h3>\n");
      if (t.findings().isEmpty()) {
        h.append("<p>No findings.</p>\n");
      }
      for (Requirement r : rows) {
        List<Finding> findings = catalog.findingsFor(r, t);
        if (findings.isEmpty()) {
          continue;
        }
        h.append("<div id=\"").append(cellAnchor(t, r)).append("\"><h4>")
            .append(escape(r.id())).append(": ").append(escape(r.statement()))
            .append(" — <span class=\"").append(css(catalog.status(r, t))).append("\">")
            .append(catalog.status(r, t).label()).append("</span></h4>\n");
        findings.forEach(f -> finding(h, f));
        h.append("</div>\n");
      }
      List<Finding> other = catalog.uncoveredFindings(t);
      if (!other.isEmpty()) {
        h.append("<div id=\"").append(targetAnchor(t)).append("-other\"><h4>")
            .append(RequirementCatalog.OTHER_ROW).append(": ")
            .append(escape(RequirementCatalog.OTHER_STATEMENT)).append(" — <span class=\"")
            .append(css(catalog.otherStatus(t))).append("\">")
            .append(catalog.otherStatus(t).label()).append("</span></h4>\n");
        other.forEach(f -> finding(h, f));
        h.append("</div>\n");
      }
      h.append("</section>\n");
    }
    if (!report.runFindings().isEmpty()) {
      h.append("<section id=\"run\">\n<h3>About the run</h3>\n");
      report.runFindings().forEach(f -> finding(h, f));
      h.append("</section>\n");
    }
    h.append("</body>\n</html>\n");
    out.write(h.toString());
  }

  private static void finding(StringBuilder h, Finding f) {
    h.append("<p class=\"finding\"><span class=\"sev-")
        .append(f.isWaived() ? "waived" : f.severity().label())
        .append("\">").append(f.severity().label()).append(f.isWaived() ? " (waived)" : "")
        .append("</span> <span class=\"loc\">").append(escape(f.location().toString()))
        .append("</span> [").append(escape(f.check())).append("] ");
    if (!f.object().display().equals("-")) {
      h.append(escape(f.object().display())).append(": ");
    }
    h.append(escape(f.message()));
    if (!f.hint().isEmpty()) {
      h.append("<br><span class=\"hint\">Fix: ").append(escape(f.hint())).append("</span>");
    }
    f.waiverIfAny().ifPresent(w -> h.append("<br><span class=\"hint\">Waived: ")
        .append(escape(w.reason())).append(" (").append(escape(w.owner()))
        .append(", expires ").append(w.expires()).append(")</span>"));
    h.append("</p>\n");
  }

  static String css(Status status) {
    return status == Status.NOT_APPLICABLE ? "na" : status.label();
  }

  static String targetAnchor(TargetReport t) {
    return "t-" + slug(t.target().id());
  }

  static String cellAnchor(TargetReport t, Requirement r) {
    return targetAnchor(t) + "--" + slug(r.id());
  }

  /** An anchor-safe form of a path or ID: letters, digits and dashes. */
  static String slug(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      out.append(Character.isLetterOrDigit(c) && c < 128 ? Character.toLowerCase(c) : '-');
    }
    return out.toString();
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
