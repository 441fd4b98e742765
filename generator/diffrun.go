package generator

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/apigen-dev/apigen/generator/diff"
	"github.com/apigen-dev/apigen/generator/fetch"
	"github.com/apigen-dev/apigen/generator/load"
	"github.com/apigen-dev/apigen/generator/model"
	"github.com/apigen-dev/apigen/generator/overlay"
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
	// The spec comparison and the Go API half are independent: run them
	// side by side.
	var res *diff.Result
	var groups []diff.APIGroup
	var specErr, goErr error
	var wg sync.WaitGroup
	wg.Go(func() { res, specErr = diff.Specs(old.File, old.Data, new.File, new.Data) })
	wg.Go(func() { groups, goErr = cfg.goAPI(ctx, v, old, new) })
	wg.Wait()
	if specErr != nil {
		return nil, specErr
	}
	if goErr != nil {
		return nil, goErr
	}
	res.Old, res.New = old.Name, new.Name
	res.GoAPI = groups
	return res, nil
}

// goAPI is the Go API half of a diff: the exported identifiers that differ
// between the packages generated from the two sides through v's overlays,
// grouped by operation and schema. Both documents are first cut down to
// the operations and schemas whose identifiers can differ (diff.Narrow),
// so a small change generates a few types, not two whole packages; when
// that cannot be trusted, or the cut documents do not generate, the whole
// packages are compared.
func (c *Config) goAPI(ctx context.Context, v Vendor, old, new Side) ([]diff.APIGroup, error) {
	groups, narrowed, err := c.narrowGo(ctx, v, old, new)
	if narrowed || err != nil {
		return groups, err
	}
	return c.compareGo(ctx, v, old, new)
}

// narrowGo compares the Go APIs of the two sides cut down by diff.Narrow.
// narrowed is false when that could not be done and the whole packages
// must be compared.
func (c *Config) narrowGo(ctx context.Context, v Vendor, old, new Side) (_ []diff.APIGroup, narrowed bool, _ error) {
	sides := [2]Side{old, new}
	var docs [2][]byte
	var errs [2]error
	var wg sync.WaitGroup
	for i, s := range sides {
		wg.Go(func() { docs[i], errs[i] = c.patched(v, s) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, false, fmt.Errorf("generate from %s: %w", sides[i].Name, err)
		}
	}
	n, ok := diff.Narrow(docs[0], docs[1])
	switch {
	case !ok:
		return nil, false, nil
	case n.Same:
		return nil, true, nil
	}
	cut := v
	cut.Overlays = nil // already applied
	groups, err := c.compareGo(ctx, cut, Side{Name: old.Name, Data: n.Old}, Side{Name: new.Name, Data: n.New})
	if err != nil && ctx.Err() == nil {
		return nil, false, nil // the cut documents do not generate: compare the whole
	}
	// Leave out what Narrow added to keep the schemas alive.
	kept := groups[:0]
	for _, g := range groups {
		g.Changes = slices.DeleteFunc(g.Changes, func(c diff.APIChange) bool { return strings.Contains(c.Name, diff.Keeper) })
		if len(g.Changes) > 0 {
			kept = append(kept, g)
		}
	}
	return kept, err == nil, err
}

// compareGo generates v's package from both sides, in memory, and
// compares their exported APIs.
func (c *Config) compareGo(ctx context.Context, v Vendor, old, new Side) ([]diff.APIGroup, error) {
	var sides [2]goSide
	var errs [2]error
	var wg sync.WaitGroup
	for i, s := range []Side{old, new} {
		wg.Go(func() { sides[i], errs[i] = c.goSources(ctx, v, s) })
	}
	wg.Wait()
	switch {
	case errs[0] != nil:
		return nil, fmt.Errorf("generate from %s: %w", old.Name, errs[0])
	case errs[1] != nil:
		return nil, fmt.Errorf("generate from %s: %w", new.Name, errs[1])
	}
	return diff.GoAPI(sides[0].files, sides[1].files, append(sides[0].owners, sides[1].owners...))
}

// patched is one side's document as the model reads it: loaded, with v's
// overlays applied.
func (c *Config) patched(v Vendor, s Side) ([]byte, error) {
	spec, err := load.LoadWith(s.Name, s.Data, load.Options{
		BaseDir: filepath.Dir(c.Resolve(s.Name)), AllowRefs: v.AllowRefs, Remote: fetch.RefHandler(v.AllowRefs), Allowed: fetch.Allowed,
	})
	if err != nil {
		return nil, fmt.Errorf("%s: load %w", v.Name, err)
	}
	var files []overlay.File
	for _, p := range v.Overlays {
		b, err := os.ReadFile(c.Resolve(p))
		if err != nil {
			return nil, fmt.Errorf("%s: overlay: %w", v.Name, err)
		}
		files = append(files, overlay.File{Path: p, Data: b})
	}
	out, _, err := overlay.Apply(spec.Bytes, files, overlay.Options{Lenient: v.Lenient})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", v.Name, err)
	}
	return out, nil
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
