/**
 * Discovery of targets (overlays and clusters) and rendering them with kustomize, in parallel,
 * into parsed {@link org.monitoringstack.gate.model.Resource}s that know their source file, and
 * the one render cache ({@link org.monitoringstack.gate.render.CachingRenderer} over {@link
 * org.monitoringstack.gate.render.RenderCache}), keyed by the inputs the pipeline gives it from
 * the kustomization graph of {@code impact}.
 */
package org.monitoringstack.gate.render;
