package generator

import (
	"context"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestAddVendorWritesDirective: in a new repository the first add-vendor
// also writes the //go:generate line, with the command that fits the
// module; once a line runs apigen, none is added.
func TestAddVendorWritesDirective(t *testing.T) {
	spec, err := filepath.Abs("testdata/openapi30/spec.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, gomod, want string
	}{
		{"other module", "module example.com/specs\n\ngo 1.24\n", "//go:generate go run github.com/apigen-dev/apigen/cmd/apigen generate -q --config ../apigen.yaml\n"},
		{"apigen as a tool", "module example.com/specs\n\ngo 1.24\n\ntool github.com/apigen-dev/apigen/cmd/apigen\n", "//go:generate go tool apigen generate -q --config ../apigen.yaml\n"},
		{"apigen itself", "module github.com/apigen-dev/apigen\n\ngo 1.24\n", "//go:generate go run ../cmd/apigen generate -q --config ../apigen.yaml\n"},
		{"no module", "", "//go:generate go run github.com/apigen-dev/apigen/cmd/apigen generate -q --config ../apigen.yaml\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.gomod != "" {
				if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(tc.gomod), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cfg := filepath.Join(dir, "apigen.yaml")
			written, err := AddVendor(context.Background(), cfg, NewVendor{Name: "acme", Package: "acme", SpecFile: spec})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(written, "gen/generate.go") {
				t.Fatalf("wrote %v, no gen/generate.go", written)
			}
			src, err := os.ReadFile(filepath.Join(dir, "gen", "generate.go"))
			if err != nil {
				t.Fatal(err)
			}
			f, err := parser.ParseFile(token.NewFileSet(), "generate.go", src, parser.ParseComments)
			if err != nil || f.Name.Name != "gen" {
				t.Fatalf("gen/generate.go does not parse as package gen: %v\n%s", err, src)
			}
			if !strings.Contains(string(src), "\n"+tc.want) {
				t.Errorf("gen/generate.go:\n%s\nwant the line %q", src, tc.want)
			}
			// The directive is there now: the next vendor adds none.
			written, err = AddVendor(context.Background(), cfg, NewVendor{Name: "beta", Package: "beta", SpecFile: spec})
			if err != nil {
				t.Fatal(err)
			}
			if slices.ContainsFunc(written, func(w string) bool { return strings.HasPrefix(w, "gen/") }) {
				t.Errorf("second vendor wrote %v; the directive exists already", written)
			}
		})
	}
}
