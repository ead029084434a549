package org.monitoringstack.gate.model;

import java.util.List;
import java.util.Objects;

/**
 * A target after rendering: its objects (origin annotations stripped, source files known) and
 * any {@code render.*} findings (e.g. kustomize failed; then {@code resources} is empty), and
 * whether the render came from the render cache.
 */
public record RenderedTarget(
    Target target, List<Resource> resources, List<Finding> findings, Cache cache) {

  /** How the render cache took part in a render. */
  public enum Cache {
    /** No render cache involved. */
    NONE,
    /** Read from the render cache: kustomize did not run. */
    HIT,
    /** Rendered by kustomize (not cached yet, inputs changed, or not cacheable). */
    MISS
  }

  public RenderedTarget {
    Objects.requireNonNull(target, "target");
    resources = List.copyOf(resources);
    findings = List.copyOf(findings);
    Objects.requireNonNull(cache, "cache");
  }

  /** A render without a cache. */
  public RenderedTarget(Target target, List<Resource> resources, List<Finding> findings) {
    this(target, resources, findings, Cache.NONE);
  }

  public RenderedTarget withCache(Cache how) {
    return new RenderedTarget(target, resources, findings, how);
  }

  public boolean rendered() {
    return findings.isEmpty();
  }
}
