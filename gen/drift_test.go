package gen_test

import (
	"context"
	"os/exec"
	"testing"

	"github.com/apigen-dev/apigen/generator"
)

// TestCommittedOutputIsFresh is apigen check inside go test: regenerate
// every vendor in memory and compare with the committed gen/ byte for byte,
// so a plain `go test ./...` fails when someone changed a spec, overlay, the
// config or the generator without running `go generate ./...`, or edited a
// generated file by hand.
func TestCommittedOutputIsFresh(t *testing.T) {
	cfg, err := generator.LoadConfig("../apigen.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := generator.Check(context.Background(), cfg, generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) < 15 {
		t.Fatalf("only %d generated files compared", len(res.Files))
	}
	for _, d := range res.Drift {
		t.Errorf("%s is %s: run go generate ./...\n%.2000s", d.Path, d.Kind, d.Diff)
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
