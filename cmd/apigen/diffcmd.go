package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/apigen-dev/apigen/generator"
	"github.com/apigen-dev/apigen/generator/diff"
	"github.com/apigen-dev/apigen/generator/fetch"
	"github.com/apigen-dev/apigen/generator/report"
)

const diffSynopsis = `Usage:
  apigen diff [--format FORMAT] [--fail-on breaking|any] OLD NEW
  apigen diff --vendor NAME [--config FILE] [--format FORMAT] [--fail-on breaking|any]

Lists what changed between two specs, per operation and schema, each change
classified as breaking for a client or not, with its line; and what that
does to the generated Go package (exported identifiers removed or changed).
With --vendor, OLD is the vendor's snapshot and NEW its live spec, fetched
into memory (nothing is written), both generated with the vendor's overlays.

Exit status: 0 nothing to fail on, 1 breaking changes (or any change, with
--fail-on any), 2 bad usage, 3 apigen could not compare.`

func runDiff(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("diff", diffSynopsis, stderr)
	configPath := fs.String("config", "apigen.yaml", "config `file` (with --vendor)")
	vendor := fs.String("vendor", "", "compare this vendor's snapshot with its live spec")
	format := fs.String("format", "text", "report `format`: "+strings.Join(report.Formats, ", "))
	failOn := fs.String("fail-on", "breaking", "exit 1 on `breaking` changes only, or on any change")
	timeout := fs.Duration("timeout", 60*time.Second, "with --vendor: download time limit")
	files, err := parseWithArgs(fs, args, stdout)
	if err != nil {
		return err
	}
	switch {
	case !validFormat(*format):
		fmt.Fprintf(stderr, "unknown --format %q: want one of %s\n", *format, strings.Join(report.Formats, ", "))
		return errUsage
	case *failOn != "breaking" && *failOn != "any":
		fmt.Fprintf(stderr, "--fail-on %q: want breaking or any\n", *failOn)
		return errUsage
	case (*vendor == "") != (len(files) == 2) || (*vendor != "" && len(files) != 0):
		fmt.Fprintln(stderr, "give two spec files, or --vendor NAME")
		fs.Usage()
		return errUsage
	}
	var res *diff.Result
	if *vendor != "" {
		res, err = diffVendor(ctx, *configPath, *vendor, *timeout)
	} else {
		res, err = generator.Diff(ctx, files[0], files[1], nil)
	}
	if err != nil {
		return exitWith(exitToolError, err)
	}
	if err := report.RenderDiff(stdout, *format, res); err != nil {
		return exitWith(exitToolError, err)
	}
	if res.Breaking() > 0 || (*failOn == "any" && len(res.Changes)+len(res.GoAPI) > 0) {
		return exitWith(exitDrift, nil)
	}
	return nil
}

// diffVendor fetches a vendor's live spec into a temp file and compares it
// with the snapshot, both through the vendor's overlays.
func diffVendor(ctx context.Context, configPath, name string, timeout time.Duration) (*diff.Result, error) {
	cfg, err := generator.LoadConfig(configPath)
	if err != nil {
		return nil, err
	}
	for _, v := range cfg.Vendors {
		if v.Name != name {
			continue
		}
		dl, err := fetch.Spec(ctx, v.Source, fetch.Validators{}, fetch.Options{Timeout: timeout})
		if err != nil {
			return nil, fmt.Errorf("%s: fetch %w", name, err)
		}
		tmp := filepath.Join(os.TempDir(), fmt.Sprintf("apigen-%s-live-%d%s", name, os.Getpid(), filepath.Ext(v.Spec)))
		if err := os.WriteFile(tmp, dl.Body, 0o600); err != nil {
			return nil, err
		}
		defer os.Remove(tmp)
		var overlays []string
		for _, o := range v.Overlays {
			overlays = append(overlays, cfg.Resolve(o))
		}
		return generator.Diff(ctx, cfg.Resolve(v.Spec), tmp, overlays)
	}
	return nil, fmt.Errorf("no vendor %q in %s", name, configPath)
}
