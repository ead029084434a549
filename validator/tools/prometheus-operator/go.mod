// Wrapper module that builds the Prometheus Operator for the gate's live stage, at the version of
// the operator image in base/prometheus-operator/ (a test ties the two, and the CRD pin).
//
// `go install .../cmd/operator@...` is refused: the operator's go.mod replaces its pkg/apis and
// pkg/client modules with folders of its own repository, and the module proxy does not serve
// pkg/client. This module requires the operator and its API module at the same version and
// replaces pkg/client with ./client, which `go generate .` (generate.go) fills with the typed
// client generated from that API module by the Kubernetes code generators pinned below as tools
// (k8s.io/code-generator at the operator's Kubernetes libraries' version). The operator version
// is pinned here only, in the require line; client/go.mod repeats it for its API module.
//
// The bootstrap builds a copy of this folder in .tools/, so building never edits the repository.
module monitoring-gitops/validator/tools/prometheus-operator

go 1.26.0

require github.com/prometheus-operator/prometheus-operator v0.94.1

require (
	github.com/go-logr/logr v1.4.4 // indirect
	github.com/go-openapi/jsonpointer v1.0.0 // indirect
	github.com/go-openapi/jsonreference v1.0.1 // indirect
	github.com/go-openapi/swag v0.29.1 // indirect
	github.com/go-openapi/swag/cmdutils v0.29.1 // indirect
	github.com/go-openapi/swag/conv v0.29.1 // indirect
	github.com/go-openapi/swag/fileutils v0.29.1 // indirect
	github.com/go-openapi/swag/jsonutils v0.29.1 // indirect
	github.com/go-openapi/swag/loading v0.29.1 // indirect
	github.com/go-openapi/swag/mangling v0.29.1 // indirect
	github.com/go-openapi/swag/netutils v0.29.1 // indirect
	github.com/go-openapi/swag/pools v0.29.1 // indirect
	github.com/go-openapi/swag/stringutils v0.29.1 // indirect
	github.com/go-openapi/swag/typeutils v0.29.1 // indirect
	github.com/go-openapi/swag/yamlutils v0.29.1 // indirect
	github.com/google/gnostic-models v0.7.1 // indirect
	github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring v0.94.1 // indirect
	github.com/spf13/pflag v1.0.10 // indirect
	go.yaml.in/yaml/v2 v2.4.4 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/mod v0.39.0 // indirect
	golang.org/x/sync v0.23.0 // indirect
	golang.org/x/text v0.41.0 // indirect
	golang.org/x/tools v0.49.0 // indirect
	google.golang.org/protobuf v1.36.12 // indirect
	k8s.io/apimachinery v0.37.0 // indirect
	k8s.io/code-generator v0.37.0 // indirect
	k8s.io/gengo/v2 v2.0.0-20260408192533-25e2208e0dc3 // indirect
	k8s.io/klog/v2 v2.140.0 // indirect
	k8s.io/kube-openapi v0.0.0-20260821135717-be32def86098 // indirect
	sigs.k8s.io/structured-merge-diff/v6 v6.4.2 // indirect
)

tool (
	k8s.io/code-generator/cmd/applyconfiguration-gen
	k8s.io/code-generator/cmd/client-gen
	k8s.io/code-generator/cmd/informer-gen
	k8s.io/code-generator/cmd/lister-gen
)

replace github.com/prometheus-operator/prometheus-operator/pkg/client => ./client
