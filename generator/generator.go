package generator

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sync"

	"golang.org/x/mod/modfile"

	"github.com/apigen-dev/apigen/generator/fetch"
	"github.com/apigen-dev/apigen/generator/goclient"
	"github.com/apigen-dev/apigen/generator/load"
	"github.com/apigen-dev/apigen/generator/model"
	"github.com/apigen-dev/apigen/generator/output"
	"github.com/apigen-dev/apigen/generator/overlay"
	"github.com/apigen-dev/apigen/generator/samples"
)

// Options selects what Generate and Run do.
type Options struct {
	// Vendors limits the run to these vendor names; empty means all.
	Vendors []string
	// Lenient makes overlay targets that match nothing a warning for every vendor.
	Lenient bool
	// Full skips the fast path: always regenerate, even when the last
	// generate recorded that nothing has changed since.
	Full bool
	// Tool overrides the identity of the running apigen build for the fast
	// path (tests); "" means the executable's Go build ID.
	Tool string
	// Strict turns every warning (a fix-up that dropped something, an
	// operation left out, a spec that does not validate) into an error.
	Strict bool
	// APIOnly makes only what shapes the package's Go API, for diff: no
	// samples, and no kin-openapi validation (it only warns, and takes
	// seconds on a spec like Stripe's).
	APIOnly bool
	// BeforeGenerate, when set, is called once by Run and Check before
	// they generate anything, that is when the fast path did not hold (the
	// CLI turns its garbage collector back on there).
	BeforeGenerate func()
	// KeepFailed is a directory to write generated Go that does not
	// compile or format into, so the lines an error cites can be read.
	KeepFailed string
}

// MaxSpecBytes bounds the spec generate reads: parsing holds several
// copies of the document in memory, and a spec from a third party may be
// made large to exhaust it. fetch has its own download limit.
const MaxSpecBytes = 32 << 20

// Result is one vendor's generated package, in memory.
type Result struct {
	Vendor Vendor
	// Label names the vendor in messages: its name, or in ad-hoc mode
	// the spec file.
	Label      string
	Dir        string // output directory, resolved against the config
	Files      []output.File
	Warnings   []string
	Operations int // operations in the generated client
}

// Report is what Run did for one vendor.
type Report struct {
	Result
	Written output.Result
}

// Generate runs the pipeline for the selected vendors, concurrently, and
// returns their files without touching the disk. Results keep config order.
func Generate(ctx context.Context, cfg *Config, opts Options) ([]Result, error) {
	vendors, err := cfg.Selected(opts.Vendors)
	if err != nil {
		return nil, err
	}
	results := make([]Result, len(vendors))
	errs := make([]error, len(vendors))
	var wg sync.WaitGroup
	for i, v := range vendors {
		// generate recovers its own panics, naming the vendor and stage.
		wg.Go(func() {
			if err := ctx.Err(); err != nil {
				errs[i] = err
				return
			}
			results[i], errs[i] = cfg.generate(v, opts)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return results, nil
}

func (o Options) tool() string {
	if o.Tool != "" {
		return o.Tool
	}
	return tool()
}

// Run generates every selected vendor and, only if all succeed, writes them.
// A vendor whose inputs, outputs and apigen itself are as the last run
// recorded is neither regenerated nor written.
func Run(ctx context.Context, cfg *Config, opts Options) ([]Report, error) {
	vendors, err := cfg.Selected(opts.Vendors)
	if err != nil {
		return nil, err
	}
	fresh, stale := cfg.split(vendors, opts)
	byName := map[string]Report{}
	files := cfg.recorded(fresh)
	for _, v := range fresh {
		byName[v.Name] = Report{Result: Result{Vendor: v, Label: cfg.track(v).label, Dir: cfg.Resolve(v.Output)}, Written: output.Result{Unchanged: files[v.Name]}}
	}
	if len(stale) > 0 {
		if opts.BeforeGenerate != nil {
			opts.BeforeGenerate()
		}
		o := opts
		o.Vendors = names(stale)
		results, err := Generate(ctx, cfg, o)
		if err != nil {
			return nil, err
		}
		for _, r := range results {
			w, err := output.Write(r.Dir, r.Files)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", r.Vendor.Name, err)
			}
			byName[r.Vendor.Name] = Report{Result: r, Written: w}
		}
		cfg.record(results, opts)
	}
	reports := make([]Report, 0, len(vendors))
	for _, v := range vendors {
		reports = append(reports, byName[v.Name])
	}
	return reports, nil
}

// track starts following v's run: messages name the vendor and its spec,
// or in ad-hoc mode (where the vendor name is a placeholder) just the spec.
func (c *Config) track(v Vendor) *pipeline {
	if c.adHoc {
		return &pipeline{label: v.Spec, stage: "load"}
	}
	return &pipeline{label: v.Name, spec: v.Spec, stage: "load"}
}

// generate is the whole pipeline for one vendor. Every error, and any
// panic, comes back as a *StageError naming the vendor and the stage.
func (c *Config) generate(v Vendor, opts Options) (Result, error) {
	data, err := c.read(v)
	if err != nil {
		p := c.track(v)
		return Result{Vendor: v, Label: p.label, Dir: c.Resolve(v.Output)}, p.fail(err)
	}
	res, _, err := c.pipeline(v, data, opts)
	return res, err
}

// read reads v's spec, refusing one too large to parse.
func (c *Config) read(v Vendor) ([]byte, error) {
	if fi, err := os.Stat(c.Resolve(v.Spec)); err == nil && fi.Size() > MaxSpecBytes {
		return nil, fmt.Errorf("the spec is %d MB; apigen reads specs up to %d MB (the largest public specs are about 10 MB)",
			fi.Size()>>20, MaxSpecBytes>>20)
	}
	return os.ReadFile(c.Resolve(v.Spec))
}

// pipeline generates v's package from data, the spec's bytes, and returns
// the model it printed too. It recovers its own panics: whichever
// goroutine runs it, a panic is an error naming the vendor and the stage.
func (c *Config) pipeline(v Vendor, data []byte, opts Options) (res Result, api *model.API, err error) {
	p := c.track(v)
	defer p.recoverTo(&err)
	res = Result{Vendor: v, Label: p.label, Dir: c.Resolve(v.Output)}
	api, err = c.stages(p, &res, v, data, opts)
	return res, api, err
}

func (c *Config) stages(p *pipeline, res *Result, v Vendor, data []byte, opts Options) (*model.API, error) {
	spec, err := load.LoadWith(v.Spec, data, load.Options{
		BaseDir: filepath.Dir(c.Resolve(v.Spec)), AllowRefs: v.AllowRefs, Remote: fetch.RefHandler(v.AllowRefs), Allowed: fetch.Allowed,
	})
	if err != nil {
		return nil, p.fail(err)
	}
	p.at("overlay")
	var files []overlay.File
	for _, path := range v.Overlays {
		b, err := os.ReadFile(c.Resolve(path))
		if err != nil {
			return nil, p.fail(err)
		}
		files = append(files, overlay.File{Path: path, Data: b})
	}
	patched, warnings, err := overlay.Apply(spec.Bytes, files, overlay.Options{Lenient: opts.Lenient || v.Lenient})
	if err != nil {
		return nil, p.fail(err)
	}
	res.Warnings = append(spec.Warnings, warnings...)
	p.at("model")
	api, err := model.Build(model.Input{
		Name: v.Name, Package: v.Package, Title: v.Title,
		SpecPath: filepath.ToSlash(v.Spec), SpecSHA256: spec.SHA256,
		Spec: patched, Servers: serverConfigs(v.Servers), SkipValidate: opts.APIOnly,
		Repair: len(spec.Problems) > 0 || spec.Dangling > 0,
	})
	if err == nil {
		res.Warnings = append(res.Warnings, api.Warnings...)
		if api.Repaired != nil {
			patched = api.Repaired
		}
		err = c.emit(p, res, api, patched, opts)
	}
	if err != nil {
		// A problem libopenapi found, with its line, explains a later
		// failure better than the later stage's own message.
		if len(spec.Problems) > 0 {
			p.at("load")
			return nil, p.fail(spec.Problems[0])
		}
		return nil, p.fail(err)
	}
	for _, prob := range spec.Problems {
		res.Warnings = append(res.Warnings, prob.Error())
	}
	if opts.Strict && len(res.Warnings) > 0 {
		p.at("--strict")
		return nil, p.fail(errors.New(res.Warnings[0]))
	}
	p.at("output")
	if err := output.Check(res.Files); err != nil {
		return nil, p.fail(err)
	}
	return api, nil
}

// emit runs the Go emitter and, beside it, the samples.
func (c *Config) emit(p *pipeline, res *Result, api *model.API, patched []byte, opts Options) error {
	// The samples' client-independent half (parse, examples, cURL) runs
	// beside oapi-codegen; the Go samples wait for the client.
	prep := make(chan *samples.Prepared, 1)
	if !opts.APIOnly {
		ops := slices.Clone(api.Operations)
		// Prepare recovers its own panics into its error.
		go func() { prep <- samples.Prepare(api, ops, patched) }()
	}
	p.at("goclient")
	pkg, err := generateChecked(api, &res.Warnings)
	if pkg != nil {
		res.Files = pkg.Files
		res.Warnings = append(res.Warnings, pkg.Warnings...)
	}
	err = keepFailed(opts.KeepFailed, err)
	res.Operations = len(api.Operations)
	if opts.APIOnly {
		return err
	}
	prepared := <-prep
	if err != nil {
		return err
	}
	p.at("samples")
	return addSamples(res, api, prepared, pkg)
}

// maxRounds bounds the emitter's runs: each round answers every failure
// the emitter traced, so a spec needs one or two; more means the answers
// do not converge, and the failure is reported as it is.
const maxRounds = 8

// generateChecked runs the Go emitter and, while it traces its failures
// (oapi-codegen refusing a part, output that does not parse or compile) to
// parts of the document, lets the model rename, degrade or leave those
// out, and runs it again.
func generateChecked(api *model.API, warnings *[]string) (*goclient.Package, error) {
	for round := 1; ; round++ {
		pkg, err := goclient.Generate(api)
		problems := goclient.Problems(err)
		if err == nil || round >= maxRounds || len(problems) == 0 {
			return pkg, err
		}
		notes, changed := model.Degrade(api, problems)
		if !changed {
			return nil, err
		}
		*warnings = append(*warnings, notes...)
	}
}

// addSamples finishes the samples over the generated client (client.go
// is pkg's first file, and pkg.Client its parse).
func addSamples(res *Result, api *model.API, p *samples.Prepared, pkg *goclient.Package) error {
	files, warnings, err := p.Finish(importPath(res.Dir, api.Package), pkg.Files[0].Data, pkg.Client, pkg.Calls)
	res.Files = append(res.Files, files...)
	res.Warnings = append(res.Warnings, warnings...)
	return err
}

// importPath is the Go import path of the package generated into dir: the
// enclosing module's path joined with dir, or just the package name when
// dir is in no module (the user then places it in one).
func importPath(dir, pkg string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return pkg
	}
	for d := abs; ; d = filepath.Dir(d) {
		if data, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil {
			mod := modfile.ModulePath(data)
			rel, err := filepath.Rel(d, abs)
			if mod == "" || err != nil {
				return pkg
			}
			return path.Join(mod, filepath.ToSlash(rel))
		}
		if filepath.Dir(d) == d {
			return pkg
		}
	}
}

func serverConfigs(in []Server) []model.ServerConfig {
	out := make([]model.ServerConfig, len(in))
	for i, s := range in {
		out[i] = model.ServerConfig{Name: s.Name, URL: s.URL, Description: s.Description}
	}
	return out
}
