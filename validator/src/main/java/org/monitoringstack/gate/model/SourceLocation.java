package org.monitoringstack.gate.model;

import java.util.Objects;

/**
 * A place in the repository: a path relative to the repository root (always with {@code /}) and
 * a 1-based line, or 0 when the line is not known.
 */
public record SourceLocation(String file, int line) {

  public static final SourceLocation UNKNOWN = new SourceLocation("", 0);

  public SourceLocation {
    Objects.requireNonNull(file, "file");
    if (line < 0) {
      throw new IllegalArgumentException("line must be >= 0, was " + line);
    }
    file = file.replace('\\', '/');
  }

  public static SourceLocation of(String file) {
    return new SourceLocation(file, 0);
  }

  public boolean isKnown() {
    return !file.isEmpty();
  }

  public SourceLocation withLine(int newLine) {
    return new SourceLocation(file, newLine);
  }

  /** {@code file:line}, {@code file}, or {@code -} when nothing is known. */
  @Override
  public String toString() {
    return !isKnown() ? "-" : line > 0 ? file + ":" + line : file;
  }
}
