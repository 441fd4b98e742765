package gen_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/apigen-dev/apigen/internal/samplerun"
)

var vendors = []string{"stormwall", "wallarm", "admtools"}

var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// TestEveryOperationHasThreeSamples counts the operations of each vendor's
// snapshot and checks that the decorated spec gives every one of them the
// cURL, Windows and Go samples, each non-empty.
func TestEveryOperationHasThreeSamples(t *testing.T) {
	for _, v := range vendors {
		t.Run(v, func(t *testing.T) {
			want := countOperations(t, filepath.Join("..", "specs", v, "openapi.yaml"))
			var doc struct {
				Paths map[string]map[string]json.RawMessage `json:"paths"`
			}
			readJSON(t, filepath.Join(v, "openapi.decorated.json"), &doc)
			got := 0
			for path, item := range doc.Paths {
				for m, raw := range item {
					if !slices.Contains(methods, m) {
						continue
					}
					got++
					var op struct {
						Samples []struct{ Lang, Label, Source string } `json:"x-codeSamples"`
					}
					if err := json.Unmarshal(raw, &op); err != nil {
						t.Fatal(err)
					}
					var labels []string
					for _, s := range op.Samples {
						if strings.TrimSpace(s.Source) == "" {
							t.Errorf("%s %s: %s sample is empty", m, path, s.Label)
						}
						labels = append(labels, s.Label)
					}
					if !slices.Equal(labels, []string{"cURL", "cURL (Windows)", "Go"}) {
						t.Errorf("%s %s: samples %v, want cURL, cURL (Windows), Go", m, path, labels)
					}
				}
			}
			if got != want || got == 0 {
				t.Errorf("decorated spec has %d operations, the snapshot %d", got, want)
			}
			t.Logf("%d operations, %d samples", got, 3*got)
		})
	}
}

// countOperations counts method keys under paths in a spec (Swagger 2.0 or
// OpenAPI 3: the same shape there).
func countOperations(t *testing.T, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]any `yaml:"paths"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, item := range doc.Paths {
		for m := range item {
			if slices.Contains(methods, m) {
				n++
			}
		}
	}
	return n
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// needTool finds a command the test cannot do without. Outside CI a
// missing tool skips the test; in CI (CI=true) it fails it, since .ci/run
// installs every tool a test needs.
func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed; .ci/run installs it", name)
	}
	t.Skipf("%s is not installed (CI installs it)", name)
	return ""
}

// TestShellcheckSamples runs shellcheck over every bash sample.
func TestShellcheckSamples(t *testing.T) {
	shellcheck := needTool(t, "shellcheck")
	dir := t.TempDir()
	var files []string
	for _, v := range vendors {
		all, err := samplerun.Read(filepath.Join(v, "code-samples.overlay.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		for i, s := range samplerun.Filter(all, "Shell") {
			f := filepath.Join(dir, fmt.Sprintf("%s-%04d.sh", v, i))
			if err := os.WriteFile(f, []byte("#!/usr/bin/env bash\n"+s.Source), 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
	}
	for start := 0; start < len(files); start += 200 {
		batch := files[start:min(start+200, len(files))]
		out, err := exec.Command(shellcheck, append([]string{"--shell=bash", "--format=gcc"}, batch...)...).CombinedOutput()
		if err != nil {
			t.Errorf("shellcheck: %v\n%s", err, out)
		}
	}
	t.Logf("shellcheck passed %d bash samples", len(files))
}

// buildGoSamples builds every Go sample of a vendor into one program and
// returns the binary, which runs sample i when given i.
func buildGoSamples(t *testing.T, vendor string) (string, []samplerun.Sample) {
	t.Helper()
	all, err := samplerun.Read(filepath.Join(vendor, "code-samples.overlay.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	goSamples := samplerun.Filter(all, "Go")
	var sources []string
	for _, s := range goSamples {
		sources = append(sources, s.Source)
	}
	src, err := samplerun.GoProgram(sources)
	if err != nil {
		t.Fatal(err)
	}
	// Inside the module, so the samples' import of the generated package
	// resolves; the leading underscore keeps ./... away from it.
	dir, err := os.MkdirTemp(".", "_samples-"+vendor+"-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.WriteFile(filepath.Join(dir, "main.go"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), vendor+"-samples")
	if out, err := exec.Command("go", "build", "-o", bin, "./"+dir).CombinedOutput(); err != nil {
		t.Fatalf("the Go samples of %s do not build: %v\n%s", vendor, err, out)
	}
	if out, err := exec.Command("go", "vet", "./"+dir).CombinedOutput(); err != nil {
		t.Fatalf("go vet on the Go samples of %s: %v\n%s", vendor, err, out)
	}
	return bin, goSamples
}

func TestGoSamplesBuild(t *testing.T) {
	for _, v := range vendors {
		t.Run(v, func(t *testing.T) {
			_, s := buildGoSamples(t, v)
			t.Logf("%d Go samples build and vet", len(s))
		})
	}
}
