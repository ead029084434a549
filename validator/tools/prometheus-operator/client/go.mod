// The Prometheus Operator's client module, generated into this folder by `go generate` (see
// ../generate.go) in the bootstrap's copy. Its requirements are the operator's own (v0.94.1's
// go.mod), so the generated code builds against the same Kubernetes libraries as the operator.
module github.com/prometheus-operator/prometheus-operator/pkg/client

go 1.26.0

require (
	github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring v0.94.1
	k8s.io/api v0.37.0
	k8s.io/apimachinery v0.37.0
	k8s.io/client-go v0.37.0
)
