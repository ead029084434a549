// Package generate writes the Prometheus Operator's typed client (module
// github.com/prometheus-operator/prometheus-operator/pkg/client) into ./client before the
// operator is built.
//
// The operator's go.mod replaces that module with a folder of its own repository, and the Go
// module proxy does not serve it, so neither `go install` nor a plain wrapper can build
// cmd/operator. The client is generated code: the bootstrap regenerates it here from the pinned
// API module (pkg/apis/monitoring, required in go.mod) with the Kubernetes code generators
// pinned as tools in go.mod, with the arguments of the upstream Makefile's k8s-client-gen
// target. The bootstrap runs `go generate .` in a copy of this folder, never in the repository.
package generate

//go:generate go tool applyconfiguration-gen --go-header-file header.txt --output-pkg github.com/prometheus-operator/prometheus-operator/pkg/client/applyconfiguration --output-dir client/applyconfiguration github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1 github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1alpha1 github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1beta1
//go:generate go tool client-gen --go-header-file header.txt --apply-configuration-package github.com/prometheus-operator/prometheus-operator/pkg/client/applyconfiguration --input-base github.com/prometheus-operator/prometheus-operator/pkg/apis --clientset-name versioned --output-pkg github.com/prometheus-operator/prometheus-operator/pkg/client --output-dir client --input monitoring/v1 --input monitoring/v1beta1 --input monitoring/v1alpha1
//go:generate go tool lister-gen --go-header-file header.txt --output-pkg github.com/prometheus-operator/prometheus-operator/pkg/client/listers --output-dir client/listers github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1 github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1alpha1 github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1beta1
//go:generate go tool informer-gen --go-header-file header.txt --versioned-clientset-package github.com/prometheus-operator/prometheus-operator/pkg/client/versioned --listers-package github.com/prometheus-operator/prometheus-operator/pkg/client/listers --output-pkg github.com/prometheus-operator/prometheus-operator/pkg/client/informers --output-dir client/informers github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1 github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1alpha1 github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1beta1
