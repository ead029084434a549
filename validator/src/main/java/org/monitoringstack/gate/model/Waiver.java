package org.monitoringstack.gate.model;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A recorded exception to a check: it applies to findings of {@code check} on {@code target}
 * for the object {@code resource} ({@code Kind/namespace/name}, or {@code *} for any), until
 * {@code expires} (inclusive). Declared in {@code policies/waivers.yaml} at {@code declaredAt}.
 */
public record Waiver(
    String check,
    String target,
    String resource,
    String reason,
    String owner,
    LocalDate expires,
    SourceLocation declaredAt) {

  public Waiver {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(expires, "expires");
    Objects.requireNonNull(declaredAt, "declaredAt");
  }
}
