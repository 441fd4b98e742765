package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/apigen-dev/apigen/generator"
	"github.com/apigen-dev/apigen/generator/fetch"
)

// loadConfig loads the config and checks the --vendor names first: a name
// the config does not have is bad usage (exit 2) in every command.
func loadConfig(path string, vendors []string) (*generator.Config, error) {
	cfg, err := generator.LoadConfig(path)
	if err != nil {
		return nil, err
	}
	if _, err := cfg.Selected(vendors); err != nil {
		return nil, err
	}
	return cfg, nil
}

// usageError reports whether err is the user's mistake on the command
// line, printing it if so.
func usageError(err error, stderr io.Writer) bool {
	if errors.Is(err, generator.ErrUnknownVendor) {
		fmt.Fprintf(stderr, "apigen: %v\n", err)
		return true
	}
	return false
}

// netFlags are the download settings fetch and diff --vendor share.
type netFlags struct {
	timeout   time.Duration
	maxBytes  int64
	allowHTTP bool
	caCert    string
}

func addNetFlags(fs *flag.FlagSet) *netFlags {
	n := &netFlags{}
	fs.DurationVar(&n.timeout, "timeout", 60*time.Second, "time limit for one vendor's download, discovery included")
	fs.Int64Var(&n.maxBytes, "max-bytes", 50<<20, "largest spec accepted, in `bytes`")
	fs.BoolVar(&n.allowHTTP, "allow-http", false, "allow plain http:// sources (local tests); https only by default")
	fs.StringVar(&n.caCert, "ca-cert", "", "PEM `file` of certificates to trust beside the system's (a console behind a private CA)")
	return n
}

func (n *netFlags) options() fetch.Options {
	return fetch.Options{Timeout: n.timeout, MaxBytes: n.maxBytes, AllowHTTP: n.allowHTTP, CAFile: n.caCert}
}
