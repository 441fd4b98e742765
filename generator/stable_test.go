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

// TestNamesAreStable: adding unrelated schemas and an operation to a spec
// must not rename any Go identifier the package already exported, or
// callers break on a harmless vendor change.
func TestNamesAreStable(t *testing.T) {
	base, err := os.ReadFile("testdata/name-collisions/spec.yaml")
	if err != nil {
		t.Fatal(err)
	}
	grown := strings.Replace(string(base), "paths:\n", `paths:
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
	for name := range before {
		if !after[name] {
			t.Errorf("%s disappeared after an unrelated addition", name)
		}
	}
	if len(after) <= len(before) {
		t.Errorf("the addition generated nothing new (%d → %d identifiers)", len(before), len(after))
	}
}

func generate(t *testing.T, spec []byte) []byte {
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
	for _, f := range res[0].Files {
		if f.Path == "client.go" {
			return f.Data
		}
	}
	t.Fatal("no client.go")
	return nil
}

// exported lists the package-level exported identifiers, methods as
// Type.Method and struct fields as Type.Field.
func exported(t *testing.T, src []byte) map[string]bool {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "client.go", src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
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
	for k, exp := range out {
		if !exp {
			delete(out, k)
		}
	}
	return out
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
