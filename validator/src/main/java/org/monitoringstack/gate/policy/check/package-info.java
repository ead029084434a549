/**
 * One final class per policy check, each extending {@link org.monitoringstack.gate.policy.Check}
 * with a stable ID (part of the public contract: waivers and reports refer to it) and the
 * REQUIREMENTS.md ID it enforces; {@link org.monitoringstack.gate.policy.check.CheckRegistry}
 * lists them all, in report order.
 */
package org.monitoringstack.gate.policy.check;
