package org.monitoringstack.gate.report;

import org.monitoringstack.gate.model.GateReport;

/** Writes one report format of a gate run to the writer it is given (never to the streams). */
public interface ReportWriter {

  void write(GateReport report, java.io.Writer out) throws java.io.IOException;
}
