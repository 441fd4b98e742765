package corpus

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestEveryCorpusSpecCompiles generates every public spec in shared/corpus
// with apigen and requires each package to compile and pass go vet.
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
	}
	cmd := exec.Command("go", append([]string{"vet"}, pkgs...)...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet of the corpus packages: %v\n%s", err, out)
	}
	t.Logf("%d/%d corpus specs generate, compile and vet", len(pkgs), len(specs))
}
