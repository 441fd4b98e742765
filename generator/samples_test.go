package generator_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/apigen-dev/apigen/internal/samplerun"
)

// TestHostileSamplesExecuteNothing runs the bash samples of the
// samples-quoting case, whose examples, title and server URL are full of
// $(...), backticks, quotes and newlines, with the real curl against a
// server that records what arrives. Nothing may run (no PWNED file appears)
// and every value must arrive byte for byte as the spec gives it.
func TestHostileSamplesExecuteNothing(t *testing.T) {
	curl := needTool(t, "curl")
	bash := needTool(t, "bash")
	dir := t.TempDir()
	files := runCase(t, filepath.Join("testdata", "samples-quoting"))
	overlay := filepath.Join(dir, "samples.yaml")
	if err := os.WriteFile(overlay, files["code-samples.overlay.yaml"], 0o644); err != nil {
		t.Fatal(err)
	}
	all, err := samplerun.Read(overlay)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	seen := map[string]*http.Request{}
	bodies := map[string][]byte{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen[r.URL.EscapedPath()] = r
		bodies[r.URL.EscapedPath()] = b
		mu.Unlock()
	}))
	defer srv.Close()
	shells := samplerun.Filter(all, "Shell")
	if len(shells) != 2 {
		t.Fatalf("%d bash samples, want 2", len(shells))
	}
	for _, s := range shells {
		cmd := exec.Command(bash, "-c", s.Source)
		cmd.Dir = dir
		cmd.Env = samplerun.Env(map[string]string{"SAMPLES_QUOTING_BASE_URL": srv.URL, "SAMPLES_QUOTING_TOKEN": "t0k", "PATH": filepath.Dir(curl) + ":/usr/bin:/bin"})
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s\n%s", s.Target, err, out, s.Source)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "PWNED*")); len(m) > 0 {
		t.Fatalf("a sample executed spec text: %v", m)
	}
	item := seen["/items/a%27b$%28touch%20PWNED-path%29%60touch%20PWNED-path2%60"]
	if item == nil {
		t.Fatalf("the item request did not arrive with its path intact; seen %v", keys(seen))
	}
	q := item.URL.Query()
	if got, want := q.Get("q"), "$(touch PWNED-query); echo 'x' \"y\" \\ !! ${HOME}"; got != want {
		t.Errorf("query q = %q, want %q", got, want)
	}
	if got := q["filter[tags][]"]; len(got) != 2 || got[0] != "a b" || got[1] != "c'd" {
		t.Errorf("filter[tags][] = %q, want [a b, c'd] as repeated keys", got)
	}
	if got, want := item.Header.Get("X-Note"), "it's `touch PWNED-header` $(touch PWNED-header2)"; got != want {
		t.Errorf("X-Note = %q, want %q", got, want)
	}
	if got := item.Header.Get("X-Token"); got != "t0k" {
		t.Errorf("X-Token = %q: the token must come from the environment", got)
	}
	var body map[string]string
	if err := json.Unmarshal(bodies["/items/a%27b$%28touch%20PWNED-path%29%60touch%20PWNED-path2%60"], &body); err != nil {
		t.Fatal(err)
	}
	if body["name"] != "O'Brien $(touch PWNED-body) `touch PWNED-body2`" || body["note"] != "line one\nline two '@\n'@ end" {
		t.Errorf("body = %q", body)
	}
	form := seen["/forms"]
	if form == nil {
		t.Fatal("the form request did not arrive")
	}
	values, _ := url.ParseQuery(string(bodies["/forms"]))
	if values.Get("@file") != "@/etc/passwd" || values.Get("plain") != "x=1&y='2' $(touch PWNED-form)" {
		t.Errorf("form = %q: a value starting with @ must be sent as text, never read as a file", values)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// needTool finds a command a test cannot do without: outside CI a missing
// tool skips the test, in CI (CI=true) it fails it, since .ci/run installs
// every tool the tests need.
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
