// Package gen holds the committed, generated client packages, one directory
// per vendor in apigen.yaml. Nothing here is edited by hand: change the spec
// snapshot, an overlay or the config, then run `go generate ./...` (or
// `make generate`) from the repository root.
//
// `go run` builds apigen from this module, so the pinned dependency versions
// are used, never whatever apigen binary happens to be on PATH.
package gen

//go:generate go run ../cmd/apigen generate -q --config ../apigen.yaml
