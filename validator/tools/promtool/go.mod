// Wrapper module that builds promtool at the version of the pinned Prometheus image.
//
// `go install github.com/prometheus/prometheus/cmd/promtool@v0.314.0` is refused because
// Prometheus' own go.mod has exclude and replace directives; a module that requires Prometheus
// and restates those directives builds the same promtool with `go build`. Prometheus module
// v0.314.0 is image v3.14.0 (v0.MAJORMINOR.PATCH). The version is pinned here only: the
// validator reads it from this require line (see ../../toolchain.properties), and a test ties
// it to the image tag in base/prometheus/.
//
// The bootstrap builds a copy of this folder in .tools/, so building never edits the repository.
module monitoring-gitops/validator/tools/promtool

go 1.25.8

require github.com/prometheus/prometheus v0.314.0

// Restated from github.com/prometheus/prometheus v0.314.0's go.mod.
exclude github.com/linode/linodego v1.0.0

exclude (
	github.com/grpc-ecosystem/grpc-gateway v1.14.7
	google.golang.org/api v0.30.0
)

replace cloud.google.com/go => cloud.google.com/go v0.123.0
