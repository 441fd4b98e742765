package generator

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"

	"github.com/apigen-dev/apigen/generator/drift"
	"github.com/apigen-dev/apigen/generator/output"
)

// Drift is one way the generated files on disk differ from what the
// generator produces now.
type Drift = drift.Finding

// Checked is one file the check compared, for reports that list every file.
type Checked = drift.File

// CheckResult is what Check found.
type CheckResult = drift.Result

// maxDiffLines caps one file's diff: a regenerated 6 MB client would
// otherwise flood a CI log; the first lines say enough.
const maxDiffLines = 200

// Check regenerates the selected vendors in memory and compares the result
// with the files on disk, writing nothing.
func Check(ctx context.Context, cfg *Config, opts Options) (*CheckResult, error) {
	vendors, err := cfg.Selected(opts.Vendors)
	if err != nil {
		return nil, err
	}
	fresh, stale := cfg.split(vendors, opts)
	res := &CheckResult{Fast: len(stale) == 0}
	files := cfg.recorded(fresh)
	for _, v := range fresh {
		for _, f := range files[v.Name] {
			res.Files = append(res.Files, Checked{Vendor: v.Name, Path: path.Join(filepath.ToSlash(v.Output), f)})
		}
	}
	if len(stale) == 0 {
		return res, nil
	}
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
		keep := map[string]bool{}
		for _, f := range r.Files {
			keep[f.Path] = true
			rel := path.Join(filepath.ToSlash(r.Vendor.Output), f.Path)
			res.Files = append(res.Files, Checked{Vendor: r.Vendor.Name, Path: rel})
			disk, err := os.ReadFile(filepath.Join(r.Dir, filepath.FromSlash(f.Path)))
			switch {
			case errors.Is(err, fs.ErrNotExist):
				res.Drift = append(res.Drift, Drift{Vendor: r.Vendor.Name, Path: rel, Kind: "missing"})
			case err != nil:
				return nil, err
			case !bytes.Equal(disk, f.Data):
				res.Drift = append(res.Drift, Drift{Vendor: r.Vendor.Name, Path: rel, Kind: "changed",
					Diff: truncate(udiff.Unified("a/"+rel, "b/"+rel, string(disk), string(f.Data)))})
			}
		}
		stale, err := output.Stale(r.Dir, keep)
		if err != nil {
			return nil, err
		}
		for _, s := range stale {
			rel := path.Join(filepath.ToSlash(r.Vendor.Output), s)
			res.Files = append(res.Files, Checked{Vendor: r.Vendor.Name, Path: rel})
			res.Drift = append(res.Drift, Drift{Vendor: r.Vendor.Name, Path: rel, Kind: "extra"})
		}
	}
	return res, nil
}

func truncate(diff string) string {
	lines := strings.SplitAfter(diff, "\n")
	if len(lines) <= maxDiffLines {
		return diff
	}
	return strings.Join(lines[:maxDiffLines], "") + "… (" + strconv.Itoa(len(lines)-maxDiffLines) + " more lines)\n"
}
