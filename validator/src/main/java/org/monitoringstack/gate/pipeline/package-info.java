/**
 * Runs the gate: discover targets, render them in parallel, validate every object against the
 * schema catalog with one kubeconform call, evaluate the bound policies, apply waivers, and
 * return one {@link org.monitoringstack.gate.model.GateReport}.
 */
package org.monitoringstack.gate.pipeline;
