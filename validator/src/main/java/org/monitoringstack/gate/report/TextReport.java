package org.monitoringstack.gate.report;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.GateReport;
import org.monitoringstack.gate.model.ObjectRef;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.TargetReport;

/**
 * The human report: one line per target with its counts, then every finding as {@code
 * file:line: [check-id] Kind/name: message} (with an indented {@code hint:} line), then a
 * summary line.
 */
public final class TextReport implements ReportWriter {

  @Override
  public void write(GateReport report, Writer out) throws IOException {
    for (TargetReport t : report.targets()) {
      out.write(t.target().id() + ": " + plural(t.resources(), "object") + ", "
          + plural(t.count(Severity.ERROR), "error") + ", "
          + plural(t.count(Severity.WARNING), "warning") + ", "
          + t.waived() + " waived"
          + (t.profile().isEmpty() ? " (no profile)" : " (profile " + t.profile() + ")") + "\n");
    }
    boolean any = false;
    for (TargetReport t : report.targets()) {
      for (Finding f : t.findings()) {
        any = writeFinding(f, out, any);
      }
    }
    for (Finding f : report.runFindings()) {
      any = writeFinding(f, out, any);
    }
    if (!report.summaryNotes().isEmpty()) {
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

  private static boolean writeFinding(Finding f, Writer out, boolean any) throws IOException {
    if (!any) {
      out.write("\n");
    }
    String where = f.location().isKnown() ? f.location().toString() : f.target();
    String object = f.object().equals(ObjectRef.NONE) ? "" : f.object().display() + ": ";
    String severity = f.severity() == Severity.ERROR ? "" : f.severity().label() + ": ";
    out.write(where + ": [" + f.check() + "] " + severity + object + f.message());
    if (f.isWaived()) {
      out.write(" (waived until " + f.waiver().expires() + ": " + f.waiver().reason() + ")");
    }
    out.write("\n");
    if (!f.hint().isEmpty()) {
      out.write("  hint: " + f.hint() + "\n");
    }
    return true;
  }

  static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
