package goclient

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/imports"

	"github.com/apigen-dev/apigen/generator/load"
	"github.com/apigen-dev/apigen/generator/model"
)

// formatClient must give exactly the bytes oapi-codegen's own formatting
// (imports.Process) gives, or every committed client would churn. The
// vendors' specs always run; APIGEN_CORPUS=dir adds every spec there.
func TestFormatMatchesImportsProcess(t *testing.T) {
	specs, _ := filepath.Glob("../../specs/*/openapi.yaml")
	specs = append(specs, "../testdata/fixups/spec.yaml", "../testdata/name-collisions/spec.yaml")
	vendors := len(specs)
	if dir := os.Getenv("APIGEN_CORPUS"); dir != "" {
		more, _ := filepath.Glob(filepath.Join(dir, "*.*"))
		specs = append(specs, more...)
	}
	for i, path := range specs {
		t.Run(filepath.Base(filepath.Dir(path))+"/"+filepath.Base(path), func(t *testing.T) {
			raw := rawFor(t, path, i >= vendors)
			want, err := imports.Process("p.go", raw, nil)
			if err != nil {
				skip(t, i >= vendors, "oapi-codegen's output does not format: %v", err)
			}
			got, err := formatClient("p", raw, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.src, want) {
				t.Errorf("formatClient differs from imports.Process (%d vs %d bytes)", len(got.src), len(want))
			}
		})
	}
}

// skip skips a corpus spec apigen cannot take; anything else must work.
func skip(t *testing.T, corpus bool, format string, args ...any) {
	t.Helper()
	if corpus {
		t.Skipf(format, args...)
	}
	t.Fatalf(format, args...)
}

// rawFor is oapi-codegen's unformatted output for the spec at path.
func rawFor(t *testing.T, path string, corpus bool) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	spec, err := load.Load(path, data)
	if err != nil {
		skip(t, corpus, "does not load: %v", err)
	}
	api, err := model.Build(model.Input{Name: "p", Package: "p", SpecPath: path, Spec: spec.Bytes})
	if err != nil {
		skip(t, corpus, "no model: %v", err)
	}
	raw, _, err := rawClient(api)
	if err != nil {
		skip(t, corpus, "oapi-codegen fails: %v", err)
	}
	return []byte(raw)
}

// A spec's x-go-type-import of a package oapi-codegen imports itself
// (encoding/json for json.Number) must not import it twice.
func TestDedupImports(t *testing.T) {
	raw := []byte("package p\n\nimport (\n\t\"encoding/json\"\n\t\"fmt\"\n\n\t\"encoding/json\"\n\tj \"encoding/json\"\n)\n")
	want := "package p\n\nimport (\n\t\"encoding/json\"\n\t\"fmt\"\n\n\t\n\tj \"encoding/json\"\n)\n"
	if got := string(dedupImports(raw)); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
