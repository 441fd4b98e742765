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
	"github.com/apigen-dev/apigen/generator/fetch"
)

const fetchSynopsis = `Usage:
  apigen fetch [--config FILE] [--vendor NAME]... [--timeout D] [--max-bytes N] [--allow-http]

Downloads each vendor's live spec from its source in apigen.yaml (a spec URL,
or a Swagger UI page whose configuration names the spec), with a conditional
request when the lock has an ETag or Last-Modified. A spec that changed and
loads cleanly replaces the snapshot and its lock.yaml atomically; on any
failure both stay exactly as they were. This is the only command that uses
the network.`

func runFetch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("fetch", fetchSynopsis, stderr)
	configPath := fs.String("config", "apigen.yaml", "config `file`")
	var vendors list
	fs.Var(&vendors, "vendor", "fetch only the vendor with this `name` (repeatable)")
	timeout := fs.Duration("timeout", 60*time.Second, "time limit for one vendor's download, discovery included")
	maxBytes := fs.Int64("max-bytes", 50<<20, "largest spec accepted, in `bytes`")
	allowHTTP := fs.Bool("allow-http", false, "allow plain http:// sources (local tests); https only by default")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	cfg, err := generator.LoadConfig(*configPath)
	if err != nil {
		return err
	}
	opts := fetch.Options{Timeout: *timeout, MaxBytes: *maxBytes, AllowHTTP: *allowHTTP}
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		opts.Progress = progress(f)
	}
	reports, err := generator.Fetch(ctx, cfg, vendors, opts, time.Now())
	for _, r := range reports {
		if r.Changed {
			fmt.Fprintf(stdout, "%s: changed (+%d −%d operations, %d breaking) from %s\n", r.Vendor, r.Added, r.Removed, r.Breaking, r.URL)
		} else {
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
