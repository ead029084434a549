package org.monitoringstack.gate.exec;

/**
 * Runs one external process to completion. Implementations never use a shell.
 *
 * <p>Returns the result whatever the exit code; throws {@link ToolException} when the program
 * cannot be started (with a message naming it) or does not finish within the timeout (it is then
 * killed, with its descendants).
 */
@FunctionalInterface
public interface ProcessRunner {

  ProcessResult run(ProcessSpec spec);
}
