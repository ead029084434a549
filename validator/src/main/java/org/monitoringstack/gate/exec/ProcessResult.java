package org.monitoringstack.gate.exec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** What a finished process left: its argv, exit code, captured output and how long it took. */
public record ProcessResult(
    List<String> command, int exitCode, String stdout, String stderr, Duration elapsed) {

  public ProcessResult {
    command = List.copyOf(command);
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
    Objects.requireNonNull(elapsed, "elapsed");
  }

  public boolean succeeded() {
    return exitCode == 0;
  }
}
