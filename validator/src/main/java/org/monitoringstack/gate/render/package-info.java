/**
 * Discovery of targets (overlays and clusters) and rendering them with kustomize, in parallel,
 * into parsed {@link org.monitoringstack.gate.model.Resource}s that know their source file.
 */
package org.monitoringstack.gate.render;
