package org.monitoringstack.gate.render;

import java.util.List;
import java.util.Objects;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.Target;

/**
 * A target after rendering: its objects (origin annotations stripped, source files known) and
 * any {@code render.*} findings (e.g. kustomize failed; then {@code resources} is empty).
 */
public record RenderedTarget(Target target, List<Resource> resources, List<Finding> findings) {

  public RenderedTarget {
    Objects.requireNonNull(target, "target");
    resources = List.copyOf(resources);
    findings = List.copyOf(findings);
  }

  public boolean rendered() {
    return findings.isEmpty();
  }
}
