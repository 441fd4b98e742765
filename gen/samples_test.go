package gen_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/apigen-dev/apigen/internal/mockapi"
	"github.com/apigen-dev/apigen/internal/samplerun"
)

var vendors = []string{"stormwall", "wallarm", "admtools"}

var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// TestEveryOperationHasThreeSamples lists the operations of each vendor's
// snapshot and checks that the decorated spec has every one of them (and
// those the overlays add, such as adm.tools' get_id) with the cURL,
// Windows and Go samples, each non-empty.
func TestEveryOperationHasThreeSamples(t *testing.T) {
	for _, v := range vendors {
		t.Run(v, func(t *testing.T) {
			want := operations(t, filepath.Join("..", "specs", v, "openapi.yaml"))
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
					if !want[m+" "+path] {
						t.Logf("%s %s comes from an overlay", m, path)
					}
					delete(want, m+" "+path)
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
			if len(want) > 0 || got == 0 {
				t.Errorf("the decorated spec (%d operations) lacks the snapshot's %v", got, slices.Sorted(maps.Keys(want)))
			}
			t.Logf("%d operations, %d samples", got, 3*got)
		})
	}
}

// operations lists "method path" of every operation in a spec (Swagger 2.0
// or OpenAPI 3: the same shape there).
func operations(t *testing.T, path string) map[string]bool {
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
	out := map[string]bool{}
	for p, item := range doc.Paths {
		for m := range item {
			if slices.Contains(methods, m) {
				out[m+" "+p] = true
			}
		}
	}
	return out
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

// vendorMock starts the validating mock of a vendor's decorated spec. Each
// credential the spec declares is accepted only with the value the test
// puts in its environment variable; env holds those variables and the base
// URL pointing at the mock (with the server's own path, e.g. /action).
func vendorMock(t *testing.T, vendor string) (*mockapi.Server, map[string]string) {
	t.Helper()
	path := filepath.Join(vendor, "openapi.decorated.json")
	spec, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Servers    []struct{ URL string } `json:"servers"`
		Components struct {
			SecuritySchemes map[string]struct {
				Credential struct{ Env string } `json:"x-apigen-credential"`
			} `json:"securitySchemes"`
		} `json:"components"`
	}
	if err := json.Unmarshal(spec, &doc); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{}
	secrets := map[string]string{}
	for name, s := range doc.Components.SecuritySchemes {
		if s.Credential.Env == "" {
			t.Fatalf("%s: scheme %s names no env variable", path, name)
		}
		env[s.Credential.Env] = "secret-" + strings.ToLower(s.Credential.Env)
		secrets[name] = env[s.Credential.Env]
	}
	mock, err := mockapi.New(spec, mockapi.Options{Secrets: secrets})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(mock.Close)
	base := mock.URL
	if len(doc.Servers) > 0 {
		u, err := url.Parse(doc.Servers[0].URL)
		if err != nil {
			t.Fatal(err)
		}
		base += strings.TrimSuffix(u.Path, "/")
	}
	env[strings.ToUpper(vendor)+"_BASE_URL"] = base
	return mock, env
}

// TestSamplesRunAgainstValidatingMock is the samples' proof: every Go
// sample and every bash cURL sample of every vendor runs against a mock
// that validates the request against the decorated spec (path, method,
// parameters, body) and the vendor's credentials. Each must exit 0 having
// sent exactly one request the mock accepted: 100% of samples, no
// allow-list.
func TestSamplesRunAgainstValidatingMock(t *testing.T) {
	curl := needTool(t, "curl")
	for _, v := range vendors {
		t.Run(v, func(t *testing.T) {
			bin, goSamples := buildGoSamples(t, v)
			all, err := samplerun.Read(filepath.Join(v, "code-samples.overlay.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			type job struct {
				s   samplerun.Sample
				cmd func() *exec.Cmd
			}
			var jobs []job
			for i, s := range goSamples {
				jobs = append(jobs, job{s, func() *exec.Cmd { return exec.Command(bin, fmt.Sprint(i)) }})
			}
			shells := samplerun.Filter(all, "Shell")
			for _, s := range shells {
				jobs = append(jobs, job{s, func() *exec.Cmd { return exec.Command("bash", "-c", s.Source) }})
			}
			// Workers, each with its own mock, so a mock's record of calls
			// belongs to the one sample running against it.
			var wg sync.WaitGroup
			for w := range 4 {
				mock, env := vendorMock(t, v)
				env["PATH"] = filepath.Dir(curl) + ":/usr/bin:/bin"
				wg.Go(func() {
					for i := w; i < len(jobs); i += 4 {
						runSample(t, mock, env, jobs[i].s, jobs[i].cmd())
					}
				})
			}
			wg.Wait()
			t.Logf("%d Go and %d cURL samples accepted by the validating mock", len(goSamples), len(shells))
		})
	}
}

// runSample runs one sample against mock: it must exit 0 having made
// exactly one request, which the mock accepted.
func runSample(t *testing.T, mock *mockapi.Server, env map[string]string, s samplerun.Sample, cmd *exec.Cmd) {
	mock.Reset()
	cmd.Env = samplerun.Env(env)
	out, err := cmd.CombinedOutput()
	calls := mock.Calls()
	switch {
	case err != nil:
		t.Errorf("%s %s sample: %v\n%s\ncalls: %+v", s.Target, s.Label, err, out, calls)
	case len(calls) != 1:
		t.Errorf("%s %s sample made %d requests, want 1: %+v", s.Target, s.Label, len(calls), calls)
	case len(calls[0].Problems) > 0:
		t.Errorf("%s %s sample was refused: %s\n%s", s.Target, s.Label, strings.Join(calls[0].Problems, "; "), s.Source)
	}
}
