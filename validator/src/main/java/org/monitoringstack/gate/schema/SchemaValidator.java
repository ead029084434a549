package org.monitoringstack.gate.schema;

import java.util.List;
import java.util.Map;
import org.monitoringstack.gate.model.Finding;
import org.monitoringstack.gate.model.RenderedTarget;

/**
 * Validates every object of every rendered target against the offline schema catalog, in one
 * call (one kubeconform process). Returns the {@code schema.*} findings per target ID; a target
 * with nothing wrong maps to an empty list.
 */
@FunctionalInterface
public interface SchemaValidator {

  Map<String, List<Finding>> validate(List<RenderedTarget> targets);
}
