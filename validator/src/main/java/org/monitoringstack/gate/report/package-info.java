/**
 * Writers that turn a {@link org.monitoringstack.gate.model.GateReport} into text, JSON and the
 * other report formats. They write to the writer they are given and never to the standard
 * streams. A finding several targets share at one source line is shown once with its targets:
 * the text, Markdown and SARIF writers group findings through {@link
 * org.monitoringstack.gate.report.FindingGroup}; JSON, JUnit and HTML stay per target.
 */
package org.monitoringstack.gate.report;
