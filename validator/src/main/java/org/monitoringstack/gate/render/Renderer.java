package org.monitoringstack.gate.render;

import org.monitoringstack.gate.model.RenderedTarget;
import org.monitoringstack.gate.model.Target;

/**
 * Renders one target into parsed objects. A kustomize failure is a {@code render.kustomize}
 * finding in the result, not an exception; a tool that cannot run at all (missing, hanging, failing
 * without kustomize's {@code Error:} line, printing what is not YAML) is a {@link
 * org.monitoringstack.gate.exec.ToolException}.
 */
@FunctionalInterface
public interface Renderer {

  RenderedTarget render(Target target);
}
