package org.monitoringstack.gate.exec;

import java.time.Duration;

/**
 * A process did not finish within its time limit and was stopped (with its descendants). A
 * {@link ToolException}, so that callers that do not expect a timeout stop the run; the renderer
 * turns it into a finding on the one target whose build took too long.
 */
public class ProcessTimeoutException extends ToolException {

  private final Duration timeout;

  public ProcessTimeoutException(String message, Duration timeout) {
    super(message);
    this.timeout = timeout;
  }

  public Duration timeout() {
    return timeout;
  }
}
