package spectree

import (
	"encoding/json"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func parse(t testing.TB, src string) *yaml.Node {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(src), &n); err != nil {
		t.Fatal(err)
	}
	return &n
}

const danglingSpec = `openapi: 3.0.3
paths:
  /a:
    get:
      parameters:
        - $ref: "#/components/parameters/Gone"
        - name: q
          in: query
          schema: {$ref: "#/components/parameters/Limit"}
          example: {$ref: "#/nowhere"}
      responses:
        "200":
          $ref: "#/components/responses/Missing"
        "201":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
              x-note: {$ref: "#/nothing"}
components:
  parameters:
    Limit: {name: limit, in: query, schema: {type: integer}}
  schemas:
    Pet:
      type: object
      properties:
        owner: {$ref: "#/components/schemas/Owner"}
        "a/b": {type: string}
`

// TestFindDangling: only references where the specification allows one
// are judged, and each comes with its role and JSONPath.
func TestFindDangling(t *testing.T) {
	got := map[Path]string{}
	for _, d := range FindDangling(parse(t, danglingSpec)) {
		got[d.At] = d.Why
	}
	want := map[Path]string{
		"$.paths['/a'].get.parameters[0]":           "points at nothing",
		"$.paths['/a'].get.parameters[1].schema":    "points at a parameter, not a schema",
		"$.paths['/a'].get.responses['200']":        "points at nothing",
		"$.components.schemas.Pet.properties.owner": "points at nothing",
	}
	if len(got) != len(want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
	for at, why := range want {
		if got[at] != why {
			t.Errorf("%s: got %q, want %q", at, got[at], why)
		}
	}
}

// TestDrop removes the dangling parameter from its list and keeps the rest.
func TestDrop(t *testing.T) {
	doc := parse(t, danglingSpec)
	var params []Dangling
	for _, d := range FindDangling(doc) {
		if d.Role == Parameter {
			params = append(params, d)
		}
	}
	Drop(params)
	list := Lookup(doc, "#/paths/~1a/get/parameters")
	if list == nil || len(list.Content) != 1 || Lookup(doc, "#/paths/~1a/get/parameters/0/name").Value != "q" {
		t.Fatalf("parameters after Drop: %+v", list)
	}
}

func TestLookup(t *testing.T) {
	doc := parse(t, danglingSpec)
	for ref, want := range map[string]string{
		"#/components/parameters/Limit/name":            "limit",
		"#/components/schemas/Pet/properties/a~1b/type": "string",
		"#/paths/~1a/get/parameters/1/in":               "query",
		"#/paths/%7E1a/get/parameters/1/name":           "",
		"#/components/schemas/Nope":                     "",
		"other.yaml#/components/schemas/Pet":            "",
	} {
		n := Lookup(doc, ref)
		got := ""
		if n != nil {
			got = n.Value
		}
		if ref == "#/paths/%7E1a/get/parameters/1/name" {
			want = "q" // percent-encoded pointers are decoded first
		}
		if got != want {
			t.Errorf("Lookup(%s) = %q, want %q", ref, got, want)
		}
	}
}

// TestWalkPaths: JSONPaths are normalized as overlay targets are written.
func TestWalkPaths(t *testing.T) {
	var schemas []Path
	Walk(parse(t, danglingSpec), func(n *yaml.Node, role Role, at Path, _ *yaml.Node, _ int) bool {
		if role == Schema {
			schemas = append(schemas, at)
		}
		return true
	})
	joined := strings.Join(func() []string {
		var s []string
		for _, p := range schemas {
			s = append(s, string(p))
		}
		return s
	}(), "\n")
	for _, want := range []string{
		"$.paths['/a'].get.parameters[1].schema",
		"$.paths['/a'].get.responses['201'].content['application/json'].schema",
		"$.components.schemas.Pet.properties['a/b']",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("no schema at %s in\n%s", want, joined)
		}
	}
}

func TestPath(t *testing.T) {
	p := Path("$").Key("paths").Key("/a's").Key("get").Key("parameters").Index(2)
	if want := `$.paths['/a\'s'].get.parameters[2]`; string(p) != want {
		t.Errorf("got %s, want %s", p, want)
	}
	if got, ok := FromRef("#/components/schemas/a~1b~0c"); !ok || got != "$.components.schemas['a/b~c']" {
		t.Errorf("FromRef: %s %v", got, ok)
	}
	if _, ok := FromRef("x.yaml#/a"); ok {
		t.Error("FromRef took a reference into another file")
	}
}

// TestJSON: keys in document order, aliases expanded, numbers as written,
// a number beyond float64 kept as text.
func TestJSON(t *testing.T) {
	src := "b: 1\na: &x {n: 1.5e3, big: 1e400, t: yes, s: 'yes', nil: ~, tab: \"a\\tb\"}\nc: *x\nd: [0x1F, .inf]\n"
	got, err := JSON(parse(t, src))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"b":1,"a":{"n":1.5e3,"big":"1e400","t":"yes","s":"yes","nil":null,"tab":"a\tb"},"c":{"n":1.5e3,"big":"1e400","t":"yes","s":"yes","nil":null,"tab":"a\tb"},"d":[31,".inf"]}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// FuzzTree: any YAML is walked, searched for dangling references and
// written as JSON without a panic, and the JSON is valid.
func FuzzTree(f *testing.F) {
	f.Add(danglingSpec)
	f.Add("swagger: '2.0'\ndefinitions: {A: {$ref: '#/definitions/B'}}\n")
	f.Add("a: &a [*a]\n")
	f.Fuzz(func(t *testing.T, src string) {
		var n yaml.Node
		if yaml.Unmarshal([]byte(src), &n) != nil {
			return
		}
		Walk(&n, func(*yaml.Node, Role, Path, *yaml.Node, int) bool { return true })
		Drop(FindDangling(&n))
		if js, err := JSON(&n); err == nil && !json.Valid(js) {
			t.Fatalf("invalid JSON %s", js)
		}
	})
}
