/**
 * Running external programs (kustomize, kubeconform, go, amtool): argument arrays only, never a
 * shell; stdout and stderr drained concurrently; always a timeout. Stages get a {@link
 * org.monitoringstack.gate.exec.ProcessRunner} injected so tests can stub it and assert the argv.
 */
package org.monitoringstack.gate.exec;
