/**
 * The migration guide's requirements as checks: environment profiles, bindings of targets to
 * profiles, waivers, and the checks themselves (package {@code check}). It reads rendered
 * {@link org.monitoringstack.gate.model.Resource}s and produces {@link
 * org.monitoringstack.gate.model.Finding}s; it never renders or prints.
 */
package org.monitoringstack.gate.policy;
