package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/apigen-dev/apigen/generator"
	"github.com/apigen-dev/apigen/generator/diff"
	"github.com/apigen-dev/apigen/generator/report"
)

const diffSynopsis = `Usage:
  apigen diff [--format FORMAT] [--fail-on breaking|any] OLD NEW
  apigen diff --vendor NAME [--config FILE] [--format FORMAT] [--fail-on breaking|any]

Lists what changed between two specs, per operation and schema, each change
classified as breaking for a client or not, with its line; and what that
does to the generated Go package (exported identifiers removed or changed).
With --vendor, OLD is the vendor's snapshot and NEW its live spec, fetched
into memory (nothing is written), both generated with the vendor's overlays;
the report names the live side by its URL and points at the snapshot's
lines. A vendor whose source is documentation (source-kind: docs) is
reported as skipped.

Exit status: 0 nothing to fail on, 1 breaking changes (or any change, with
--fail-on any), 2 bad usage, 3 apigen could not compare.`

func runDiff(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("diff", diffSynopsis, stderr)
	configPath := fs.String("config", "apigen.yaml", "config `file` (with --vendor)")
	vendor := fs.String("vendor", "", "compare this vendor's snapshot with its live spec")
	format := fs.String("format", "text", "report `format`: "+strings.Join(report.Formats, ", "))
	failOn := fs.String("fail-on", "breaking", "exit 1 on `breaking` changes only, or on any change")
	net := addNetFlags(fs)
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
		var cfg *generator.Config
		cfg, err = loadConfig(*configPath, []string{*vendor})
		if usageError(err, stderr) {
			return errUsage
		}
		if err == nil {
			res, err = generator.DiffVendor(ctx, cfg, *vendor, net.options())
		}
	} else {
		res, err = generator.DiffFiles(ctx, files[0], files[1])
	}
	if err != nil {
		// The drift job reports every vendor in one summary: a vendor
		// that could not be compared is a section there too.
		if rerr := report.RenderError(stdout, *format, report.Failure{Command: "diff", Vendor: *vendor, Err: err}); rerr != nil {
			err = errors.Join(err, rerr)
		}
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
