package model

import (
	"strings"
	"testing"
)

func TestResolveLeavesOutAnOperation(t *testing.T) {
	spec := []byte(`openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get: {operationId: getA, responses: {"200": {description: ok}}}
  /b:
    get: {operationId: getB, responses: {"200": {description: ok}}}
`)
	api, err := Build(Input{Name: "t", Package: "t", SpecPath: "spec.yaml", Spec: spec})
	if err != nil {
		t.Fatal(err)
	}
	notes, changed := Resolve(api, nil, map[string]string{"GetA": "undefined: Foo (client.go:12)"})
	if !changed || len(api.Operations) != 1 || api.Operations[0].GoName != "GetB" {
		t.Fatalf("operations after Resolve: %+v", api.Operations)
	}
	if api.Doc.Paths.Value("/a").Get != nil {
		t.Error("GET /a is still in the document handed to oapi-codegen")
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "GET /a (GetA) is left out") || !strings.Contains(notes[0], "undefined: Foo") {
		t.Errorf("warning %q must name the operation and the reason", notes)
	}
	last := api.Fixups[len(api.Fixups)-1]
	if last.Target != "$.paths['/a'].get" || !last.Remove {
		t.Errorf("fix-up %+v", last)
	}
	if _, again := Resolve(api, nil, map[string]string{"GetA": "x"}); again {
		t.Error("resolving an operation that is already gone reports a change")
	}
}
