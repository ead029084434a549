package org.monitoringstack.gate.kustomization;

import java.nio.file.Path;

/** A kustomization that cannot be read: the file, a one-line message, the line (0 unknown). */
public final class KustomizationException extends Exception {
  private final transient Path file;
  private final int line;

  public KustomizationException(Path file, String message, int line) {
    super(message);
    this.file = file;
    this.line = line;
  }

  public Path file() {
    return file;
  }

  public int line() {
    return line;
  }
}
