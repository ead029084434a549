// Wrapper module that builds etcd for the gate's live stage: a private etcd on loopback behind
// the private kube-apiserver (see ../../toolchain.properties and ../kubernetes/).
//
// `go install go.etcd.io/etcd/server/v3@...` is refused because the server module's go.mod has
// replace directives (its sibling modules are folders of upstream's repository); this module
// requires it, so `go build go.etcd.io/etcd/server/v3` resolves the siblings from the module
// proxy at the versions the server module requires. The version is the etcd that Kubernetes
// v1.35.4 itself requires (its go.mod), pinned here only; a test ties the two.
//
// The bootstrap builds a copy of this folder in .tools/, so building never edits the repository.
module monitoring-gitops/validator/tools/etcd

go 1.25.0

require go.etcd.io/etcd/server/v3 v3.6.5
