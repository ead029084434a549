package org.monitoringstack.gate.model;

import java.util.Locale;

/** How much a finding matters. Only {@link #ERROR} fails the gate (exit code 1). */
public enum Severity {
  ERROR,
  WARNING,
  INFO;

  /** The lower-case name used in policy files and reports. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Severity parse(String text) {
    return valueOf(text.trim().toUpperCase(Locale.ROOT));
  }
}
