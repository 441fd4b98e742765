package generator

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/apigen-dev/apigen/generator/diff"
	"github.com/apigen-dev/apigen/generator/fetch"
	"github.com/apigen-dev/apigen/generator/load"
	"github.com/apigen-dev/apigen/generator/model"
)

// Side is one spec to compare.
type Side struct {
	Name string // what reports call it: a file, or the URL it came from
	File string // the file its line numbers are in, for annotations
	Data []byte
}

// DiffFiles compares two spec files, with no overlays.
func DiffFiles(ctx context.Context, oldPath, newPath string) (*diff.Result, error) {
	var sides [2]Side
	for i, p := range []string{oldPath, newPath} {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		sides[i] = Side{Name: p, File: p, Data: data}
	}
	return diffSides(ctx, Vendor{Name: "api", Package: "api", Output: "unused"}, &Config{Path: "command line", Dir: ".", adHoc: true}, sides[0], sides[1])
}

// DiffVendor compares a vendor's committed snapshot with its live spec,
// fetched into memory (nothing is written), both through the vendor's
// overlays. The live side is named by the spec's URL; its lines are those
// the snapshot will have once fetch has replaced it.
func DiffVendor(ctx context.Context, cfg *Config, name string, opts fetch.Options) (*diff.Result, error) {
	v, err := cfg.Vendor(name)
	if err != nil {
		return nil, err
	}
	if why := v.Skip(); why != "" {
		return &diff.Result{Vendor: v.Name, Skipped: why}, nil
	}
	specPath := cfg.Resolve(v.Spec)
	old, err := os.ReadFile(specPath)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", v.Name, err)
	}
	dl, err := fetch.Spec(ctx, v.Source, fetch.Validators{}, opts)
	if err != nil {
		return nil, fmt.Errorf("%s: fetch %w", v.Name, err)
	}
	snapshot := filepath.ToSlash(v.Spec)
	res, err := diffSides(ctx, v, cfg, Side{Name: snapshot, File: snapshot, Data: old}, Side{Name: dl.URL, File: snapshot, Data: dl.Body})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", v.Name, err)
	}
	res.Vendor = v.Name
	return res, nil
}

// diffSides compares two specs: the API changes, each classified as
// breaking or not, and the effect on the Go package apigen generates from
// each through v's overlays (exported identifiers removed or changed),
// grouped by the operation or schema they belong to.
func diffSides(ctx context.Context, v Vendor, cfg *Config, old, new Side) (*diff.Result, error) {
	if bytes.Equal(old.Data, new.Data) {
		// The daily drift job's usual case: the vendor changed nothing.
		// The same bytes through the same overlays make the same package,
		// so there is nothing to compare; the spec is still loaded, so a
		// broken one is an error here as it is for any other pair.
		if _, err := load.Load(new.Name, new.Data); err != nil {
			return nil, fmt.Errorf("diff: load %w", err)
		}
		return &diff.Result{Old: old.Name, New: new.Name, OldFile: old.File, NewFile: new.File}, nil
	}
	// The spec comparison and the two generations are independent: run
	// them side by side.
	var res *diff.Result
	var sides [2]goSide
	var specErr error
	var errs [2]error
	var wg sync.WaitGroup
	wg.Go(func() { res, specErr = diff.Specs(old.File, old.Data, new.File, new.Data) })
	for i, s := range []Side{old, new} {
		wg.Go(func() { sides[i], errs[i] = cfg.goSources(ctx, v, s) })
	}
	wg.Wait()
	switch {
	case specErr != nil:
		return nil, specErr
	case errs[0] != nil:
		return nil, fmt.Errorf("generate from %s: %w", old.Name, errs[0])
	case errs[1] != nil:
		return nil, fmt.Errorf("generate from %s: %w", new.Name, errs[1])
	}
	res.Old, res.New = old.Name, new.Name
	groups, err := diff.GoAPI(sides[0].files, sides[1].files, append(sides[0].owners, sides[1].owners...))
	if err != nil {
		return nil, err
	}
	res.GoAPI = groups
	return res, nil
}

// goSide is the Go API half of one side: its Go files and the operations
// and schemas their identifiers come from.
type goSide struct {
	files  [][]byte
	owners []diff.Owner
}

// goSources generates v's package from one side's bytes, in memory.
func (c *Config) goSources(ctx context.Context, v Vendor, s Side) (goSide, error) {
	if err := ctx.Err(); err != nil {
		return goSide{}, err
	}
	v.Spec = s.Name
	res, api, err := c.pipeline(v, s.Data, Options{APIOnly: true})
	if err != nil {
		return goSide{}, err
	}
	var out goSide
	for _, f := range res.Files {
		if strings.HasSuffix(f.Path, ".go") {
			out.files = append(out.files, f.Data)
		}
	}
	out.owners = owners(api)
	return out, nil
}

// owners lists the operations and schemas of api with the Go names their
// identifiers start with.
func owners(api *model.API) []diff.Owner {
	var out []diff.Owner
	for _, op := range api.Operations {
		out = append(out, diff.Owner{Label: fmt.Sprintf("operation %s %s (%s)", op.Method, op.Path, op.GoName), GoName: op.GoName})
	}
	if api.Doc != nil && api.Doc.Components != nil {
		for name, ref := range api.Doc.Components.Schemas {
			goName := model.Exported(name)
			if ref != nil && ref.Value != nil {
				if n, ok := ref.Value.Extensions["x-go-name"].(string); ok && n != "" {
					goName = n
				}
			}
			out = append(out, diff.Owner{Label: "schema " + name, GoName: goName})
		}
	}
	return out
}
