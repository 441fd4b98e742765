package main

import (
	"bytes"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"
)

// workflow is the part of a GitHub Actions workflow the tests read.
type workflow struct {
	On   map[string]any `yaml:"on"`
	Jobs map[string]struct {
		If          string            `yaml:"if"`
		Needs       any               `yaml:"needs"`
		Permissions map[string]string `yaml:"permissions"`
		Outputs     map[string]string `yaml:"outputs"`
		Steps       []struct {
			ID   string `yaml:"id"`
			Name string `yaml:"name"`
			If   string `yaml:"if"`
			Uses string `yaml:"uses"`
			Run  string `yaml:"run"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

func readWorkflow(t *testing.T) workflow {
	t.Helper()
	data, err := os.ReadFile("../../.github/workflows/drift.yml")
	if err != nil {
		t.Fatal(err)
	}
	var wf workflow
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatal(err)
	}
	return wf
}

// jobRun is what running one job's run: steps left behind.
type jobRun struct {
	outputs map[string]string // the job's outputs, evaluated
	steps   map[string]map[string]string
	failed  string // the step that failed ("" when none did)
	log     string
}

// runJob runs a job's run: steps in order in dir, as the runner does
// (bash -eo pipefail, GITHUB_OUTPUT per step, one GITHUB_STEP_SUMMARY),
// skipping marketplace actions; it stops at the first failing step.
func runJob(t *testing.T, wf workflow, job, dir string, env []string) jobRun {
	t.Helper()
	j := wf.Jobs[job]
	res := jobRun{outputs: map[string]string{}, steps: map[string]map[string]string{}}
	var log strings.Builder
	tmp := t.TempDir()
	for i, s := range j.Steps {
		if s.Run == "" {
			continue
		}
		if strings.Contains(s.Run, "${{") {
			t.Errorf("job %s step %d: an expression inside run: is a script-injection risk; pass it through env", job, i+1)
		}
		out := filepath.Join(tmp, fmt.Sprintf("output-%d", i))
		script := filepath.Join(tmp, fmt.Sprintf("step-%d.sh", i))
		os.WriteFile(out, nil, 0o644)
		os.WriteFile(script, []byte(s.Run), 0o644)
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", script)
		cmd.Dir = dir
		cmd.Env = append(env, "GITHUB_OUTPUT="+out)
		b, err := cmd.CombinedOutput()
		fmt.Fprintf(&log, "--- %s: %s\n%s", job, s.Name+s.Run[:min(len(s.Run), 60)], b)
		outputs := map[string]string{}
		data, _ := os.ReadFile(out)
		for _, line := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(line, "="); ok {
				outputs[k] = v
			}
		}
		if s.ID != "" {
			res.steps[s.ID] = outputs
		}
		if err != nil {
			res.failed = s.Name
			if res.failed == "" {
				res.failed = s.Run
			}
			break
		}
	}
	ref := regexp.MustCompile(`^\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}$`)
	for name, expr := range j.Outputs {
		m := ref.FindStringSubmatch(expr)
		if m == nil {
			t.Fatalf("job %s: output %s = %q: the test reads only steps.ID.outputs.NAME", job, name, expr)
		}
		res.outputs[name] = res.steps[m[1]][m[2]]
	}
	res.log = log.String()
	return res
}

// vendorSite is the vendors' side: a direct spec (StormWall), a Swagger UI
// page whose urls.primaryName selects the spec (Wallarm), and a
// documentation page (adm.tools), over HTTPS.
type vendorSite struct {
	mu        sync.Mutex
	stormwall []byte // nil: the source is down (HTTP 500)
	wallarm   []byte
	srv       *httptest.Server
}

func newVendorSite(t *testing.T) *vendorSite {
	s := &vendorSite{}
	mux := http.NewServeMux()
	serve := func(get func() []byte) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			s.mu.Lock()
			body := get()
			s.mu.Unlock()
			if body == nil {
				http.Error(w, "down for maintenance", http.StatusInternalServerError)
				return
			}
			w.Write(body)
		}
	}
	mux.HandleFunc("/v3/api/swagger.json", serve(func() []byte { return s.stormwall }))
	mux.HandleFunc("/console/v2.json", serve(func() []byte { return s.wallarm }))
	mux.HandleFunc("/console/v1.json", serve(func() []byte {
		return []byte(`{"swagger": "2.0", "info": {"title": "old", "version": "1"}, "paths": {}}`)
	}))
	mux.HandleFunc("/console/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<!DOCTYPE html><html><body><div id="swagger-ui"></div><script>
window.ui = SwaggerUIBundle({urls: [{url: "./v1.json", name: "v1"}, {url: "./v2.json", name: "v2"}], "urls.primaryName": "v2", dom_id: "#swagger-ui"});
</script></body></html>`)
	})
	mux.HandleFunc("/action/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<!DOCTYPE html><html><body><h1>API actions</h1><p>POST /action/billing/balance_get/</p></body></html>`)
	})
	s.srv = httptest.NewTLSServer(mux)
	t.Cleanup(s.srv.Close)
	return s
}

func (s *vendorSite) set(stormwall, wallarm []byte) {
	s.mu.Lock()
	s.stormwall, s.wallarm = stormwall, wallarm
	s.mu.Unlock()
}

// caFile writes the site's certificate where Go's TLS stack reads extra
// roots from (SSL_CERT_FILE), so the workflow's commands run unchanged.
func (s *vendorSite) caFile(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.srv.Certificate().Raw}), 0o644)
	return p
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// TestDriftWorkflowRuns runs the workflow's own run: steps, in order,
// against a local HTTPS vendor site: nothing changed; one vendor changed
// with a breaking change; one vendor's source down while another changed.
func TestDriftWorkflowRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("builds apigen and runs go generate in a copy of the repository")
	}
	wf := readWorkflow(t)
	site := newVendorSite(t)
	dir := repoCopy(t)
	cfgPath := filepath.Join(dir, "apigen.yaml")
	cfg, _ := os.ReadFile(cfgPath)
	// Only the sources move to the local site; the servers the clients
	// call stay, so the generated code does not change.
	for from, to := range map[string]string{
		"source: https://api.stormwall.pro/":          "source: " + site.srv.URL + "/",
		"source: https://apiconsole.us1.wallarm.com/": "source: " + site.srv.URL + "/console/",
		"source: https://adm.tools/action/":           "source: " + site.srv.URL + "/action/",
	} {
		if !bytes.Contains(cfg, []byte(from)) {
			t.Fatalf("apigen.yaml has no %q", from)
		}
		cfg = bytes.ReplaceAll(cfg, []byte(from), []byte(to))
	}
	os.WriteFile(cfgPath, cfg, 0o644)
	git(t, dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qam", "sources on the local site")

	stormwall, _ := os.ReadFile(filepath.Join(dir, "specs/stormwall/openapi.yaml"))
	wallarm, _ := os.ReadFile(filepath.Join(dir, "specs/wallarm/openapi.yaml"))
	lockBefore, _ := os.ReadFile(filepath.Join(dir, "specs/stormwall/lock.yaml"))
	// One operation removed (one no overlay decorates): a breaking change.
	redirects := regexp.MustCompile(`(?ms)^  /v3/domains/\{domainId\}/redirects:\n.*?^  /`)
	stormwallBroken := redirects.ReplaceAll(stormwall, []byte("  /"))
	// One operation added: not breaking.
	wallarmGrown := bytes.Replace(wallarm, []byte("\npaths:\n"), []byte("\npaths:\n  /v1/ping:\n    get:\n      operationId: ping\n      responses:\n        \"200\":\n          description: pong\n"), 1)
	if bytes.Equal(stormwallBroken, stormwall) || bytes.Equal(wallarmGrown, wallarm) {
		t.Fatal("the scenario's spec edits did not apply")
	}

	runnerTemp := t.TempDir()
	summary := filepath.Join(runnerTemp, "summary.md")
	env := append(os.Environ(), "RUNNER_TEMP="+runnerTemp, "GITHUB_STEP_SUMMARY="+summary, "SSL_CERT_FILE="+site.caFile(t), "CI=true")
	reset := func() {
		git(t, dir, "reset", "-q", "--hard")
		git(t, dir, "clean", "-qfd") // untracked, not ignored: bin/ and .apigen/ stay
		os.RemoveAll(filepath.Join(runnerTemp, "drift"))
		os.Remove(summary)
	}
	prIf := wf.Jobs["pull-request"].If
	if !strings.Contains(prIf, "needs.drift.outputs.changed == 'true'") {
		t.Fatalf("the pull-request job's if %q: want it to depend on needs.drift.outputs.changed", prIf)
	}

	t.Run("nothing changed", func(t *testing.T) {
		reset()
		site.set(stormwall, wallarm)
		r := runJob(t, wf, "drift", dir, env)
		if r.failed != "" || r.outputs["changed"] != "false" || r.outputs["breaking"] != "false" {
			t.Fatalf("failed %q, outputs %v\n%s", r.failed, r.outputs, r.log)
		}
		if st := git(t, dir, "status", "--porcelain"); st != "" {
			t.Errorf("the tree changed (a report or a rewritten lock?):\n%s", st)
		}
		report := readFile(t, filepath.Join(runnerTemp, "drift", "report.md"))
		for _, want := range []string{"### apigen diff: stormwall", "### apigen diff: wallarm", "### apigen diff: admtools", "Skipped: documented only",
			"stormwall: unchanged (" + site.srv.URL + "/v3/api/swagger.json)", "wallarm: unchanged (" + site.srv.URL + "/console/v2.json)", "admtools: skipped"} {
			if !strings.Contains(report, want) {
				t.Errorf("the report lacks %q:\n%s", want, report)
			}
		}
		if !strings.Contains(readFile(t, summary), "### apigen check") {
			t.Error("the step summary lacks the report")
		}
	})

	t.Run("one vendor breaks", func(t *testing.T) {
		reset()
		site.set(stormwallBroken, wallarm)
		r := runJob(t, wf, "drift", dir, env)
		if r.failed != "" || r.outputs["changed"] != "true" || r.outputs["breaking"] != "true" {
			t.Fatalf("failed %q, outputs %v\n%s", r.failed, r.outputs, r.log)
		}
		report := readFile(t, filepath.Join(runnerTemp, "drift", "report.md"))
		for _, want := range []string{"### apigen diff: stormwall", "`specs/stormwall/openapi.yaml` → `" + site.srv.URL + "/v3/api/swagger.json`",
			"| ❌ | paths | /v3/domains/{domainId}/redirects removed: /v3/domains/{domainId}/redirects | `specs/stormwall/openapi.yaml:268` |",
			"operation POST /v3/domains/{domainId}/redirects (SetRedirects) | removed (*DomainsService).SetRedirects",
			"stormwall: changed (+0 −1 operations"} {
			if !strings.Contains(report, want) {
				t.Errorf("the report lacks %q:\n%s", want, report)
			}
		}
		changed := prJob(t, wf, dir, env)
		for _, want := range []string{"specs/stormwall/openapi.yaml", "specs/stormwall/lock.yaml", "gen/stormwall/client.go"} {
			if !strings.Contains(changed, want) {
				t.Errorf("the pull request lacks %s:\n%s", want, changed)
			}
		}
		if strings.Contains(changed, "wallarm") || strings.Contains(changed, "admtools") {
			t.Errorf("the pull request touches vendors that did not change:\n%s", changed)
		}
	})

	t.Run("one source down", func(t *testing.T) {
		reset()
		site.set(nil, wallarmGrown)
		r := runJob(t, wf, "drift", dir, env)
		if r.failed != "every vendor compared and fetched?" || r.outputs["changed"] != "true" || r.outputs["breaking"] != "false" {
			t.Fatalf("want only the last step to fail, the others updated: failed %q, outputs %v\n%s", r.failed, r.outputs, r.log)
		}
		report := readFile(t, filepath.Join(runnerTemp, "drift", "report.md"))
		for _, want := range []string{"### apigen diff: stormwall", "apigen could not compare", "HTTP 500", "### apigen diff: wallarm", "wallarm: changed (+1 −0 operations"} {
			if !strings.Contains(report, want) {
				t.Errorf("the report lacks %q:\n%s", want, report)
			}
		}
		if lock := readFile(t, filepath.Join(dir, "specs/stormwall/lock.yaml")); lock != string(lockBefore) {
			t.Error("the vendor that was down had its lock rewritten")
		}
		changed := prJob(t, wf, dir, env)
		if !strings.Contains(changed, "specs/wallarm/openapi.yaml") || strings.Contains(changed, "stormwall") {
			t.Errorf("want wallarm's update only:\n%s", changed)
		}
	})
}

// prJob runs the pull-request job's run: steps on a fresh checkout, with
// the artifact the drift job left in RUNNER_TEMP, and returns the files
// staged for the pull request.
func prJob(t *testing.T, wf workflow, dir string, env []string) string {
	t.Helper()
	git(t, dir, "reset", "-q", "--hard")
	git(t, dir, "clean", "-qfd")
	r := runJob(t, wf, "pull-request", dir, env)
	if r.failed != "" {
		t.Fatalf("pull-request job: %s\n%s", r.failed, r.log)
	}
	return git(t, dir, "diff", "--cached", "--name-only")
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestActionlint lints the workflow with actionlint (which runs shellcheck
// over every run: script). .ci/run installs it with go install.
func TestActionlint(t *testing.T) {
	bin, err := exec.LookPath("actionlint")
	if err != nil {
		gopath, _ := exec.Command("go", "env", "GOPATH").Output()
		bin = filepath.Join(strings.TrimSpace(string(gopath)), "bin", "actionlint")
		if _, err := os.Stat(bin); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatal("actionlint is not installed: .ci/run installs it")
			}
			t.Skip("actionlint is not installed (go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12)")
		}
	}
	cmd := exec.Command(bin, "-no-color", ".github/workflows/drift.yml")
	cmd.Dir = "../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("actionlint: %v\n%s", err, out)
	}
}
