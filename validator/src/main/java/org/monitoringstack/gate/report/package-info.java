/**
 * Writers that turn a {@link org.monitoringstack.gate.model.GateReport} into text, JSON and the
 * other report formats. They write to the writer they are given and never to the standard
 * streams. A finding several targets share at one source line is shown once with its targets:
 * the text, Markdown, SARIF and HTML writers group findings through {@link
 * org.monitoringstack.gate.report.FindingGroup}; JSON and JUnit stay per target. The readiness
 * reports (Markdown, HTML) read a target's requirements through {@link
 * org.monitoringstack.gate.report.RequirementCatalog#readiness}. A writer prints the run's
 * commit and start it is given ({@code GateReport.run()}); it never runs a process.
 */
package org.monitoringstack.gate.report;
