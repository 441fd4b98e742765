package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/apigen-dev/apigen/generator"
	"github.com/apigen-dev/apigen/internal/bug"
	"github.com/apigen-dev/apigen/internal/startgc"
)

const generateSynopsis = `Usage:
  apigen generate [--config FILE] [--vendor NAME]... [--lenient] [--strict]
  apigen generate --spec FILE [--overlay FILE]... --package NAME --out DIR
                  [--strict] [--keep-failed DIR] [--debug]

Generates a Go client package per vendor in the config, or for one spec
given on the command line. Files are written only when their bytes change;
stale generated files are removed. Nothing is written unless every vendor
generates cleanly.`

func runGenerate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("generate", generateSynopsis, stderr)
	configPath := fs.String("config", "apigen.yaml", "config `file`; relative paths in it resolve against its directory")
	var vendors, overlays list
	fs.Var(&vendors, "vendor", "generate only the vendor with this `name` (repeatable)")
	spec := fs.String("spec", "", "ad-hoc mode: the spec `file` (Swagger 2.0 or OpenAPI 3.x, JSON or YAML)")
	fs.Var(&overlays, "overlay", "ad-hoc mode: an overlay `file` to apply, in order (repeatable)")
	pkg := fs.String("package", "", "ad-hoc mode: Go package `name`")
	out := fs.String("out", "", "ad-hoc mode: output `dir`")
	lenient := fs.Bool("lenient", false, "overlay actions that match nothing warn instead of failing")
	strict := fs.Bool("strict", false, "treat every warning as an error")
	full := fs.Bool("full", false, "regenerate even when nothing changed since the last run")
	quiet := fs.Bool("q", false, "print nothing but errors and warnings")
	keepFailed := fs.String("keep-failed", "", "write generated Go that does not compile into `dir`, so the lines an error cites can be read")
	debug := fs.Bool("debug", false, "on an internal error (a bug in apigen), print its stack trace")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	// The fast path runs with the collector off (see startgc).
	defer startgc.On()
	var cfg *generator.Config
	var err error
	if *spec != "" {
		if *pkg == "" || *out == "" || len(vendors) > 0 {
			fmt.Fprintln(stderr, "--spec needs --package and --out, and takes no --vendor")
			return errUsage
		}
		cfg, err = generator.AdHoc(*spec, overlays, *pkg, *out)
	} else {
		if *pkg != "" || *out != "" || len(overlays) > 0 {
			fmt.Fprintln(stderr, "--package, --out and --overlay go with --spec")
			return errUsage
		}
		cfg, err = loadConfig(*configPath, vendors)
	}
	if err != nil {
		return err
	}
	reports, err := generator.Run(ctx, cfg, generator.Options{Vendors: vendors, Lenient: *lenient, Strict: *strict, Full: *full, KeepFailed: *keepFailed, BeforeGenerate: startgc.On})
	if *debug {
		printStacks(stderr, err)
	}
	for _, r := range reports {
		for _, w := range r.Warnings {
			if strings.HasPrefix(w, r.Label+":") { // it names its place in the spec already
				fmt.Fprintf(stderr, "apigen: warning: %s\n", w)
				continue
			}
			fmt.Fprintf(stderr, "apigen: warning: %s: %s\n", r.Label, w)
		}
		if !*quiet {
			fmt.Fprintf(stdout, "%s: %d written, %d unchanged, %d pruned (%s)\n", r.Label,
				len(r.Written.Written), len(r.Written.Unchanged), len(r.Written.Pruned), r.Vendor.Output)
		}
	}
	return err
}

// printStacks prints the stack of every panic recovered into err.
func printStacks(w io.Writer, err error) {
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case nil:
		case *bug.Error:
			fmt.Fprintf(w, "apigen: stack of the panic in %s:\n%s\n", e.Stage, e.Stack)
		case interface{ Unwrap() []error }:
			for _, x := range e.Unwrap() {
				walk(x)
			}
		case interface{ Unwrap() error }:
			walk(e.Unwrap())
		}
	}
	walk(err)
}
