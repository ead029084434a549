/**
 * The pinned toolchain: reads {@code validator/toolchain.properties} (the one file that pins
 * kustomize, kubeconform, the Kubernetes version and every CRD source), finds or installs the
 * tools with {@code go install} into {@code .tools/bin/}, and fetches pinned modules with {@code
 * go mod download}.
 */
package org.monitoringstack.gate.toolchain;
