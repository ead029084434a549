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
import org.monitoringstack.gate.report.RequirementCatalog.Row;
import org.monitoringstack.gate.report.RequirementCatalog.Status;

/**
 * A pull-request comment: a summary line, then every finding once in one table, then for each
 * target the guide's production-readiness checklist (CL-1..10 first, then every requirement)
 * with its status and the numbers of its findings. The findings table has one row per {@link
 * FindingGroup}, numbered {@code F1}, {@code F2}, ..., so a finding that 100 targets share at
 * one source line is one row naming its targets (at most {@value #ROW_TARGETS}, then {@code and
 * N more}); a target's section lists the rows that concern it ({@code Findings (2): F1, F3}).
 * Findings about the run follow the table in their own. The checklist is always folded into a
 * {@code <details>} block (it has one row per requirement); a findings table is folded when it
 * has more than {@value #FOLD_AFTER} rows. Every text that comes from a finding is escaped, so a
 * message cannot break the table or inject markup.
 */
public final class MarkdownReport implements ReportWriter {

  /** Findings tables longer than this are folded. */
  static final int FOLD_AFTER = 10;

  /** A pull-request comment holds at most 65536 characters; stay below with some margin. */
  public static final int DEFAULT_MAX_CHARS = 60_000;

  /** Targets a findings row names before it counts the rest. */
  static final int ROW_TARGETS = 5;

  /** Rows shown per findings table when the whole comment does not fit, tried in order. */
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

  /**
   * Writes the whole comment when it fits. Otherwise the findings tables are cut to each row
   * limit of {@link #FINDING_LIMITS} in turn until it fits; when even the shortest does not (the
   * targets' checklists alone are too long), the comment keeps the longest findings tables that
   * fit and its text is cut, with a note, in the targets' sections.
   */
  @Override
  public void write(GateReport report, Writer out) throws IOException {
    List<FindingGroup> groups = FindingGroup.of(report.targets());
    String targets = targets(report, groups);
    String note = "\n\n_(cut: the comment is too long; the JUnit and SARIF reports have "
        + "everything)_\n";
    String head = "";
    for (int limit : FINDING_LIMITS) {
      head = head(report, groups, limit);
      if (head.length() + targets.length() <= maxChars) {
        out.write(head + targets);
        return;
      }
    }
    for (int limit : FINDING_LIMITS) {
      head = head(report, groups, limit);
      if (head.length() <= maxChars - note.length()) {
        break;
      }
    }
    out.write((head + targets).substring(0, maxChars - note.length()) + note);
  }

  /** The summary, the notes, the findings table and the run's findings. */
  private String head(GateReport report, List<FindingGroup> groups, int findingLimit) {
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
    if (!groups.isEmpty()) {
      md.append("\n### Findings\n\n");
      findings(md, groups, findingLimit, true);
    }
    if (!report.runFindings().isEmpty()) {
      md.append("\n### Run\n\n");
      findings(md, report.runFindings().stream().map(FindingGroup::of).toList(), findingLimit,
          false);
    }
    return md.toString();
  }

  /** Every target's section. */
  private String targets(GateReport report, List<FindingGroup> groups) {
    StringBuilder md = new StringBuilder();
    for (TargetReport target : report.targets()) {
      target(md, target, groups);
    }
    return md.toString();
  }

  /** A target's heading, its checklist, and the numbers of the findings rows that concern it. */
  private void target(StringBuilder md, TargetReport target, List<FindingGroup> groups) {
    md.append("\n### ").append(target.passed() ? "✅ " : "❌ ")
        .append(escape(target.target().id())).append(target.passed() ? " passed" : " failed")
        .append(" (profile ")
        .append(target.profile().isEmpty() ? "none" : escape(target.profile()))
        .append(", ").append(target.resources()).append(plural(target.resources(), " object"))
        .append(")\n\n");
    Map<Status, Integer> counts = new EnumMap<>(Status.class);
    StringBuilder rows = new StringBuilder();
    StringBuilder failing = new StringBuilder();
    for (Row r : catalog.readiness(target)) {
      counts.merge(r.status(), 1, Integer::sum);
      if (r.status() == Status.FAIL) {
        failing.append(failing.length() == 0 ? "" : ", ").append(r.id());
      }
      rows.append("| ").append(r.id()).append(" | ").append(icon(r.status())).append(' ')
          .append(r.status().label()).append(" | ").append(escape(r.statement()));
      if (r.status() == Status.MANUAL && !r.manualStep().isEmpty()) {
        rows.append(" <br>*Manual:* ").append(escape(r.manualStep()));
      }
      rows.append(" |\n");
    }
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
    StringBuilder rowsOfTarget = new StringBuilder();
    int count = 0;
    for (int i = 0; i < groups.size(); i++) {
      if (groups.get(i).targets().contains(target.target().id())) {
        rowsOfTarget.append(count == 0 ? "" : ", ").append(FindingGroup.number(i));
        count++;
      }
    }
    if (count == 0) {
      md.append("No findings.\n");
    } else {
      md.append("**Findings (").append(count).append("):** ").append(rowsOfTarget)
          .append("\n");
    }
  }

  /**
   * A findings table of at most {@code limit} rows (the blocking ones first when cut). {@code
   * numbered}: the rows of the targets' findings, with their {@code F} numbers and a Targets
   * column; otherwise the run's findings, with neither.
   */
  private static void findings(StringBuilder md, List<FindingGroup> all, int limit,
      boolean numbered) {
    List<Integer> shown = java.util.stream.IntStream.range(0, all.size()).boxed()
        .sorted(java.util.Comparator.comparing(i -> all.size() > limit
            && !all.get(i).finding().blocks()))
        .limit(limit).toList();
    boolean fold = shown.size() > FOLD_AFTER;
    if (fold) {
      md.append("<details><summary>").append(all.size())
          .append(" findings</summary>\n\n");
    } else {
      md.append("**Findings (").append(all.size()).append(")**\n\n");
    }
    md.append(numbered
        ? "| # | Severity | Location | Check | Message | Hint | Targets |\n"
            + "|---|---|---|---|---|---|---|\n"
        : "| Severity | Location | Check | Message | Hint |\n|---|---|---|---|---|\n");
    for (int i : shown) {
      FindingGroup g = all.get(i);
      Finding f = g.finding();
      if (numbered) {
        md.append("| ").append(FindingGroup.number(i)).append(' ');
      }
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
      md.append(" | ").append(escape(f.hint())).append(" |");
      if (numbered) {
        md.append(' ').append(escape(g.targetList(ROW_TARGETS))).append(" |");
      }
      md.append('\n');
    }
    if (all.size() > shown.size()) {
      md.append(numbered ? "| " : "").append("| | | | ").append(all.size() - shown.size())
          .append(" more: see the JUnit and SARIF reports | |").append(numbered ? " |" : "")
          .append('\n');
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
