package org.monitoringstack.gate.schema;

import org.monitoringstack.gate.model.Resource;
import org.monitoringstack.gate.model.SourceLocation;
import org.monitoringstack.gate.model.RenderedTarget;

/**
 * Where a field of a rendered object is set: the line of the overlay patch that sets it, or of
 * the object's own file, so that a schema finding points at the line to edit.
 */
@FunctionalInterface
public interface FieldLocator {

  /** The object's own location, whatever the field. */
  FieldLocator OBJECT_SOURCE = (target, resource, fieldPath) -> resource.source();

  /**
   * @param fieldPath dotted, list indices as numbers ({@code spec.containers.0.name})
   */
  SourceLocation locate(RenderedTarget target, Resource resource, String fieldPath);
}
