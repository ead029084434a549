/**
 * The live stage: every target applied to a private etcd and kube-apiserver on loopback and
 * reconciled by the real Prometheus Operator, with every answer a finding at its source.
 */
package org.monitoringstack.gate.live;
