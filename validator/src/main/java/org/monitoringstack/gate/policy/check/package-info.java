/**
 * One class per policy check, each with a stable ID (part of the public contract: waivers and
 * reports refer to it) and the REQUIREMENTS.md ID it enforces.
 */
package org.monitoringstack.gate.policy.check;
