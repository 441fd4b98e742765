package generator_test

import (
	"context"
	"errors"
	"flag"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/apigen-dev/apigen/generator"
	"github.com/apigen-dev/apigen/generator/output"
	"github.com/apigen-dev/apigen/internal/samplerun"
)

var update = flag.Bool("update", false, "rewrite testdata/<case>/want from the generator's current output")

// TestGolden runs the whole in-memory pipeline on every case folder in
// testdata and compares the files (or the error, in want/error.txt) with
// what is committed. Each case: spec.yaml or spec.json, optional overlays/
// (applied in name order), and want/.
func TestGolden(t *testing.T) {
	for _, dir := range caseDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			got := runCase(t, dir)
			want := filepath.Join(dir, "want")
			if *update {
				if err := os.RemoveAll(want); err != nil {
					t.Fatal(err)
				}
				writeTree(t, want, got)
				return
			}
			compareTree(t, want, got)
		})
	}
}

func caseDirs(t *testing.T) []string {
	t.Helper()
	dirs, err := filepath.Glob("testdata/*")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range dirs {
		// testdata/hostile holds its own table of cases (hostile_test.go).
		if fi, err := os.Stat(d); err == nil && fi.IsDir() && filepath.Base(d) != "hostile" {
			out = append(out, d)
		}
	}
	if len(out) < 8 {
		t.Fatalf("found %d golden cases; the suite has at least 8", len(out))
	}
	return out
}

// runCase generates one case and returns its files keyed by path; an error
// becomes the single file error.txt, and the warnings (what was repaired,
// degraded or left out) are warnings.txt, so a change in them shows too.
func runCase(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	spec := "spec.yaml"
	if _, err := os.Stat(filepath.Join(dir, spec)); err != nil {
		spec = "spec.json"
	}
	overlays, _ := filepath.Glob(filepath.Join(dir, "overlays", "*.yaml"))
	sort.Strings(overlays)
	for i, o := range overlays {
		rel, err := filepath.Rel(dir, o)
		if err != nil {
			t.Fatal(err)
		}
		overlays[i] = filepath.ToSlash(rel)
	}
	pkg := strings.ReplaceAll(filepath.Base(dir), "-", "")
	cfg := &generator.Config{Path: "golden", Dir: dir, Vendors: []generator.Vendor{{
		Name: filepath.Base(dir), Package: pkg, Spec: spec, Overlays: overlays, Output: "want",
	}}}
	res, err := generator.Generate(context.Background(), cfg, generator.Options{})
	if err != nil {
		return map[string][]byte{"error.txt": []byte(err.Error() + "\n")}
	}
	files := map[string][]byte{}
	for _, f := range res[0].Files {
		files[f.Path] = f.Data
	}
	if w := res[0].Warnings; len(w) > 0 {
		files["warnings.txt"] = []byte(strings.Join(w, "\n") + "\n")
	}
	return files
}

func writeTree(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	var list []output.File
	for p, d := range files {
		list = append(list, output.File{Path: p, Data: d})
	}
	if _, err := output.Write(dir, list); err != nil {
		t.Fatal(err)
	}
}

func compareTree(t *testing.T, dir string, got map[string][]byte) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("%v (run go test ./generator -run TestGolden -update)", err)
	}
	for _, e := range entries {
		if _, ok := got[e.Name()]; !ok {
			t.Errorf("want/%s is no longer generated", e.Name())
		}
	}
	for name, data := range got {
		want, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("new output %s (not in want/): %.300s", name, data)
			continue
		}
		if string(want) != string(data) {
			t.Errorf("%s differs from want/ (run with -update if intended):\n%s", name, firstDiff(string(want), string(data)))
		}
	}
}

// firstDiff shows the first differing line with a little context.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + wl + "\n  got:  " + gl
		}
	}
	return "(identical lines; length differs)"
}

// TestGoldenCompiles builds and vets every golden package that is Go code:
// the generated client must compile and pass go vet, not just look right.
// The cases' Go samples, merged into one program, are vetted in the same
// run: a sample that does not compile is a broken promise too.
func TestGoldenCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go tool")
	}
	var pkgs, samples []string
	for _, dir := range caseDirs(t) {
		want := filepath.Join(dir, "want")
		if _, err := os.Stat(filepath.Join(want, "client.go")); err == nil {
			pkgs = append(pkgs, "./"+filepath.ToSlash(want))
		}
		all, err := samplerun.Read(filepath.Join(want, "code-samples.overlay.yaml"))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range samplerun.Filter(all, "Go") {
			samples = append(samples, s.Source)
		}
	}
	if len(pkgs) < 4 || len(samples) < 20 {
		t.Fatalf("only %d golden cases produce Go code, with %d Go samples", len(pkgs), len(samples))
	}
	src, err := samplerun.GoProgram(samples)
	if err != nil {
		t.Fatal(err)
	}
	// Inside the module, so the samples' imports of the golden packages
	// resolve; the leading underscore keeps ./... away from it.
	dir, err := os.MkdirTemp(".", "_golden-samples-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.WriteFile(filepath.Join(dir, "main.go"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	pkgs = append(pkgs, "./"+filepath.ToSlash(dir))
	cmd := exec.Command("go", append([]string{"vet"}, pkgs...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet %v: %v\n%s", pkgs, err, out)
	}
}
