package org.monitoringstack.gate.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Something the gate validates: an overlay (a kustomization under {@code overlays/}) or a cluster
 * (a folder under {@code clusters/}). {@code id} is its path relative to the repository root with
 * {@code /} separators, e.g. {@code overlays/production}; {@code dir} is the absolute folder.
 */
public record Target(String id, Kind kind, Path dir) {

  /** What sort of target it is. */
  public enum Kind {
    OVERLAY,
    CLUSTER
  }

  public Target {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(dir, "dir");
    if (id.isBlank()) {
      throw new IllegalArgumentException("target id must not be blank");
    }
  }
}
