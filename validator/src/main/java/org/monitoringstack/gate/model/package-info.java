/**
 * The immutable model every pipeline stage shares: parsed Kubernetes objects ({@link
 * org.monitoringstack.gate.model.Resource}), where they came from ({@link
 * org.monitoringstack.gate.model.SourceLocation}), what is validated ({@link
 * org.monitoringstack.gate.model.Target}), a target's render ({@link
 * org.monitoringstack.gate.model.RenderedTarget}) and what the gate found ({@link
 * org.monitoringstack.gate.model.Finding}). It depends on nothing else in the validator.
 */
package org.monitoringstack.gate.model;
