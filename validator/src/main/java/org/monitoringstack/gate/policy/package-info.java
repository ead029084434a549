/**
 * The migration guide's requirements as checks: environment profiles, bindings of targets to
 * profiles, waivers, and the checks themselves (package {@code check}). It reads rendered
 * {@link org.monitoringstack.gate.model.Resource}s and produces {@link
 * org.monitoringstack.gate.model.Finding}s; it never renders or prints.
 *
 * <p>Entry points: {@link org.monitoringstack.gate.policy.PolicyFiles} (the validated {@code
 * policies/} folder, a {@link org.monitoringstack.gate.policy.PolicySet}), {@link
 * org.monitoringstack.gate.policy.check.CheckRegistry} (every check), {@link
 * org.monitoringstack.gate.policy.SourceLocator} (field to file and line). Helpers shared by the
 * checks: {@link org.monitoringstack.gate.policy.Quantity}, {@link
 * org.monitoringstack.gate.policy.PromDuration}, {@link org.monitoringstack.gate.yaml.SafeYaml},
 * {@link org.monitoringstack.gate.policy.Workload}.
 */
package org.monitoringstack.gate.policy;
