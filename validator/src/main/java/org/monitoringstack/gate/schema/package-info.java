/**
 * The offline schema catalog (generated from the pinned Kubernetes OpenAPI spec and CRDs) and
 * validation of every rendered object against it with one kubeconform process.
 */
package org.monitoringstack.gate.schema;
