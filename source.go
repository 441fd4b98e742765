// Package apigen embeds apigen's own source: what generated output depends
// on (the generator's Go files, its templates, go.mod and go.sum).
//
// The fast path (generator/state.go) identifies "this apigen" by a hash of
// it. A `go run` binary (what `go generate ./...` uses) and a `go build`
// binary of the same commit share this source, where they do not share a Go
// build ID; any edit to the generator or a dependency version changes it.
// The commands live in cmd/apigen.
package apigen

import "embed"

// Source is apigen's own source. The test files in it change nothing
// generated, but an embed pattern cannot leave them out; editing one only
// costs the next check its fast path.
//
//go:embed go.mod go.sum generator/*.go generator/*/*.go templates/*.tmpl
var Source embed.FS
