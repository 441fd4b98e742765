package corpus

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/apigen-dev/apigen/internal/samplerun"
)

// TestEveryCorpusSpecCompiles generates every public spec in shared/corpus
// with apigen and requires each package, and the Go samples written for
// it, to compile and pass go vet.
func TestEveryCorpusSpecCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and vets 33 packages")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "..", "shared", "corpus")
	specs, _ := Specs(dir)
	if len(specs) == 0 {
		if os.Getenv("CI") != "" {
			t.Fatalf("no corpus at %s: CI clones shared/ beside the repository", dir)
		}
		t.Skipf("no corpus at %s", dir)
	}
	work, err := os.MkdirTemp(root, ".corpus-test-") // inside the module, so imports resolve
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(work) })
	var pkgs []string
	generated, samples := 0, 0
	for _, spec := range specs {
		r, ops := Apigen(spec, work)
		if !r.Generated {
			t.Errorf("%s: %s", filepath.Base(spec), r.Err)
			continue
		}
		if ops == 0 && filepath.Base(spec) != "ogen-positive-webhooks.json" {
			t.Errorf("%s: no operations generated", filepath.Base(spec))
		}
		rel, _ := filepath.Rel(root, r.Dir)
		pkgs = append(pkgs, "./"+filepath.ToSlash(rel))
		generated++
		if dir, n := goSamples(t, r.Dir); n > 0 {
			rel, _ := filepath.Rel(root, dir)
			pkgs = append(pkgs, "./"+filepath.ToSlash(rel))
			samples += n
		}
	}
	cmd := exec.Command("go", append([]string{"vet"}, pkgs...)...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet of the corpus packages: %v\n%s", err, out)
	}
	t.Logf("%d/%d corpus specs generate, compile and vet, with %d Go samples", generated, len(specs), samples)
}

// goSamples merges the Go samples of the package in dir into one program
// inside it and returns its folder and the number of samples.
func goSamples(t *testing.T, dir string) (string, int) {
	t.Helper()
	all, err := samplerun.Read(filepath.Join(dir, "code-samples.overlay.yaml"))
	if err != nil {
		t.Errorf("%s: %v", dir, err)
		return "", 0
	}
	var srcs []string
	for _, s := range samplerun.Filter(all, "Go") {
		srcs = append(srcs, s.Source)
	}
	if len(srcs) == 0 {
		return "", 0
	}
	src, err := samplerun.GoProgram(srcs)
	if err != nil {
		t.Errorf("%s: %v", dir, err)
		return "", 0
	}
	out := filepath.Join(dir, "samples")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "main.go"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	return out, len(srcs)
}
