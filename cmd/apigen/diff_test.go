package main

import (
	"encoding/json"
	"encoding/xml"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const pairs = "../../generator/diff/testdata/"

func TestDiffExitCodes(t *testing.T) {
	base := pairs + "base.yaml"
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{base, pairs + "removed-field.yaml"}, exitDrift},
		{[]string{base, pairs + "added-operation.yaml"}, exitOK},
		{[]string{"--fail-on", "any", base, pairs + "added-operation.yaml"}, exitDrift},
		{[]string{base, base}, exitOK},
		{[]string{base}, exitUsage},
		{[]string{"--fail-on", "some", base, base}, exitUsage},
		{[]string{"--format", "pdf", base, base}, exitUsage},
		{[]string{base, "../../generator/testdata/broken-yaml/spec.yaml"}, exitToolError},
		// Laid out differently, same API; the circular $ref (libopenapi
		// reports it while building) is no reason to fail.
		{[]string{pairs + "cyclic.yaml", pairs + "cyclic-reformatted.yaml"}, exitOK},
		// Identical bytes take a shortcut, which must still refuse a broken spec.
		{[]string{"../../generator/testdata/broken-yaml/spec.yaml", "../../generator/testdata/broken-yaml/spec.yaml"}, exitToolError},
	} {
		if code, _, stderr := runCLI(t, append([]string{"diff"}, tc.args...)...); code != tc.code {
			t.Errorf("diff %v: exit %d, want %d (%s)", tc.args, code, tc.code, stderr)
		}
	}
}

func TestDiffReportsGoEffect(t *testing.T) {
	code, out, _ := runCLI(t, "diff", pairs+"base.yaml", pairs+"removed-operation.yaml", "--format", "json")
	if code != exitDrift {
		t.Fatalf("exit %d", code)
	}
	var r struct {
		Breaking int
		Changes  []struct {
			Location, What string
			Breaking       bool
		}
		GoAPI []struct {
			Owner   string
			Changes []struct {
				Name, What string
				Breaking   bool
			}
		} `json:"goAPI"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	// One removed operation is one Go API finding, listing every
	// identifier that went with it.
	var found []string
	groups := 0
	for _, g := range r.GoAPI {
		if !strings.HasPrefix(g.Owner, "operation DELETE /pets/{id}") {
			continue
		}
		groups++
		for _, c := range g.Changes {
			if c.What == "removed" && c.Breaking {
				found = append(found, c.Name)
			}
		}
	}
	if groups != 1 || !slices.Contains(found, "(*Client).DeletePet") || r.Breaking < 2 {
		t.Errorf("want the removed operation's Go identifiers in one breaking finding: %+v", r)
	}
}

func TestDiffFormats(t *testing.T) {
	args := []string{"diff", pairs + "base.yaml", pairs + "new-required-param.yaml", "--format"}
	_, out, _ := runCLI(t, append(args, "junit")...)
	var suite struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
	}
	if err := xml.Unmarshal([]byte(out), &suite); err != nil || suite.Failures < 1 || suite.Tests < suite.Failures {
		t.Errorf("junit: %v %+v", err, suite)
	}
	_, out, _ = runCLI(t, append(args, "github")...)
	if !strings.Contains(out, "::error file="+filepath.ToSlash(pairs+"new-required-param.yaml")+",line=") || !strings.Contains(out, "GET /pets: parameters added: owner") {
		t.Errorf("github: %q", out)
	}
	_, out, _ = runCLI(t, append(args, "markdown")...)
	if !strings.Contains(out, "| ❌ | GET /pets | parameters added: owner |") {
		t.Errorf("markdown: %q", out)
	}
	_, out, _ = runCLI(t, append(args, "text")...)
	if !strings.Contains(out, "BREAKING GET /pets: parameters added: owner (../../generator/diff/testdata/new-required-param.yaml:") {
		t.Errorf("text: %q", out)
	}
}
