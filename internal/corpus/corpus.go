// Package corpus runs folders of real specs through apigen exactly as a
// user does (the apigen binary: generate --spec FILE --package NAME --out
// DIR), and through plain oapi-codegen, compiles what each produced (go
// build, then go vet), and reports spec by spec: generated, compiled,
// panicked, and what apigen degraded to get there. make corpus and make
// corpus-wide print its table; tests run samples of both folders.
//
// Every generator run is a process of its own with a deadline, so a spec
// that hangs or crashes a generator costs one row, not the run.
package corpus

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Result is one generator on one spec.
type Result struct {
	Generated bool
	Compiles  bool
	Panicked  bool // a panic reached the output: always a bug
	TimedOut  bool
	Err       string        // why generation or compilation failed, one line
	Elapsed   time.Duration // generation only
	Warnings  []string      // apigen's warnings, one per entry
	Dir       string        // package directory, when generated
}

// Degradations are the warnings that say apigen gave up part of the spec.
func (r Result) Degradations() []Degradation {
	var out []Degradation
	for _, w := range r.Warnings {
		if d, ok := ParseDegradation(w); ok {
			out = append(out, d)
		}
	}
	return out
}

// Runner runs generators on specs, each in a process of its own.
type Runner struct {
	// Bin is the apigen binary.
	Bin string
	// Plain is the command that runs plain oapi-codegen on one spec; the
	// spec, package and output directory are appended as -plain SPEC
	// -package NAME -out DIR. Empty: not run.
	Plain []string
	// Work is where packages are written; it must be inside the module
	// Root, so that the generated code's imports resolve.
	Work, Root string
	// Timeout bounds each generator run and each compile.
	Timeout time.Duration
	// VetOnly compiles with go vet alone: it type-checks the package, as
	// the compiler does, but generates no code.
	VetOnly bool
	// NoCompile skips compiling: Compile only marks what generated.
	NoCompile bool
}

var nonIdent = regexp.MustCompile(`[^a-z0-9]+`)

// PackageName derives a Go package name from a spec file name.
func PackageName(spec string) string {
	base := strings.ToLower(strings.TrimSuffix(filepath.Base(spec), filepath.Ext(spec)))
	return "c" + nonIdent.ReplaceAllString(base, "_")
}

// Apigen generates spec into Work/apigen/<pkg> with the apigen binary.
func (r *Runner) Apigen(ctx context.Context, spec string) Result {
	pkg := PackageName(spec)
	dir := filepath.Join(r.Work, "apigen", pkg)
	res, stderr := r.run(ctx, dir, r.Bin, "generate", "--spec", spec, "--package", pkg, "--out", dir, "-q")
	res.Warnings = warnings(stderr, spec)
	if strings.Contains(stderr, "this is an apigen bug") {
		res.Panicked = true
	}
	return res
}

// OapiCodegen generates spec into Work/oapi-codegen/<pkg> with r.Plain.
func (r *Runner) OapiCodegen(ctx context.Context, spec string) Result {
	pkg := PackageName(spec)
	dir := filepath.Join(r.Work, "oapi-codegen", pkg)
	args := append(append([]string{}, r.Plain[1:]...), "-plain", spec, "-package", pkg, "-out", dir)
	res, _ := r.run(ctx, dir, r.Plain[0], args...)
	return res
}

func (r *Runner) run(ctx context.Context, dir, name string, args ...string) (Result, string) {
	ctx, cancel := context.WithTimeout(ctx, r.Timeout)
	defer cancel()
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	res := Result{Elapsed: time.Since(start)}
	out := stderr.String()
	switch {
	case ctx.Err() == context.DeadlineExceeded:
		res.TimedOut, res.Err = true, fmt.Sprintf("timed out after %s", r.Timeout)
	case err != nil:
		// An unrecovered panic ends a Go process with exit code 2 and
		// "panic:" at the start of a line.
		var ee *exec.ExitError
		res.Panicked = errors.As(err, &ee) && ee.ExitCode() == 2 && (strings.HasPrefix(out, "panic:") || strings.Contains(out, "\npanic:"))
		res.Err = lastError(out, err)
	default:
		res.Generated, res.Dir = true, dir
	}
	return res, out
}

// Compile builds the package in res.Dir and vets it.
func (r *Runner) Compile(ctx context.Context, res *Result) {
	if !res.Generated {
		return
	}
	if r.NoCompile {
		res.Err = "not compiled"
		return
	}
	rel, err := filepath.Rel(r.Root, res.Dir)
	if err != nil {
		res.Err = err.Error()
		return
	}
	pkg := "./" + filepath.ToSlash(rel)
	ctx, cancel := context.WithTimeout(ctx, r.Timeout)
	defer cancel()
	steps := [][]string{{"build", pkg}, {"vet", pkg}}
	if r.VetOnly {
		steps = steps[1:]
	}
	for _, args := range steps {
		cmd := exec.CommandContext(ctx, "go", args...)
		cmd.Dir = r.Root
		out, err := cmd.CombinedOutput()
		if ctx.Err() != nil {
			res.Err = fmt.Sprintf("go %s timed out after %s", args[0], r.Timeout)
			return
		}
		if err != nil {
			res.Err = "go " + args[0] + ": " + firstError(string(out))
			return
		}
	}
	res.Compiles = true
}

// warnings reads apigen's warnings from its stderr; a warning may go on
// over several lines.
func warnings(stderr, spec string) []string {
	var out []string
	for _, l := range strings.Split(stderr, "\n") {
		w, ok := strings.CutPrefix(l, "apigen: warning: ")
		switch {
		case ok:
			// In ad-hoc mode the label is the spec path.
			w = strings.TrimPrefix(w, spec+": ")
			out = append(out, w)
		case len(out) > 0 && l != "" && !strings.HasPrefix(l, "apigen: "):
			out[len(out)-1] += "\n" + l
		}
	}
	return out
}

// Specs lists the spec files in dir, sorted.
func Specs(dir string) ([]string, error) {
	var out []string
	for _, pat := range []string{"*.yaml", "*.yml", "*.json"} {
		m, err := filepath.Glob(filepath.Join(dir, pat))
		if err != nil {
			return nil, err
		}
		out = append(out, m...)
	}
	sort.Strings(out)
	return out, nil
}

// Module is the root of the module the working directory is in.
func Module() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", err
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("not inside a Go module")
	}
	return filepath.Dir(mod), nil
}

// BuildApigen builds the apigen binary of the module at root into dir.
func BuildApigen(root, dir string) (string, error) {
	bin := filepath.Join(dir, "apigen")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/apigen")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/apigen: %v\n%s", err, out)
	}
	return bin, nil
}

// lastError is the last line a failed generator printed: apigen's one-line
// error, or a panic's first line.
func lastError(out string, err error) string {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "panic:") {
			return firstLine(lines[i])
		}
	}
	for i := len(lines) - 1; i >= 0; i-- {
		if l := strings.TrimSpace(lines[i]); l != "" {
			return firstLine(strings.TrimPrefix(l, "apigen: "))
		}
	}
	return err.Error()
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s
}

// firstError picks the first compiler line out of go build's or vet's output.
func firstError(out string) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, ".go:") {
			return firstLine(strings.TrimPrefix(strings.TrimSpace(l), "vet: "))
		}
	}
	return firstLine(out)
}
