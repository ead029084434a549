package org.monitoringstack.gate.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.GateReport;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.TargetReport;

/**
 * The human report: one line per target with its counts, then every finding once as {@code
 * file:line: [check-id] Kind/name: message (target, target)} (with an indented {@code hint:}
 * line), then a summary line. A finding that several targets share at the same source line is
 * one {@link FindingGroup}, printed once with the targets it affects in parentheses; a finding
 * whose location is not known starts with its target instead ({@code target: [check-id] ...}).
 * Findings about the run come after, as before, without a target list. The counts stay per
 * target: a group of three targets counts three times in the summary.
 *
 * <p>{@link #quiet}: only the blocking findings (unwaived errors) and the summary line. {@link
 * #colored}: the labels of errors ({@code [check-id]}, red) and warnings ({@code [check-id]
 * warning:}, yellow) in ANSI colours, for a terminal only.
 */
public final class TextReport implements ReportWriter {

  static final String RED = "\u001b[31m";
  static final String YELLOW = "\u001b[33m";
  static final String RESET = "\u001b[0m";

  private final boolean quiet;
  private final boolean colored;

  public TextReport() {
    this(false, false);
  }

  private TextReport(boolean quiet, boolean colored) {
    this.quiet = quiet;
    this.colored = colored;
  }

  /** The same report, with only the blocking findings and the summary line when {@code on}. */
  public TextReport quiet(boolean on) {
    return new TextReport(on, colored);
  }

  /** The same report, with the error and warning labels in ANSI colours when {@code on}. */
  public TextReport colored(boolean on) {
    return new TextReport(quiet, on);
  }

  @Override
  public void write(GateReport report, Writer out) throws IOException {
    for (TargetReport t : quiet ? List.<TargetReport>of() : report.targets()) {
      out.write(t.target().id() + ": " + plural(t.resources(), "object") + ", "
          + plural(t.count(Severity.ERROR), "error") + ", "
          + plural(t.count(Severity.WARNING), "warning") + ", "
          + t.waived() + " waived"
          + (t.profile().isEmpty() ? " (no profile)" : " (profile " + t.profile() + ")") + "\n");
    }
    // quiet: no target lines above, so no blank line before the first finding
    boolean any = quiet;
    for (FindingGroup g : FindingGroup.of(report.targets())) {
      any = writeFinding(g.finding(), g.finding().location().isKnown()
          ? " (" + String.join(", ", g.targets()) + ")" : "", out, any);
    }
    for (Finding f : report.runFindings()) {
      any = writeFinding(f, "", out, any);
    }
    if (!quiet && !report.summaryNotes().isEmpty()) {
      out.write("\n");
      for (String note : report.summaryNotes()) {
        out.write(note + "\n");
      }
    }
    out.write((report.passed() ? "PASSED: " : "FAILED: ")
        + plural(report.targets().size(), "target") + ", "
        + plural(report.resources(), "object") + ", "
        + plural(report.count(Severity.ERROR), "error") + ", "
        + plural(report.count(Severity.WARNING), "warning") + ", "
        + report.waived() + " waived in "
        + String.format(Locale.ROOT, "%.1fs", report.elapsed().toMillis() / 1000.0) + "\n");
    out.flush();
  }

  /** Writes {@code f} with {@code targets} after its message, unless quiet and not blocking. */
  private boolean writeFinding(Finding f, String targets, Writer out, boolean any)
      throws IOException {
    if (quiet && !f.blocks()) {
      return any;
    }
    if (!any) {
      out.write("\n");
    }
    String where = f.location().isKnown() ? f.location().toString() : f.target();
    String object = f.object().equals(ObjectRef.NONE) ? "" : f.object().display() + ": ";
    String severity = f.severity() == Severity.ERROR ? "" : " " + f.severity().label() + ":";
    out.write(where + ": " + label(f, "[" + f.check() + "]" + severity) + " " + object
        + f.message() + targets);
    if (f.isWaived()) {
      out.write(" (waived until " + f.waiver().expires() + ": " + f.waiver().reason() + ")");
    }
    out.write("\n");
    if (!f.hint().isEmpty()) {
      out.write("  hint: " + f.hint() + "\n");
    }
    return true;
  }

  /** The label in red (a blocking error) or yellow (a warning) when coloured. */
  private String label(Finding f, String label) {
    String color = !colored ? "" : f.blocks() ? RED
        : f.severity() == Severity.WARNING ? YELLOW : "";
    return color.isEmpty() ? label : color + label + RESET;
  }

  static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
