package org.monitoringstack.gate.report;

import java.io.IOException;
import java.io.Writer;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.GateReport;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.TargetReport;
import org.monitoringstack.gate.report.RequirementCatalog.Requirement;
import org.monitoringstack.gate.report.RequirementCatalog.Status;

/**
 * A pull-request comment: a summary line, then for each target the guide's production-readiness
 * checklist (CL-1..10 first, then every requirement) with its status, then the target's findings.
 * The checklist is always folded into a {@code <details>} block (it has one row per requirement);
 * a findings table is folded when it has more than {@value #FOLD_AFTER} rows. Every text that
 * comes from a finding is escaped, so a message cannot break the table or inject markup.
 */
public final class MarkdownReport implements ReportWriter {

  /** Findings tables longer than this are folded. */
  static final int FOLD_AFTER = 10;

  /** A pull-request comment holds at most 65536 characters; stay below with some margin. */
  public static final int DEFAULT_MAX_CHARS = 60_000;

  /** Findings shown per target when the whole comment does not fit, tried in order. */
  private static final int[] FINDING_LIMITS = {Integer.MAX_VALUE, 20, 5, 0};

  private final RequirementCatalog catalog;
  private final int maxChars;
  private final List<String> notes;

  public MarkdownReport(RequirementCatalog catalog) {
    this(catalog, DEFAULT_MAX_CHARS);
  }

  /** @param maxChars the longest comment to write; findings are cut first, then the text */
  public MarkdownReport(RequirementCatalog catalog, int maxChars) {
    this(catalog, maxChars, List.of());
  }

  private MarkdownReport(RequirementCatalog catalog, int maxChars, List<String> notes) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    if (maxChars < 200) {
      throw new IllegalArgumentException("maxChars must be at least 200, was " + maxChars);
    }
    this.maxChars = maxChars;
    this.notes = List.copyOf(notes);
  }

  /**
   * The same writer with lines about the run under the summary, e.g. {@code render cache: 5
   * hits, 0 misses} or {@code changed since origin/main: 2 of 5 targets}. Escaped like any text.
   */
  public MarkdownReport withNotes(List<String> lines) {
    return new MarkdownReport(catalog, maxChars, lines);
  }

  @Override
  public void write(GateReport report, Writer out) throws IOException {
    String md = "";
    for (int limit : FINDING_LIMITS) {
      md = render(report, limit);
      if (md.length() <= maxChars) {
        out.write(md);
        return;
      }
    }
    String note = "\n\n_(cut: the comment is too long; the JUnit and SARIF reports have "
        + "everything)_\n";
    out.write(md.substring(0, maxChars - note.length()) + note);
  }

  private String render(GateReport report, int findingLimit) {
    StringBuilder md = new StringBuilder();
    long failed = report.targets().stream().filter(t -> !t.passed()).count();
    md.append("## Policy gate: ");
    if (report.passed()) {
      md.append("✅ passed");
    } else {
      md.append("❌ failed");
    }
    md.append(" — ").append(report.targets().size() - failed).append(" of ")
        .append(report.targets().size()).append(plural(report.targets().size(), " target"))
        .append(" passed\n\n");
    md.append(report.count(Severity.ERROR)).append(plural(report.count(Severity.ERROR), " error"))
        .append(", ").append(report.count(Severity.WARNING))
        .append(plural(report.count(Severity.WARNING), " warning"))
        .append(", ").append(report.waived()).append(" waived · ")
        .append(report.resources()).append(plural(report.resources(), " object"))
        .append(" rendered · ")
        .append(String.format(Locale.ROOT, "%.1f s", report.elapsed().toMillis() / 1000.0))
        .append("\n");
    for (String note : notes) {
      md.append("\n").append(escape(note)).append("\n");
    }
    for (TargetReport target : report.targets()) {
      target(md, target, findingLimit);
    }
    if (!report.runFindings().isEmpty()) {
      md.append("\n### Run\n\n");
      findings(md, report.runFindings(), findingLimit);
    }
    return md.toString();
  }

  private void target(StringBuilder md, TargetReport target, int findingLimit) {
    md.append("\n### ").append(target.passed() ? "✅ " : "❌ ")
        .append(escape(target.target().id())).append(target.passed() ? " passed" : " failed")
        .append(" (profile ")
        .append(target.profile().isEmpty() ? "none" : escape(target.profile()))
        .append(", ").append(target.resources()).append(plural(target.resources(), " object"))
        .append(")\n\n");
    Map<Status, Integer> counts = new EnumMap<>(Status.class);
    StringBuilder rows = new StringBuilder();
    StringBuilder failing = new StringBuilder();
    for (Requirement r : catalog.checklistOrder()) {
      Status status = catalog.status(r, target);
      counts.merge(status, 1, Integer::sum);
      if (status == Status.FAIL) {
        failing.append(failing.length() == 0 ? "" : ", ").append(r.id());
      }
      rows.append("| ").append(r.id()).append(" | ").append(icon(status)).append(' ')
          .append(status.label()).append(" | ").append(escape(r.statement()));
      if (status == Status.MANUAL && !r.manualStep().isEmpty()) {
        rows.append(" <br>*Manual:* ").append(escape(r.manualStep()));
      }
      rows.append(" |\n");
    }
    Status other = catalog.otherStatus(target);
    counts.merge(other, 1, Integer::sum);
    if (other == Status.FAIL) {
      failing.append(failing.length() == 0 ? "" : ", ").append(RequirementCatalog.OTHER_ROW);
    }
    rows.append("| ").append(RequirementCatalog.OTHER_ROW).append(" | ").append(icon(other))
        .append(' ').append(other.label()).append(" | ")
        .append(escape(RequirementCatalog.OTHER_STATEMENT)).append(" |\n");
    md.append("<details><summary>Readiness checklist: ");
    boolean first = true;
    for (Status s : Status.values()) {
      md.append(first ? "" : " · ").append(counts.getOrDefault(s, 0)).append(' ')
          .append(s.label());
      first = false;
    }
    if (failing.length() > 0) {
      md.append(" — failing: ").append(failing);
    }
    md.append("</summary>\n\n| Requirement | Status | Statement |\n|---|---|---|\n");
    md.append(rows).append("\n</details>\n\n");
    if (target.findings().isEmpty()) {
      md.append("No findings.\n");
    } else {
      findings(md, target.findings(), findingLimit);
    }
  }

  private static void findings(StringBuilder md, List<Finding> all, int limit) {
    List<Finding> findings = all.size() > limit
        ? all.stream().sorted(java.util.Comparator.comparing(f -> !f.blocks()))
            .limit(limit).toList()
        : all;
    boolean fold = findings.size() > FOLD_AFTER;
    if (fold) {
      md.append("<details><summary>").append(all.size())
          .append(" findings</summary>\n\n");
    } else {
      md.append("**Findings (").append(all.size()).append(")**\n\n");
    }
    md.append("| Severity | Location | Check | Message | Hint |\n|---|---|---|---|---|\n");
    for (Finding f : findings) {
      md.append("| ").append(f.severity().label())
          .append(f.isWaived() ? " (waived)" : "").append(" | ")
          .append(escape(f.location().toString())).append(" | ")
          .append(escape(f.check()))
          .append(f.requirement().isEmpty() ? "" : " (" + escape(f.requirement()) + ")")
          .append(" | ");
      if (!f.object().display().equals("-")) {
        md.append(escape(f.object().display())).append(": ");
      }
      md.append(escape(f.message()));
      f.waiverIfAny().ifPresent(w -> md.append(" <br>*Waived:* ").append(escape(w.reason()))
          .append(" (").append(escape(w.owner())).append(", expires ").append(w.expires())
          .append(')'));
      md.append(" | ").append(escape(f.hint())).append(" |\n");
    }
    if (all.size() > findings.size()) {
      md.append("| | | | ").append(all.size() - findings.size())
          .append(" more: see the JUnit and SARIF reports | |\n");
    }
    if (fold) {
      md.append("\n</details>\n");
    }
  }

  private static String icon(Status status) {
    return switch (status) {
      case PASS -> "✅";
      case FAIL -> "❌";
      case WAIVED -> "⚠️";
      case MANUAL -> "📝";
      case NOT_APPLICABLE -> "➖";
    };
  }

  private static String plural(long n, String word) {
    return n == 1 ? word : word + "s";
  }

  /**
   * Text safe inside a Markdown table cell: HTML-escaped, pipes and Markdown punctuation
   * backslash-escaped, line breaks flattened.
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '\r' -> { }
        case '\n' -> out.append(' ');
        case '|', '*', '_', '`', '[', ']', '\\', '#' -> out.append('\\').append(c);
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
