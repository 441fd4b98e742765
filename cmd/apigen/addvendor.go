package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/apigen-dev/apigen/generator"
)

const addVendorSynopsis = `Usage:
  apigen add-vendor NAME --spec FILE [--source URL] [--config FILE] [--package NAME]
  apigen add-vendor NAME --source URL [--config FILE] [--package NAME] [fetch's download flags]

Adds a vendor in one step: the spec snapshot at specs/NAME/ (copied from
FILE, or fetched from URL: a spec, or a Swagger UI page naming one) with a
correct lock.yaml, four commented overlay stubs under overlays/NAME/
(servers, auth, errors, limits: they change nothing until you edit them),
and the vendor's entry in apigen.yaml (created when there is none). In a
repository where no //go:generate line runs apigen yet (a new one), it also
writes gen/generate.go with that line. Nothing is written unless the spec
loads and every file is new. Then run
go generate ./... and go test ./...; the drift workflow picks the vendor
up with no edit.`

func runAddVendor(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("add-vendor", addVendorSynopsis, stderr)
	configPath := fs.String("config", "apigen.yaml", "config `file` to add the vendor to")
	spec := fs.String("spec", "", "the spec `file` to copy as the snapshot")
	source := fs.String("source", "", "where the live spec is (`URL`): fetched now without --spec, and by apigen fetch later")
	kind := fs.String("source-kind", "", "spec or docs (the source is documentation: fetch and diff skip the vendor)")
	pkg := fs.String("package", "", "Go package `name` (default: NAME without '-' and '_')")
	net := addNetFlags(fs)
	names, err := parseWithArgs(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(names) != 1 {
		fmt.Fprintln(stderr, "give one vendor NAME")
		fs.Usage()
		return errUsage
	}
	if *kind == generator.SourceDocs && *spec == "" {
		fmt.Fprintln(stderr, "--source-kind docs needs --spec FILE: a documentation page is no spec to fetch")
		return errUsage
	}
	written, err := generator.AddVendor(ctx, *configPath, generator.NewVendor{
		Name: names[0], Package: *pkg, SpecFile: *spec, Source: *source, SourceKind: *kind, Fetch: net.options(), Now: time.Now(),
	})
	if err != nil {
		return err
	}
	for _, f := range written {
		fmt.Fprintf(stdout, "wrote %s\n", f)
	}
	fmt.Fprintf(stdout, "next: go generate ./... && go test ./...  (the client goes to gen/%s)\n", names[0])
	return nil
}

const lockSynopsis = `Usage:
  apigen lock [--config FILE] [--vendor NAME]...

Brings each vendor's lock.yaml in step with its snapshot after you edited
the snapshot by hand: the sha256 and date are refreshed (a fetched lock
becomes authored, without the fetch validators). A lock that matches is left
byte for byte.`

func runLock(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("lock", lockSynopsis, stderr)
	configPath := fs.String("config", "apigen.yaml", "config `file`")
	var vendors list
	fs.Var(&vendors, "vendor", "only the vendor with this `name` (repeatable)")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	cfg, err := loadConfig(*configPath, vendors)
	if err != nil {
		return err
	}
	reports, err := generator.Lock(cfg, vendors, time.Now())
	for _, r := range reports {
		state := "unchanged"
		if r.Changed {
			state = "updated"
		}
		fmt.Fprintf(stdout, "%s: %s %s\n", r.Vendor, r.Lock, state)
	}
	return err
}
