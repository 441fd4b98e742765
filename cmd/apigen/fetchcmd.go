package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/apigen-dev/apigen/generator"
)

const fetchSynopsis = `Usage:
  apigen fetch [--config FILE] [--vendor NAME]... [--timeout D] [--max-bytes N] [--allow-http] [--ca-cert FILE]

Downloads each vendor's live spec from its source in apigen.yaml (a spec URL,
or a Swagger UI page whose configuration names the spec), with a conditional
request when the lock has an ETag or Last-Modified. A spec that changed and
loads cleanly replaces the snapshot and its lock.yaml atomically; on any
failure both stay exactly as they were, and the other vendors go on. When
the live spec is the snapshot byte for byte, nothing is written. It prints,
per vendor, the spec URL it took and what changed; a vendor whose source is
documentation (source-kind: docs) is skipped. With diff --vendor, this is
the only command that uses the network.`

func runFetch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("fetch", fetchSynopsis, stderr)
	configPath := fs.String("config", "apigen.yaml", "config `file`")
	var vendors list
	fs.Var(&vendors, "vendor", "fetch only the vendor with this `name` (repeatable)")
	net := addNetFlags(fs)
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	cfg, err := loadConfig(*configPath, vendors)
	if err != nil {
		return err
	}
	opts := net.options()
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		opts.Progress = progress(f)
	}
	reports, err := generator.Fetch(ctx, cfg, vendors, opts, time.Now())
	for _, r := range reports {
		switch {
		case r.Skipped != "":
			fmt.Fprintf(stdout, "%s: skipped: %s\n", r.Vendor, r.Skipped)
		case r.Changed:
			fmt.Fprintf(stdout, "%s: changed (+%d −%d operations, %d breaking) from %s\n", r.Vendor, r.Added, r.Removed, r.Breaking, r.URL)
		default:
			fmt.Fprintf(stdout, "%s: unchanged (%s)\n", r.Vendor, r.URL)
		}
	}
	return err
}

// progress draws a bar per download on the terminal (a spinner with a byte
// count when the server sends no length).
func progress(w io.Writer) func(string, int64, io.Reader) io.Reader {
	return func(url string, total int64, body io.Reader) io.Reader {
		bar := progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(w), progressbar.OptionSetDescription(url),
			progressbar.OptionShowBytes(true), progressbar.OptionClearOnFinish(), progressbar.OptionThrottle(100*time.Millisecond))
		r := progressbar.NewReader(body, bar)
		return &r
	}
}
