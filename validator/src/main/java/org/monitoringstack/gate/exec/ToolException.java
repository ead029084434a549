package org.monitoringstack.gate.exec;

/**
 * An external tool could not be run or misbehaved (missing, timed out, unreadable output). Its
 * message is complete and meant for the user as is: it names the command and what went wrong.
 * The CLI turns it into exit code 2 without a stack trace.
 */
public class ToolException extends RuntimeException {

  public ToolException(String message) {
    super(message);
  }

  public ToolException(String message, Throwable cause) {
    super(message, cause);
  }
}
