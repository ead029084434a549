package org.monitoringstack.gate.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A process to run: argv (the program first), working directory (null = inherit), extra
 * environment variables, and a timeout after which it is killed; stdin is closed.
 */
public record ProcessSpec(
    List<String> command, Path workingDir, Map<String, String> environment, Duration timeout) {

  public ProcessSpec {
    command = List.copyOf(command);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command must not be empty");
    }
    environment = Map.copyOf(Objects.requireNonNullElse(environment, Map.of()));
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
  }

  public static ProcessSpec of(List<String> command, Duration timeout) {
    return new ProcessSpec(command, null, Map.of(), timeout);
  }

  public ProcessSpec inDirectory(Path dir) {
    return new ProcessSpec(command, dir, environment, timeout);
  }

  public ProcessSpec withEnvironment(Map<String, String> env) {
    return new ProcessSpec(command, workingDir, env, timeout);
  }

  /** The command as one line, for messages ({@code kustomize build overlays/kind}). */
  public String display() {
    return String.join(" ", command);
  }
}
