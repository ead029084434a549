/**
 * The command line: parses arguments, runs the pipeline, writes reports. The only package that
 * touches the standard streams or calls {@code System.exit}.
 */
package org.monitoringstack.gate.cli;
