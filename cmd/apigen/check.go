package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/apigen-dev/apigen/generator"
	"github.com/apigen-dev/apigen/generator/report"
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
	cfg, err := generator.LoadConfig(*configPath)
	if err != nil {
		return exitWith(exitToolError, err)
	}
	res, err := generator.Check(ctx, cfg, generator.Options{Vendors: vendors, Full: *full})
	if err != nil {
		return exitWith(exitToolError, err)
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
