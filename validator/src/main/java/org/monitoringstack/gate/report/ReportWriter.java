package org.monitoringstack.gate.report;

import java.io.IOException;
import java.io.Writer;
import org.monitoringstack.gate.model.GateReport;

/** Writes a gate report in one format. Never closes {@code out}. */
@FunctionalInterface
public interface ReportWriter {

  void write(GateReport report, Writer out) throws IOException;
}
