package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageAndHelp(t *testing.T) {
	for _, tc := range []struct {
		args     []string
		code     int
		inStdout string
		inStderr string
	}{
		{nil, exitUsage, "Usage:", ""},
		{[]string{"help"}, exitOK, "apigen generate", ""},
		{[]string{"--help"}, exitOK, "Usage:", ""},
		{[]string{"generate", "--help"}, exitOK, "--spec FILE", ""},
		{[]string{"help", "generate"}, exitOK, "-overlay file", ""},
		{[]string{"version", "--help"}, exitOK, "apigen version", ""},
		{[]string{"bogus"}, exitUsage, "", `unknown command "bogus"`},
		{[]string{"generate", "--nope"}, exitUsage, "", "flag provided but not defined: -nope"},
		{[]string{"generate", "--spec", "x.yaml"}, exitUsage, "", "--spec needs --package and --out"},
		{[]string{"generate", "--package", "x"}, exitUsage, "", "go with --spec"},
		{[]string{"generate", "stray"}, exitUsage, "", `unexpected argument "stray"`},
		{[]string{"version"}, exitOK, "apigen ", ""},
	} {
		code, stdout, stderr := runCLI(t, tc.args...)
		if tc.code == exitOK && stderr != "" {
			t.Errorf("apigen %v wrote to stderr: %q", tc.args, stderr)
		}
		if strings.Count(stdout, "Usage") > 1 {
			t.Errorf("apigen %v printed its usage twice", tc.args)
		}
		if code != tc.code || !strings.Contains(stdout, tc.inStdout) || !strings.Contains(stderr, tc.inStderr) {
			t.Errorf("apigen %v: exit %d, stdout %q, stderr %q; want exit %d with %q / %q",
				tc.args, code, stdout, stderr, tc.code, tc.inStdout, tc.inStderr)
		}
	}
}

func TestGenerateAdHoc(t *testing.T) {
	out := filepath.Join(t.TempDir(), "pets")
	spec := "../../generator/testdata/swagger20/spec.json"
	code, stdout, stderr := runCLI(t, "generate", "--spec", spec, "--package", "pets", "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	n := strconv.Itoa(len(entries))
	if !strings.Contains(stdout, n+" written, 0 unchanged") {
		t.Errorf("summary %q, want %s files written", stdout, n)
	}
	client, err := os.ReadFile(filepath.Join(out, "services.go"))
	if err != nil || !bytes.Contains(client, []byte("func (c *Client) ListPets(")) {
		t.Fatalf("services.go not generated as expected: %v", err)
	}
	if _, err := os.Stat(".apigen"); err == nil {
		t.Error("ad-hoc generate wrote a fast-path record into the working directory")
	}
	// Second run: nothing changes.
	code, stdout, _ = runCLI(t, "generate", "--spec", spec, "--package", "pets", "--out", out)
	if code != exitOK || !strings.Contains(stdout, "0 written, "+n+" unchanged") {
		t.Errorf("rerun: exit %d, %q", code, stdout)
	}
}

// TestBrokenInputLeavesOutputIntact: a broken spec or overlay is a one-line
// error naming the file and place, exit 1, and the previous output survives
// byte for byte.
func TestBrokenInputLeavesOutputIntact(t *testing.T) {
	out := filepath.Join(t.TempDir(), "pkg")
	good := "../../generator/testdata/overlay-order/spec.yaml"
	if code, _, stderr := runCLI(t, "generate", "--spec", good, "--package", "pkg", "--out", out); code != exitOK {
		t.Fatalf("good spec: %s", stderr)
	}
	before := snapshot(t, out)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--spec", "../../generator/testdata/broken-yaml/spec.yaml"}, "broken-yaml/spec.yaml:9:1: load: invalid YAML"},
		{[]string{"--spec", good, "--overlay", "../../generator/testdata/strict-miss/overlays/10-miss.yaml"}, "10-miss.yaml:7:5: action 2"},
		{[]string{"--spec", "does-not-exist.yaml"}, "--spec does-not-exist.yaml: no such file"},
	} {
		code, _, stderr := runCLI(t, append(append([]string{"generate"}, tc.args...), "--package", "pkg", "--out", out)...)
		if code != exitError || !strings.Contains(stderr, tc.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q; want exit 1 and one line containing %q", tc.args, code, stderr, tc.want)
		}
		if after := snapshot(t, out); after != before {
			t.Errorf("%v: output changed after a failed run", tc.args)
		}
	}
}

func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(e.Name() + "\n" + string(data))
	}
	return b.String()
}

// TestStrict: a warning (here, a lossy fix-up) passes normally and fails
// with --strict, naming it.
func TestStrict(t *testing.T) {
	spec := filepath.Join(t.TempDir(), "spec.yaml")
	doc := "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\nservers: [{url: \"https://x.example\"}]\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema: {type: array}\n"
	if err := os.WriteFile(spec, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "pkg")
	code, _, stderr := runCLI(t, "generate", "--spec", spec, "--package", "pkg", "--out", out)
	if code != exitOK || !strings.Contains(stderr, "warning: "+spec+": fix-up at") || !strings.Contains(stderr, "array without items") {
		t.Fatalf("without --strict: exit %d, %q", code, stderr)
	}
	code, _, stderr = runCLI(t, "generate", "--strict", "--spec", spec, "--package", "pkg", "--out", out)
	if code != exitError || !strings.Contains(stderr, "--strict: fix-up at") {
		t.Fatalf("with --strict: exit %d, %q", code, stderr)
	}
}
