// Package corpus generates a client for every spec in a folder, with apigen
// and optionally with plain oapi-codegen, compiles what each produced, and
// reports the results side by side. make corpus prints the table; a test
// requires every apigen package to compile.
package corpus

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
	oyaml "github.com/oasdiff/yaml"

	"github.com/apigen-dev/apigen/generator"
	"github.com/apigen-dev/apigen/generator/output"
)

// Result is one generator on one spec.
type Result struct {
	Generated bool
	Err       string // why generation or compilation failed
	Elapsed   time.Duration
	Compiles  bool
	Warnings  int
	Dir       string // package directory, when generated
}

// Row is one spec.
type Row struct {
	Spec       string
	Operations int
	Apigen     Result
	OapiCodgen *Result // nil when not run
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

var nonIdent = regexp.MustCompile(`[^a-z0-9]+`)

// pkgName derives a Go package name from a spec file name.
func pkgName(spec string) string {
	base := strings.ToLower(strings.TrimSuffix(filepath.Base(spec), filepath.Ext(spec)))
	return "c" + nonIdent.ReplaceAllString(base, "_")
}

// Apigen generates spec into work/apigen/<pkg> and reports how it went.
func Apigen(spec, work string) (Result, int) {
	pkg := pkgName(spec)
	dir := filepath.Join(work, "apigen", pkg)
	start := time.Now()
	cfg, err := generator.AdHoc(spec, nil, pkg, dir)
	if err != nil {
		return Result{Err: err.Error()}, 0
	}
	res, err := generator.Generate(context.Background(), cfg, generator.Options{})
	r := Result{Elapsed: time.Since(start)}
	if err != nil {
		r.Err = err.Error()
		return r, 0
	}
	if _, err := output.Write(dir, res[0].Files); err != nil {
		r.Err = err.Error()
		return r, 0
	}
	r.Generated, r.Warnings, r.Dir = true, len(res[0].Warnings), dir
	return r, res[0].Operations
}

// OapiCodegen runs plain oapi-codegen (types + client, its defaults) on the
// spec as its CLI loads it (kin-openapi's loader). Its CLI cannot read
// Swagger 2.0, so a 2.0 spec is first converted as apigen converts it.
func OapiCodegen(spec, work string) Result {
	pkg := pkgName(spec)
	dir := filepath.Join(work, "oapi-codegen", pkg)
	start := time.Now()
	src, err := plain(spec, pkg)
	r := Result{Elapsed: time.Since(start)}
	if err != nil {
		r.Err = firstLine(err.Error())
		return r
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		r.Err = err.Error()
		return r
	}
	if err := os.WriteFile(filepath.Join(dir, "client.go"), []byte(src), 0o644); err != nil {
		r.Err = err.Error()
		return r
	}
	r.Generated, r.Dir = true, dir
	return r
}

func plain(spec, pkg string) (src string, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	data, err := os.ReadFile(spec)
	if err != nil {
		return "", err
	}
	var doc *openapi3.T
	if strings.Contains(string(data[:min(len(data), 200)]), "swagger") {
		var v2 openapi2.T
		js, err := oyaml.YAMLToJSON(data)
		if err != nil {
			return "", err
		}
		if err := json.Unmarshal(js, &v2); err != nil {
			return "", err
		}
		v3, err := openapi2conv.ToV3(&v2)
		if err != nil {
			return "", err
		}
		// oapi-codegen's CLI cannot read Swagger 2.0 at all. To compare
		// fairly, hand it the conversion the way apigen's loader does:
		// through JSON and kin's loader (ToV3's in-memory document leaves
		// empty allOf lists that oapi-codegen panics on).
		js, err = json.Marshal(v3)
		if err != nil {
			return "", err
		}
		if doc, err = openapi3.NewLoader().LoadFromData(js); err != nil {
			return "", err
		}
	} else if doc, err = openapi3.NewLoader().LoadFromData(data); err != nil {
		return "", err
	}
	return codegen.Generate(doc, codegen.Configuration{PackageName: pkg, Generate: codegen.GenerateOptions{Models: true, Client: true}})
}

// Vet runs go vet on one package directory (inside the module) and records
// whether it compiles.
func Vet(r *Result, moduleRoot string) {
	if !r.Generated {
		return
	}
	rel, err := filepath.Rel(moduleRoot, r.Dir)
	if err != nil {
		r.Err = err.Error()
		return
	}
	cmd := exec.Command("go", "vet", "./"+filepath.ToSlash(rel))
	cmd.Dir = moduleRoot
	out, err := cmd.CombinedOutput()
	r.Compiles = err == nil
	if err != nil {
		r.Err = firstError(string(out))
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 140 {
		s = s[:140] + "…"
	}
	return s
}

// firstError picks the first compiler line out of go vet's output.
func firstError(out string) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, ".go:") {
			return firstLine(strings.TrimPrefix(strings.TrimSpace(l), "vet: "))
		}
	}
	return firstLine(out)
}
