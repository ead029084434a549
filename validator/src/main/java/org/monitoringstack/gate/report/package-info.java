/**
 * Writers that turn a {@link org.monitoringstack.gate.model.GateReport} into text, JSON and the
 * other report formats. They write to the writer they are given and never to the standard
 * streams.
 */
package org.monitoringstack.gate.report;
