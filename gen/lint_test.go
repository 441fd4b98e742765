package gen_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// redocly is Redocly CLI as web/package-lock.json pins it (npm ci --prefix
// web). Outside CI a missing install skips; in CI it fails.
func redocly(t *testing.T) string {
	t.Helper()
	needTool(t, "node")
	bin, _ := filepath.Abs(filepath.Join("..", "web", "node_modules", ".bin", "redocly"))
	if _, err := os.Stat(bin); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Redocly CLI is not installed (.ci/run runs npm ci --prefix web): %v", err)
		}
		t.Skip("Redocly CLI is not installed: run npm ci --prefix web")
	}
	return bin
}

type lintProblem struct {
	RuleID   string `json:"ruleId"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Location []struct {
		Pointer string `json:"pointer"`
	} `json:"location"`
}

// lint runs redocly lint with web/redocly.yaml on the given API aliases or
// files and returns every problem it reports, warnings included.
func lint(t *testing.T, args ...string) []lintProblem {
	t.Helper()
	cmd := exec.Command(redocly(t), append([]string{"lint", "--config", "redocly.yaml", "--format=json", "--max-problems=50"}, args...)...)
	cmd.Dir = filepath.Join("..", "web")
	// No usage report or update check: CI has no network to send them to.
	cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var report struct {
		Problems []lintProblem `json:"problems"`
	}
	if jerr := json.Unmarshal(out, &report); jerr != nil {
		t.Fatalf("redocly lint %v: %v (exit: %v)\n%s\n%s", args, jerr, err, out, stderr.String())
	}
	return report.Problems
}

// TestDecoratedSpecsLint: every decorated spec passes Redocly CLI's
// recommended rules, with only the rules web/redocly.yaml turns off (each
// with its reason there), plus its checks of the x-codeSamples format
// docs platforms read: lang, label, source.
func TestDecoratedSpecsLint(t *testing.T) {
	for _, v := range vendors {
		t.Run(v, func(t *testing.T) {
			for _, p := range lint(t, v) {
				where := ""
				if len(p.Location) > 0 {
					where = p.Location[0].Pointer
				}
				t.Errorf("%s %s at %s: %s", p.Severity, p.RuleID, where, p.Message)
			}
		})
	}
}

// TestLintCatchesBadCodeSamples: the x-codeSamples rules are in force. A
// copy of a decorated spec with an unknown lang, an empty source and a
// missing label gets one error of each rule.
func TestLintCatchesBadCodeSamples(t *testing.T) {
	var doc map[string]any
	readJSON(t, filepath.Join("stormwall", "openapi.decorated.json"), &doc)
	var op map[string]any
	for _, item := range doc["paths"].(map[string]any) {
		for _, o := range item.(map[string]any) {
			if m, ok := o.(map[string]any); ok && m["x-codeSamples"] != nil {
				op = m
			}
		}
	}
	if op == nil {
		t.Fatal("no operation with x-codeSamples")
	}
	samples := op["x-codeSamples"].([]any)
	samples[0].(map[string]any)["lang"] = "Bashy"
	samples[1].(map[string]any)["source"] = ""
	delete(samples[2].(map[string]any), "label")
	data, _ := json.Marshal(doc)
	path := filepath.Join(t.TempDir(), "broken.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var rules []string
	for _, p := range lint(t, path) {
		rules = append(rules, p.RuleID)
	}
	slices.Sort(rules)
	want := []string{"rule/x-code-sample-fields", "rule/x-code-sample-lang", "rule/x-code-sample-text"}
	if !slices.Equal(rules, want) {
		t.Errorf("lint found %s, want %s", strings.Join(rules, ", "), strings.Join(want, ", "))
	}
}
