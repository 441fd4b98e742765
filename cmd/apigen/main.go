// Command apigen generates typed Go clients from vendors' OpenAPI specs.
//
// Run `apigen help` for the commands; see README.md for the workflow.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
)

// Exit codes shared by every command.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

const usage = `apigen turns vendors' OpenAPI/Swagger specs into typed Go clients.

Usage:
  apigen generate [--config FILE] [--vendor NAME]...   every vendor in apigen.yaml
  apigen generate --spec FILE [--overlay FILE]... --package NAME --out DIR
  apigen check [--config FILE] [--vendor NAME]... [--format text|json|markdown|github|junit]
  apigen fetch [--config FILE] [--vendor NAME]... [--allow-http] [--ca-cert FILE]
  apigen diff [--format F] [--fail-on breaking|any] OLD NEW | --vendor NAME
  apigen docs --out DIR [--config FILE] [--vendor NAME]... [--redoc FILE]
  apigen vendors [--config FILE] [--json]
  apigen add-vendor NAME --spec FILE | --source URL [--config FILE] [--package NAME]
  apigen lock [--config FILE] [--vendor NAME]...
  apigen version
  apigen help [COMMAND]

Exit status: 0 success, 1 error, 2 bad usage; check: 0 clean, 1 drift,
2 bad usage, 3 could not check; diff: 0 no breaking change, 1 breaking
(any change with --fail-on any), 2 bad usage, 3 could not compare.
Run 'apigen COMMAND --help' for a command's flags.
`

type command struct {
	name string
	run  func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands = []command{
	{"generate", runGenerate},
	{"check", runCheck},
	{"fetch", runFetch},
	{"diff", runDiff},
	{"docs", runDocs},
	{"vendors", runVendors},
	{"add-vendor", runAddVendor},
	{"lock", runLock},
	{"version", runVersion},
}

// errUsage marks a usage error already explained to the user.
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			return run(ctx, []string{args[1], "--help"}, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], stdout, stderr)
		var coded *codedError
		switch {
		case err == nil, errors.Is(err, flag.ErrHelp):
			return exitOK
		case errors.Is(err, errUsage):
			return exitUsage
		case usageError(err, stderr):
			return exitUsage
		case errors.As(err, &coded):
			if coded.err != nil {
				fmt.Fprintf(stderr, "apigen: %s\n", strings.TrimSpace(coded.err.Error()))
			}
			return coded.code
		}
		fmt.Fprintf(stderr, "apigen: %s\n", strings.TrimSpace(err.Error()))
		return exitError
	}
	fmt.Fprintf(stderr, "apigen: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}

func runVersion(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("version", "Usage: apigen version\n\nPrints apigen's module version.", stderr)
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		v = bi.Main.Version
	}
	fmt.Fprintf(stdout, "apigen %s\n", v)
	return nil
}
