package load

import (
	"strings"
	"testing"
)

// TestDanglingIsNotAProblem: a local $ref to nothing in an OpenAPI 3
// document is counted for the model, which degrades what uses it, and is
// not reported as the problem that explains a later failure.
func TestDanglingIsNotAProblem(t *testing.T) {
	spec, err := Load("spec.yaml", []byte(`openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Missing"}
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(spec.Problems) != 0 || spec.Dangling == 0 {
		t.Fatalf("problems %v, dangling %d", spec.Problems, spec.Dangling)
	}
}

// TestUpgradeRepairsDangling: the Swagger 2.0 upgrade, which refuses a
// document with one local $ref to nothing, degrades what uses each one and
// warns at the line of the $ref.
func TestUpgradeRepairsDangling(t *testing.T) {
	spec, err := Load("spec.json", []byte(`{"swagger": "2.0", "info": {"title": "t", "version": "1"},
 "paths": {"/a": {"get": {"parameters": [{"$ref": "#/parameters/Nope"}],
   "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Missing"}}, "404": {"$ref": "#/responses/Gone"}}}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(spec.Warnings, "\n")
	for _, want := range []string{
		`spec.json:2:51: $ref "#/parameters/Nope" at $.paths['/a'].get.parameters[0] points at nothing; it is left out`,
		`spec.json:3:66: $ref "#/definitions/Missing" at $.paths['/a'].get.responses['200'].schema points at nothing; any value is accepted here`,
		`$ref "#/responses/Gone" at $.paths['/a'].get.responses['404'] points at nothing; the response's body is not typed`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("warnings lack %q:\n%s", want, got)
		}
	}
	if len(spec.Problems) != 0 {
		t.Errorf("problems: %v", spec.Problems)
	}
	if strings.Contains(string(spec.Bytes), "#/definitions/") || !strings.Contains(string(spec.Bytes), `"openapi": "3.0.3"`) {
		t.Errorf("upgraded document:\n%s", spec.Bytes)
	}
}
