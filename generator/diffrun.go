package generator

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/apigen-dev/apigen/generator/diff"
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
	res, err := diff.Specs(oldPath, oldData, newPath, newData)
	if err != nil {
		return nil, err
	}
	oldGo, err := goSources(ctx, oldPath, overlays)
	if err != nil {
		return nil, fmt.Errorf("generate from %s: %w", oldPath, err)
	}
	newGo, err := goSources(ctx, newPath, overlays)
	if err != nil {
		return nil, fmt.Errorf("generate from %s: %w", newPath, err)
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
	results, err := Generate(ctx, cfg, Options{})
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
