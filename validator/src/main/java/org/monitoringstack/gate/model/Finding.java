package org.monitoringstack.gate.model;

import java.util.Objects;
import java.util.Optional;

/**
 * One thing the gate has to say about a target.
 *
 * @param check stable check ID, e.g. {@code prometheus.retention} (part of the public contract)
 * @param severity how much it matters
 * @param requirement the REQUIREMENTS.md ID it enforces (e.g. {@code PERF-1}), empty if none
 * @param target the target's ID (its repository-relative path, e.g. {@code overlays/production})
 * @param object the object at fault, {@link ObjectRef#NONE} when the finding is about the target
 * @param location the source file and line of the field at fault
 * @param message what is wrong: expected and actual values
 * @param hint how to fix it, empty if nothing useful can be said
 * @param waiver the waiver that covers it, or null
 */
public record Finding(
    String check,
    Severity severity,
    String requirement,
    String target,
    ObjectRef object,
    SourceLocation location,
    String message,
    String hint,
    Waiver waiver) {

  public Finding {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(severity, "severity");
    requirement = Objects.requireNonNullElse(requirement, "");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(message, "message");
    hint = Objects.requireNonNullElse(hint, "");
    if (check.isBlank()) {
      throw new IllegalArgumentException("check must not be blank");
    }
  }

  /** A finding without a waiver. */
  public static Finding of(
      String check,
      Severity severity,
      String requirement,
      String target,
      ObjectRef object,
      SourceLocation location,
      String message,
      String hint) {
    return new Finding(check, severity, requirement, target, object, location, message, hint, null);
  }

  public boolean isWaived() {
    return waiver != null;
  }

  public Optional<Waiver> waiverIfAny() {
    return Optional.ofNullable(waiver);
  }

  /** True when this finding fails the gate: an error that no waiver covers. */
  public boolean blocks() {
    return severity == Severity.ERROR && waiver == null;
  }

  public Finding withWaiver(Waiver w) {
    return new Finding(check, severity, requirement, target, object, location, message, hint, w);
  }

  public Finding withSeverity(Severity s) {
    return new Finding(check, s, requirement, target, object, location, message, hint, waiver);
  }

  /** The same finding attributed to a more precise requirement (RES-2 of RES-1..RES-6). */
  public Finding withRequirement(String r) {
    return new Finding(check, severity, r, target, object, location, message, hint, waiver);
  }
}
