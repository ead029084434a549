package org.monitoringstack.gate.report;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.GateReport;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.model.TargetReport;

/**
 * JUnit XML, as CI test-report readers expect it: one {@code <testsuite>} per target, one {@code
 * <testcase>} per check. The checks listed are those of the requirement catalog plus every check
 * that reported a finding in any target. A testcase fails when the target has an unwaived error
 * of that check (one {@code <failure>} listing every such finding, {@code file} and {@code line}
 * attributes at the first), is skipped when its errors are all waived, or when the target's
 * profile is known not to run the check and it reported nothing, and passes otherwise (warnings
 * go to {@code <system-out>}). Findings about the run itself form a suite {@code run}.
 */
public final class JunitReport implements ReportWriter {

  /** The suite that holds findings about the run rather than one target. */
  public static final String RUN_SUITE = "run";

  private final RequirementCatalog catalog;

  public JunitReport(RequirementCatalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  @Override
  public void write(GateReport report, Writer out) throws IOException {
    List<String> checks = checkIds(report);
    List<Suite> suites = new ArrayList<>();
    for (TargetReport t : report.targets()) {
      suites.add(new Suite(t.target().id(), t.profile(), t.resources(), t.findings(), checks,
          catalog.enabledChecks(t.profile()).orElse(null)));
    }
    if (!report.runFindings().isEmpty()) {
      List<String> runChecks =
          report.runFindings().stream().map(Finding::check).distinct().sorted().toList();
      suites.add(new Suite(RUN_SUITE, "", 0, report.runFindings(), runChecks, null));
    }
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuites");
      xml.writeAttribute("name", "gitops-validate");
      xml.writeAttribute("tests", Integer.toString(suites.stream().mapToInt(Suite::tests).sum()));
      xml.writeAttribute(
          "failures", Integer.toString(suites.stream().mapToInt(Suite::failures).sum()));
      xml.writeAttribute("errors", "0");
      xml.writeAttribute(
          "skipped", Integer.toString(suites.stream().mapToInt(Suite::skipped).sum()));
      xml.writeAttribute("time",
          String.format(Locale.ROOT, "%.3f", report.elapsed().toMillis() / 1000.0));
      for (Suite suite : suites) {
        writeSuite(xml, suite);
      }
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndDocument();
      xml.flush();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write the JUnit report: " + e.getMessage(), e);
    }
  }

  /** The catalog's checks, then any other check with a finding, sorted. */
  List<String> checkIds(GateReport report) {
    Set<String> ids = new LinkedHashSet<>(catalog.checkIds());
    report.targets().stream().flatMap(t -> t.findings().stream()).map(Finding::check).sorted()
        .forEach(ids::add);
    return List.copyOf(ids);
  }

  private static void writeSuite(XMLStreamWriter xml, Suite suite) throws XMLStreamException {
    xml.writeCharacters("\n  ");
    xml.writeStartElement("testsuite");
    xml.writeAttribute("name", suite.name);
    xml.writeAttribute("tests", Integer.toString(suite.tests()));
    xml.writeAttribute("failures", Integer.toString(suite.failures()));
    xml.writeAttribute("errors", "0");
    xml.writeAttribute("skipped", Integer.toString(suite.skipped()));
    xml.writeAttribute("time", "0");
    if (!suite.profile.isEmpty() || !RUN_SUITE.equals(suite.name)) {
      xml.writeCharacters("\n    ");
      xml.writeStartElement("properties");
      property(xml, "profile", suite.profile.isEmpty() ? "(unbound)" : suite.profile);
      property(xml, "resources", Integer.toString(suite.resources));
      xml.writeCharacters("\n    ");
      xml.writeEndElement();
    }
    for (String check : suite.checks) {
      writeCase(xml, suite, check);
    }
    xml.writeCharacters("\n  ");
    xml.writeEndElement();
  }

  private static void property(XMLStreamWriter xml, String name, String value)
      throws XMLStreamException {
    xml.writeCharacters("\n      ");
    xml.writeEmptyElement("property");
    xml.writeAttribute("name", name);
    xml.writeAttribute("value", clean(value));
  }

  private static void writeCase(XMLStreamWriter xml, Suite suite, String check)
      throws XMLStreamException {
    boolean notRun = suite.notRun(check);
    List<Finding> findings = suite.of(check);
    List<Finding> blocking = findings.stream().filter(Finding::blocks).toList();
    List<Finding> waived = findings.stream().filter(Finding::isWaived).toList();
    List<Finding> notes = findings.stream()
        .filter(f -> !f.isWaived() && f.severity() != Severity.ERROR).toList();
    xml.writeCharacters("\n    ");
    // a check not run has no findings: its testcase holds only <skipped>
    boolean empty = findings.isEmpty() && !notRun;
    if (empty) {
      xml.writeEmptyElement("testcase");
    } else {
      xml.writeStartElement("testcase");
    }
    xml.writeAttribute("name", check);
    xml.writeAttribute("classname", suite.name);
    if (!blocking.isEmpty() && blocking.get(0).location().isKnown()) {
      xml.writeAttribute("file", blocking.get(0).location().file());
      if (blocking.get(0).location().line() > 0) {
        xml.writeAttribute("line", Integer.toString(blocking.get(0).location().line()));
      }
    }
    xml.writeAttribute("time", "0");
    if (empty) {
      return;
    }
    if (notRun) {
      xml.writeEmptyElement("skipped");
      xml.writeAttribute("message", "not run: profile " + suite.profile + " does not enable it");
      xml.writeEndElement();
      return;
    }
    if (!blocking.isEmpty()) {
      Finding first = blocking.get(0);
      xml.writeCharacters("\n      ");
      xml.writeStartElement("failure");
      xml.writeAttribute("message", clean(line(first)
          + (blocking.size() == 1 ? "" : " (and " + (blocking.size() - 1) + " more)")));
      xml.writeAttribute("type", check);
      xml.writeCharacters(clean(describe(blocking)));
      xml.writeEndElement();
    } else if (!waived.isEmpty()) {
      Finding first = waived.get(0);
      xml.writeCharacters("\n      ");
      xml.writeEmptyElement("skipped");
      xml.writeAttribute("message", clean("waived: " + first.waiver().reason()
          + " (owner " + first.waiver().owner() + ", expires " + first.waiver().expires() + ")"
          + (waived.size() > 1 ? " and " + (waived.size() - 1) + " more" : "")));
    }
    List<Finding> output = new ArrayList<>(notes);
    if (!blocking.isEmpty()) {
      output.addAll(waived);
    }
    if (!output.isEmpty()) {
      xml.writeCharacters("\n      ");
      xml.writeStartElement("system-out");
      xml.writeCharacters(clean(describe(output)));
      xml.writeEndElement();
    }
    xml.writeCharacters("\n    ");
    xml.writeEndElement();
  }

  /** {@code file:line: [check] Kind/name: message}. */
  static String line(Finding f) {
    return f.location() + ": [" + f.check() + "] " + f.object().display() + ": " + f.message();
  }

  private static String describe(List<Finding> findings) {
    StringBuilder text = new StringBuilder();
    for (Finding f : findings) {
      text.append(f.severity().label()).append(f.isWaived() ? " (waived)" : "").append(": ")
          .append(line(f)).append('\n');
      if (!f.requirement().isEmpty()) {
        text.append("  requirement: ").append(f.requirement()).append('\n');
      }
      if (!f.hint().isEmpty()) {
        text.append("  hint: ").append(f.hint()).append('\n');
      }
    }
    return text.toString();
  }

  /** Drops the characters XML 1.0 cannot hold (control characters other than tab and newline). */
  static String clean(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints().forEach(c -> {
      boolean ok = c == 0x9 || c == 0xA || c == 0xD
          || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
          || (c >= 0x10000 && c <= 0x10FFFF);
      out.appendCodePoint(ok ? c : '?');
    });
    return out.toString();
  }

  /** One suite's data. */
  private record Suite(
      String name, String profile, int resources, List<Finding> findings, List<String> checks,
      Set<String> enabled) {

    /** The profile is known not to run the check (and it reported nothing). */
    boolean notRun(String check) {
      return enabled != null && !enabled.contains(check) && of(check).isEmpty();
    }

    List<Finding> of(String check) {
      return findings.stream().filter(f -> f.check().equals(check)).toList();
    }

    int tests() {
      return checks.size();
    }

    int failures() {
      return (int) checks.stream().filter(c -> of(c).stream().anyMatch(Finding::blocks)).count();
    }

    int skipped() {
      return (int) checks.stream()
          .filter(c -> notRun(c) || (of(c).stream().noneMatch(Finding::blocks)
              && of(c).stream().anyMatch(Finding::isWaived)))
          .count();
    }
  }
}
