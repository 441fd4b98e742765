package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/apigen-dev/apigen/generator"
	"github.com/apigen-dev/apigen/generator/report"
	"github.com/apigen-dev/apigen/internal/startgc"
)

const checkSynopsis = `Usage:
  apigen check [--config FILE] [--vendor NAME]... [--format FORMAT] [--full]

Regenerates every vendor in memory and compares the result with the files
on disk: stale or hand-edited files, missing files, and generated files the
generator no longer produces. Writes nothing. When the last generate
recorded (in .apigen/state.json) that no spec, overlay, config entry,
output file or apigen itself has changed since, it answers from that
record in milliseconds; --full always regenerates.

Exit status: 0 clean, 1 drift found, 2 bad usage, 3 apigen could not check
(a broken spec, overlay or config).`

// Exit codes of check (and, later, diff).
const (
	exitDrift     = 1
	exitToolError = 3
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", checkSynopsis, stderr)
	configPath := fs.String("config", "apigen.yaml", "config `file`")
	var vendors list
	fs.Var(&vendors, "vendor", "check only the vendor with this `name` (repeatable)")
	format := fs.String("format", "text", "report `format`: "+strings.Join(report.Formats, ", "))
	full := fs.Bool("full", false, "always regenerate; skip the fast path that trusts the last generate's record")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if !validFormat(*format) {
		fmt.Fprintf(stderr, "unknown --format %q: want one of %s\n", *format, strings.Join(report.Formats, ", "))
		return errUsage
	}
	// A config, spec or overlay that cannot be read is reported in the
	// chosen format too: CI must show an annotation or a failing case, not
	// an empty report.
	toolError := func(err error) error {
		if rerr := report.RenderError(stdout, *format, report.Failure{Command: "check", Err: err}); rerr != nil {
			return exitWith(exitToolError, errors.Join(err, rerr))
		}
		return exitWith(exitToolError, err)
	}
	// The fast path runs with the collector off (see startgc).
	defer startgc.On()
	cfg, err := loadConfig(*configPath, vendors)
	if usageError(err, stderr) {
		return errUsage
	}
	if err != nil {
		return toolError(err)
	}
	res, err := generator.Check(ctx, cfg, generator.Options{Vendors: vendors, Full: *full, BeforeGenerate: startgc.On})
	if err != nil {
		return toolError(err)
	}
	if err := report.Render(stdout, *format, res); err != nil {
		return exitWith(exitToolError, err)
	}
	if len(res.Drift) > 0 {
		return exitWith(exitDrift, nil)
	}
	return nil
}

func validFormat(f string) bool {
	for _, ok := range report.Formats {
		if f == ok {
			return true
		}
	}
	return false
}
