package generator_test

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apigen-dev/apigen/generator"
)

// TestNamesAreStable: adding unrelated schemas and operations to a spec
// must not rename any Go identifier the package already exported (types,
// fields, functions, the services and their methods), or callers break on
// a harmless vendor change.
func TestNamesAreStable(t *testing.T) {
	spec, err := os.ReadFile("testdata/name-collisions/spec.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// Tagged, listClients is the method List of the service Clients.
	base := []byte(strings.Replace(string(spec), "      operationId: listClients\n", "      operationId: listClients\n      tags: [clients]\n", 1))
	grown := strings.Replace(string(base), "paths:\n", `paths:
  /clients/{id}:
    get:
      operationId: getClient
      tags: [clients]
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        "200":
          description: one client
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Client"}
  /stats:
    get:
      operationId: getStats
      tags: [stats]
      responses:
        "200":
          description: inline
          content:
            application/json:
              schema: {type: object, properties: {count: {type: integer}}}
  /zebras:
    get:
      operationId: listZebras
      parameters:
        - {name: "filter[type]", in: query, schema: {type: string}}
      responses:
        "200":
          description: zebras
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Zebra"}}
`, 1) + `    Zebra:
      type: object
      properties:
        stripes: {type: integer}
        kind: {$ref: "#/components/schemas/Kind"}
        type: {type: string, enum: [a, plains]}
`
	before := exported(t, generate(t, base))
	after := exported(t, generate(t, []byte(grown)))
	for _, name := range []string{"Client.Clients", "ClientsService.List", "Client.ListZebras"} {
		if !before[name] && !after[name] {
			t.Errorf("%s is not generated: the test no longer looks at the services", name)
		}
	}
	for _, name := range []string{"ClientsService.Get", "StatsService.Get", "GetStatsResult"} {
		if !after[name] {
			t.Errorf("%s is not generated for the added operations", name)
		}
	}
	for name := range before {
		if !after[name] {
			t.Errorf("%s disappeared after an unrelated addition", name)
		}
	}
	if len(after) <= len(before) {
		t.Errorf("the addition generated nothing new (%d → %d identifiers)", len(before), len(after))
	}
}

// generate returns the Go files of the package made from spec.
func generate(t *testing.T, spec []byte) [][]byte {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "spec.yaml"), spec, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := &generator.Config{Path: "test", Dir: dir, Vendors: []generator.Vendor{{Name: "s", Package: "s", Spec: "spec.yaml", Output: "out"}}}
	res, err := generator.Generate(context.Background(), cfg, generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, f := range res[0].Files {
		if strings.HasSuffix(f.Path, ".go") {
			out = append(out, f.Data)
		}
	}
	if len(out) < 2 {
		t.Fatal("no Go files")
	}
	return out
}

// exported lists the package-level exported identifiers, methods as
// Type.Method and struct fields as Type.Field.
func exported(t *testing.T, srcs [][]byte) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, src := range srcs {
		f, err := parser.ParseFile(token.NewFileSet(), "x.go", src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		collect(f, out)
	}
	for k, exp := range out {
		if !exp {
			delete(out, k)
		}
	}
	return out
}

func collect(f *ast.File, out map[string]bool) {
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			name := d.Name.Name
			if d.Recv != nil {
				name = strings.TrimPrefix(types(d.Recv.List[0].Type), "*") + "." + name
			}
			out[name] = ast.IsExported(d.Name.Name)
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					out[s.Name.Name] = s.Name.IsExported()
					if st, ok := s.Type.(*ast.StructType); ok {
						for _, fl := range st.Fields.List {
							for _, n := range fl.Names {
								out[s.Name.Name+"."+n.Name] = n.IsExported()
							}
						}
					}
				case *ast.ValueSpec:
					for _, n := range s.Names {
						out[n.Name] = n.IsExported()
					}
				}
			}
		}
	}
}

func types(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return "*" + types(e.X)
	case *ast.Ident:
		return e.Name
	}
	return ""
}
