package main

import (
	"context"
	"fmt"
	"io"

	"github.com/apigen-dev/apigen/generator"
)

const docsSynopsis = `Usage:
  apigen docs --out DIR [--config FILE] [--vendor NAME]... [--redoc FILE]

Writes a static docs site to DIR: index.html and one page per vendor in
which Redoc renders the decorated spec (gen/<vendor>/openapi.decorated.json)
with every operation's cURL, Windows and Go samples, and an index listing
each API's version, operation count and snapshot date. The config's docs
section sets the title, logo, colour, sample panel width and the vendors
published (--vendor overrides the list). The site works offline: Redoc's
bundle is copied beside the pages. Run 'apigen generate' first, and
'npm ci --prefix web' once to install Redoc.`

func runDocs(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("docs", docsSynopsis, stderr)
	configPath := fs.String("config", "apigen.yaml", "config `file`")
	var vendors list
	fs.Var(&vendors, "vendor", "only the vendor with this `name` (repeatable)")
	out := fs.String("out", "", "site `dir` to write (required)")
	redoc := fs.String("redoc", "", "Redoc's standalone bundle `file` (default "+generator.DefaultRedoc+" beside the config)")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if *out == "" {
		fmt.Fprintln(stderr, "docs needs --out DIR")
		return errUsage
	}
	cfg, err := loadConfig(*configPath, vendors)
	if err != nil {
		return err
	}
	res, err := generator.Docs(cfg, generator.DocsOptions{Vendors: vendors, Out: *out, Redoc: *redoc})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "docs: %d written, %d unchanged (%s/index.html)\n", len(res.Written), len(res.Unchanged), *out)
	return nil
}
