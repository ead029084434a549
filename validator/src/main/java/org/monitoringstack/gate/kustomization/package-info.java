/**
 * The one typed reader of {@code kustomization.yaml}: the fields the gate follows (what a render
 * reads, where patches are, which bases are remote), with their lines, read through {@code
 * yaml.SafeYaml}. The render scan, the impact graph and the policy locator all use it.
 */
package org.monitoringstack.gate.kustomization;
