package org.monitoringstack.gate.report;

import static org.monitoringstack.gate.report.TextReport.plural;

import java.io.IOException;
import java.io.Writer;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.GateReport;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.TargetReport;
import org.monitoringstack.gate.report.RequirementCatalog.Row;
import org.monitoringstack.gate.report.RequirementCatalog.Status;

/**
 * A pull-request comment: a summary line, a table of the targets (verdict, profile, counts, the
 * numbers of their findings rows), every finding once in one table, then for each target the
 * guide's production-readiness checklist (CL-1..10 first, then every requirement) with its status
 * and the numbers of its findings. When the whole comment does not fit GitHub's limit (a fleet),
 * the checklists of failing targets are kept first, then those of targets with findings, then the
 * clean ones, and a note says how many were left out (the Targets table still lists every target,
 * the HTML report shows them all). The findings table has one row per {@link
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
    List<TargetReport> targets = report.targets();
    List<String> sections = targets.stream().map(t -> target(t, groups)).toList();
    int length = sections.stream().mapToInt(String::length).sum();
    // failing targets first, then those with findings, then the clean ones
    List<Integer> priority = IntStream.range(0, targets.size()).boxed()
        .sorted(Comparator.comparingInt(i -> !targets.get(i).passed() ? 0
            : targets.get(i).findings().isEmpty() ? 2 : 1))
        .toList();
    for (int limit : FINDING_LIMITS) {
      String head = head(report, groups, limit);
      int budget = maxChars - head.length() - OMITTED_MAX;
      if (budget < 0) {
        continue;
      }
      if (head.length() + length <= maxChars) {
        out.write(head + String.join("", sections));
        return;
      }
      boolean[] kept = new boolean[targets.size()];
      for (int i : priority) {
        if (sections.get(i).length() <= budget) {
          kept[i] = true;
          budget -= sections.get(i).length();
        }
      }
      StringBuilder md = new StringBuilder(head);
      int failing = 0;
      int omitted = 0;
      for (int i = 0; i < targets.size(); i++) {
        if (kept[i]) {
          md.append(sections.get(i));
        } else {
          omitted++;
          failing += targets.get(i).passed() ? 0 : 1;
        }
      }
      md.append(omitted(omitted, failing));
      out.write(md.toString());
      return;
    }
    String note = "\n\n_(cut: the comment is too long; the JUnit and SARIF reports have "
        + "everything)_\n";
    String head = head(report, groups, FINDING_LIMITS[FINDING_LIMITS.length - 1]);
    out.write((head + String.join("", sections))
        .substring(0, Math.min(maxChars - note.length(), head.length() + length)) + note);
  }

  /** Room kept for the note on the target sections left out. */
  private static final int OMITTED_MAX = 400;

  /** The note on the sections left out so that the comment fits. */
  private static String omitted(int omitted, int failing) {
    return "\n_The readiness checklists of " + plural(omitted, "more target")
        + (failing == 0 ? "" : " (" + failing + " failing)") + " are left out to stay under"
        + " GitHub's 65,536-character comment limit. Every target is in the Targets table above;"
        + " the HTML report (`--format html`) shows each one in full._\n";
  }

  /** The summary, the notes, the findings table and the run's findings. */
  private String head(GateReport report, List<FindingGroup> groups, int findingLimit) {
    StringBuilder md = new StringBuilder("## Policy gate: ")
        .append(report.passed() ? "✅ passed" : "❌ failed")
        .append(" — ").append(report.targets().stream().filter(TargetReport::passed).count())
        .append(" of ")
        .append(plural(report.targets().size(), "target")).append(" passed\n\n")
        .append(plural(report.count(Severity.ERROR), "error")).append(", ")
        .append(plural(report.count(Severity.WARNING), "warning"))
        .append(", ").append(report.waived()).append(" waived · ")
        .append(plural(report.resources(), "object")).append(" rendered · ")
        .append(String.format(Locale.ROOT, "%.1f s", report.elapsed().toMillis() / 1000.0))
        .append("\n");
    for (String note : notes) {
      md.append("\n").append(escape(note)).append("\n");
    }
    targetsTable(md, report.targets(), groups);
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

  /** One row per target: its verdict, profile, objects, counts and findings rows. */
  private static void targetsTable(StringBuilder md, List<TargetReport> targets,
      List<FindingGroup> groups) {
    if (targets.isEmpty()) {
      return;
    }
    boolean fold = targets.size() > FOLD_AFTER;
    md.append("\n### Targets\n\n");
    if (fold) {
      long failed = targets.stream().filter(t -> !t.passed()).count();
      md.append("<details").append(failed > 0 ? " open" : "").append("><summary>")
          .append(targets.size()).append(" targets, ").append(failed).append(" failing")
          .append("</summary>\n\n");
    }
    md.append("| | Target | Profile | Objects | Errors | Warnings | Findings |\n"
        + "|---|---|---|---|---|---|---|\n");
    for (TargetReport t : targets) {
      md.append("| ").append(t.passed() ? "✅" : "❌").append(" | ")
          .append(escape(t.target().id())).append(" | ")
          .append(t.profile().isEmpty() ? "none" : escape(t.profile())).append(" | ")
          .append(t.resources()).append(" | ").append(t.count(Severity.ERROR)).append(" | ")
          .append(t.count(Severity.WARNING)).append(" | ")
          .append(String.join(", ", rowsOf(t, groups))).append(" |\n");
    }
    if (fold) {
      md.append("\n</details>\n");
    }
  }

  /** The numbers of the findings rows that concern {@code target}. */
  private static List<String> rowsOf(TargetReport target, List<FindingGroup> groups) {
    return IntStream.range(0, groups.size())
        .filter(i -> groups.get(i).targets().contains(target.target().id()))
        .mapToObj(FindingGroup::number).toList();
  }

  /** A target's heading, its checklist, and the numbers of the findings rows that concern it. */
  private String target(TargetReport target, List<FindingGroup> groups) {
    StringBuilder md = new StringBuilder("\n### ").append(target.passed() ? "✅ " : "❌ ")
        .append(escape(target.target().id())).append(target.passed() ? " passed" : " failed")
        .append(" (profile ")
        .append(target.profile().isEmpty() ? "none" : escape(target.profile()))
        .append(", ").append(plural(target.resources(), "object"))
        .append(")\n\n");
    List<Row> readiness = catalog.readiness(target);
    String failing = readiness.stream().filter(r -> r.status() == Status.FAIL).map(Row::id)
        .collect(Collectors.joining(", "));
    StringBuilder rows = new StringBuilder();
    for (Row r : readiness) {
      rows.append("| ").append(r.id()).append(" | ").append(icon(r.status())).append(' ')
          .append(r.status().label()).append(" | ").append(escape(r.statement()));
      if (r.status() == Status.MANUAL && !r.manualStep().isEmpty()) {
        rows.append(" <br>*Manual:* ").append(escape(r.manualStep()));
      }
      rows.append(" |\n");
    }
    md.append("<details><summary>Readiness checklist: ")
        .append(Stream.of(Status.values())
            .map(s -> readiness.stream().filter(r -> r.status() == s).count() + " " + s.label())
            .collect(Collectors.joining(" · ")));
    if (!failing.isEmpty()) {
      md.append(" — failing: ").append(failing);
    }
    md.append("</summary>\n\n| Requirement | Status | Statement |\n|---|---|---|\n");
    md.append(rows).append("\n</details>\n\n");
    List<String> findingRows = rowsOf(target, groups);
    if (findingRows.isEmpty()) {
      md.append("No findings.\n");
    } else {
      md.append("**Findings (").append(findingRows.size()).append("):** ")
          .append(String.join(", ", findingRows)).append("\n");
    }
    return md.toString();
  }

  /**
   * A findings table of at most {@code limit} rows (the blocking ones first when cut). {@code
   * numbered}: the rows of the targets' findings, with their {@code F} numbers and a Targets
   * column; otherwise the run's findings, with neither.
   */
  private static void findings(StringBuilder md, List<FindingGroup> all, int limit,
      boolean numbered) {
    List<Integer> shown = IntStream.range(0, all.size()).boxed()
        .sorted(Comparator.comparing(i -> all.size() > limit
            && !all.get(i).finding().blocks()))
        .limit(limit).toList();
    boolean fold = shown.size() > FOLD_AFTER;
    md.append(fold ? "<details><summary>" + all.size() + " findings</summary>\n\n"
        : "**Findings (" + all.size() + ")**\n\n");
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
          .append(" | ")
          .append(f.object().display().equals("-") ? "" : escape(f.object().display()) + ": ")
          .append(escape(f.message()));
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

  /**
   * Text safe inside a Markdown table cell: HTML-escaped, pipes and Markdown punctuation
   * backslash-escaped, line breaks flattened.
   */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replaceAll("[|*_`\\[\\]\\\\#]", "\\\\$0").replace("\r", "").replace('\n', ' ');
  }
}
