package generator

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/apigen-dev/apigen/generator/diff"
	"github.com/apigen-dev/apigen/generator/load"
)

// Diff compares two spec files: the API changes, each classified as
// breaking or not, and the effect on the Go package apigen generates from
// each with the given overlays (exported identifiers removed or changed).
func Diff(ctx context.Context, oldPath, newPath string, overlays []string) (*diff.Result, error) {
	oldData, err := os.ReadFile(oldPath)
	if err != nil {
		return nil, err
	}
	newData, err := os.ReadFile(newPath)
	if err != nil {
		return nil, err
	}
	if bytes.Equal(oldData, newData) {
		// The daily drift job's usual case: the vendor changed nothing.
		// The same bytes through the same overlays make the same package,
		// so there is nothing to compare; the spec is still loaded, so a
		// broken one is an error here as it is for any other pair.
		if _, err := load.Load(newPath, newData); err != nil {
			return nil, fmt.Errorf("diff: load %w", err)
		}
		return &diff.Result{Old: oldPath, New: newPath}, nil
	}
	// The spec comparison and the two generations are independent: run
	// them side by side.
	var res *diff.Result
	var oldGo, newGo [][]byte
	var specErr, oldErr, newErr error
	var wg sync.WaitGroup
	wg.Go(func() { res, specErr = diff.Specs(oldPath, oldData, newPath, newData) })
	wg.Go(func() { oldGo, oldErr = goSources(ctx, oldPath, overlays) })
	wg.Go(func() { newGo, newErr = goSources(ctx, newPath, overlays) })
	wg.Wait()
	switch {
	case specErr != nil:
		return nil, specErr
	case oldErr != nil:
		return nil, fmt.Errorf("generate from %s: %w", oldPath, oldErr)
	case newErr != nil:
		return nil, fmt.Errorf("generate from %s: %w", newPath, newErr)
	}
	if res.GoAPI, err = diff.GoAPI(oldGo, newGo); err != nil {
		return nil, err
	}
	return res, nil
}

// goSources generates a package from spec in memory and returns its Go files.
func goSources(ctx context.Context, spec string, overlays []string) ([][]byte, error) {
	cfg, err := AdHoc(spec, overlays, "api", "unused")
	if err != nil {
		return nil, err
	}
	results, err := Generate(ctx, cfg, Options{APIOnly: true})
	if err != nil {
		return nil, err
	}
	var out [][]byte
	for _, f := range results[0].Files {
		if strings.HasSuffix(f.Path, ".go") {
			out = append(out, f.Data)
		}
	}
	return out, nil
}
