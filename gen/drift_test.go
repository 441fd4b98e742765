package gen_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/apigen-dev/apigen/generator"
	"github.com/apigen-dev/apigen/generator/output"
)

// TestCommittedOutputIsFresh regenerates every vendor in memory and compares
// the result with the committed gen/ byte for byte, so a plain `go test ./...`
// fails when someone changed a spec, overlay, the config or the generator
// without running `go generate ./...`, or edited a generated file by hand.
func TestCommittedOutputIsFresh(t *testing.T) {
	cfg, err := generator.LoadConfig("../apigen.yaml")
	if err != nil {
		t.Fatal(err)
	}
	results, err := generator.Generate(context.Background(), cfg, generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 3 {
		t.Fatalf("%d vendors generated, want 3", len(results))
	}
	for _, r := range results {
		keep := map[string]bool{}
		for _, f := range r.Files {
			keep[f.Path] = true
			disk, err := os.ReadFile(filepath.Join(r.Dir, filepath.FromSlash(f.Path)))
			switch {
			case err != nil:
				t.Errorf("%s/%s is not committed: run go generate ./...", r.Vendor.Output, f.Path)
			case !bytes.Equal(disk, f.Data):
				t.Errorf("%s/%s is stale or hand-edited: run go generate ./...", r.Vendor.Output, f.Path)
			}
		}
		stale, err := output.Stale(r.Dir, keep)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range stale {
			t.Errorf("%s/%s is generated but no longer produced: run go generate ./...", r.Vendor.Output, s)
		}
	}
}

// TestGeneratedPackagesVet: generated code must compile and pass go vet.
func TestGeneratedPackagesVet(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go tool")
	}
	out, err := exec.Command("go", "vet", "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go vet ./gen/...: %v\n%s", err, out)
	}
}
