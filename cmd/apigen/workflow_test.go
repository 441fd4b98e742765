package main

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestDriftWorkflow keeps the example workflow honest: it parses, and every
// apigen command and flag it runs exists.
func TestDriftWorkflow(t *testing.T) {
	data, err := os.ReadFile("../../.github/workflows/drift.yml")
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		On   map[string]any `yaml:"on"`
		Jobs map[string]struct {
			Steps []struct {
				Uses string `yaml:"uses"`
				Run  string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatal(err)
	}
	for _, trigger := range []string{"schedule", "pull_request"} {
		if _, ok := wf.On[trigger]; !ok {
			t.Errorf("workflow does not run on %s", trigger)
		}
	}
	invocation := regexp.MustCompile(`bin/apigen ([a-z]+)([^|>;\n]*)`)
	seen := map[string]bool{}
	for name, job := range wf.Jobs {
		for _, step := range job.Steps {
			if step.Uses != "" && !strings.Contains(step.Uses, "@v") {
				t.Errorf("job %s: action %s is not pinned to a version", name, step.Uses)
			}
			for _, m := range invocation.FindAllStringSubmatch(step.Run, -1) {
				seen[m[1]] = true
				var help bytes.Buffer
				if code := run(context.Background(), []string{m[1], "--help"}, &help, &help); code != exitOK {
					t.Errorf("job %s runs apigen %s, which is not a command", name, m[1])
					continue
				}
				for _, f := range strings.Fields(m[2]) {
					if flag, ok := strings.CutPrefix(f, "--"); ok && !strings.Contains(help.String(), "-"+strings.Split(flag, "=")[0]+" ") {
						t.Errorf("job %s: apigen %s has no flag --%s", name, m[1], flag)
					}
				}
			}
		}
	}
	for _, cmd := range []string{"check", "diff", "fetch"} {
		if !seen[cmd] {
			t.Errorf("the workflow never runs apigen %s", cmd)
		}
	}
}
