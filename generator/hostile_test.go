package generator_test

import (
	"context"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apigen-dev/apigen/generator"
	"github.com/apigen-dev/apigen/generator/output"
	"github.com/apigen-dev/apigen/internal/samplerun"
)

// expectation is a hostile case's expect.json.
type expectation struct {
	// "ok", "error", or "degraded": generated, with a warning that holds
	// Contains (the part left out or loosened, named with its JSONPath).
	Outcome  string `json:"outcome"`
	Contains string `json:"contains"` // text the error or a warning must hold
	Why      string `json:"why"`
}

// The payloads call pwned(): as a token of its own it can only be code.
// Names apigen derives from the text (XFuncInitPanicPwned) are one
// identifier and harmless.
const payload = "pwned"

// TestHostileSpecs runs every case of testdata/hostile, specs written to
// break a generator: code injection through every name and text, shell
// injection through samples, path traversal, alias bombs, deep nesting,
// cyclic and remote $refs, huge numbers, invalid UTF-8. Each either fails
// with a clear error or generates a package that compiles and vets, in
// which the injected text is never Go code (no identifier holds "pwned"),
// and whose bash samples run without executing anything.
func TestHostileSpecs(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/hostile/*")
	if len(dirs) < 30 {
		t.Fatalf("%d hostile cases; the corpus has at least 30", len(dirs))
	}
	// Inside the module, so go vet resolves the packages' imports; the
	// underscore keeps ./... away.
	root, err := os.MkdirTemp(".", "_hostile-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(root)
	var built []string
	for _, dir := range dirs {
		name := filepath.Base(dir)
		var want expectation
		data, err := os.ReadFile(filepath.Join(dir, "expect.json"))
		if err != nil || json.Unmarshal(data, &want) != nil {
			t.Fatalf("%s: expect.json: %v", name, err)
		}
		t.Run(name, func(t *testing.T) {
			files, warnings, err := generateHostile(dir)
			if want.Outcome == "error" {
				if err == nil {
					t.Fatalf("%s generated; want an error (%s)", name, want.Why)
				}
				if !strings.Contains(err.Error(), want.Contains) || !strings.Contains(err.Error(), "spec.yaml") {
					t.Fatalf("error %q should name spec.yaml and contain %q", err, want.Contains)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s: %v", want.Why, err)
			}
			if want.Outcome == "degraded" && !strings.Contains(strings.Join(warnings, "\n"), want.Contains) {
				t.Errorf("no warning holds %q (%s):\n%s", want.Contains, want.Why, strings.Join(warnings, "\n"))
			}
			checkNoInjectedCode(t, files)
			runBashSamples(t, files)
			out := filepath.Join(root, strings.ReplaceAll(name, "-", ""))
			if _, err := output.Write(out, files); err != nil {
				t.Fatal(err)
			}
			built = append(built, "./"+out)
		})
	}
	if len(built) == 0 {
		return
	}
	if out, err := exec.Command("go", append([]string{"vet"}, built...)...).CombinedOutput(); err != nil {
		t.Fatalf("generated hostile packages do not vet: %v\n%s", err, out)
	}
	t.Logf("%d hostile cases; %d generated packages compile and vet", len(dirs), len(built))
}

func generateHostile(dir string) ([]output.File, []string, error) {
	pkg := "hostile"
	cfg := &generator.Config{Path: "hostile", Dir: dir, Vendors: []generator.Vendor{{
		Name: "hostile", Package: pkg, Spec: "spec.yaml", Output: "out",
	}}}
	res, err := generator.Generate(context.Background(), cfg, generator.Options{})
	if err != nil {
		return nil, nil, err
	}
	return res[0].Files, res[0].Warnings, nil
}

// checkNoInjectedCode scans every Go file, and every Go sample, token by
// token: spec text may appear in comments and string literals only.
func checkNoInjectedCode(t *testing.T, files []output.File) {
	t.Helper()
	for _, f := range files {
		var srcs []string
		switch {
		case strings.HasSuffix(f.Path, ".go"):
			srcs = []string{string(f.Data)}
		case f.Path == "code-samples.overlay.yaml":
			tmp := filepath.Join(t.TempDir(), "s.yaml")
			os.WriteFile(tmp, f.Data, 0o644)
			all, err := samplerun.Read(tmp)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range samplerun.Filter(all, "Go") {
				srcs = append(srcs, s.Source)
			}
		}
		for _, src := range srcs {
			var s scanner.Scanner
			fset := token.NewFileSet()
			s.Init(fset.AddFile(f.Path, -1, len(src)), []byte(src), func(pos token.Position, msg string) {
				t.Errorf("%s:%s: %s", f.Path, pos, msg)
			}, 0)
			for {
				_, tok, lit := s.Scan()
				if tok == token.EOF {
					break
				}
				if tok == token.IDENT && lit == payload {
					t.Errorf("%s: spec text became Go code: %s", f.Path, lit)
				}
			}
			parsed, err := parser.ParseFile(token.NewFileSet(), f.Path, src, parser.SkipObjectResolution)
			if err != nil {
				t.Errorf("%s does not parse: %v", f.Path, err)
				continue
			}
			for _, d := range parsed.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "init" {
					t.Errorf("%s: spec text declared func init", f.Path)
				}
			}
		}
	}
}

// runBashSamples runs each bash sample with curl replaced by a no-op
// function: a sample may only call curl; anything else it runs shows up.
func runBashSamples(t *testing.T, files []output.File) {
	t.Helper()
	for _, f := range files {
		if f.Path != "code-samples.overlay.yaml" {
			continue
		}
		dir := t.TempDir()
		tmp := filepath.Join(dir, "samples.yaml")
		os.WriteFile(tmp, f.Data, 0o644)
		all, err := samplerun.Read(tmp)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range samplerun.Filter(all, "Shell") {
			cmd := exec.Command("bash", "-c", "curl() { :; }\n"+s.Source)
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("%s: bash sample failed: %v\n%s\n%s", s.Target, err, out, s.Source)
			}
		}
		if m, _ := filepath.Glob(filepath.Join(dir, "PWNED*")); len(m) > 0 {
			t.Errorf("a bash sample executed spec text: %v", m)
		}
	}
}

// TestHugeSpecIsRefused: a 50 MB spec (made here, not committed) is refused
// before it is read, with its size and the limit, and nothing is written.
func TestHugeSpecIsRefused(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "spec.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-padding: '")
	chunk := []byte(strings.Repeat("A", 1<<20))
	for range 50 {
		f.Write(chunk)
	}
	f.WriteString("'\n")
	f.Close()
	cfg := &generator.Config{Path: "huge", Dir: dir, Vendors: []generator.Vendor{{Name: "huge", Package: "huge", Spec: "spec.yaml", Output: "out"}}}
	_, err = generator.Run(context.Background(), cfg, generator.Options{})
	if err == nil || !strings.Contains(err.Error(), "spec.yaml") || !strings.Contains(err.Error(), "50 MB") {
		t.Fatalf("want a size error naming spec.yaml and 50 MB, got %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); !os.IsNotExist(err) {
		t.Error("a refused spec still produced output")
	}
}
