// Command admspec converts the Hosting Ukraine (adm.tools) action catalogue,
// a TSV kept in specs/admtools/source, into the OpenAPI 3.0.3 snapshot
// specs/admtools/openapi.yaml. The vendor publishes no machine-readable spec,
// so the catalogue (679 actions, from a community MCP server) is the only
// complete list of actions and parameters there is.
//
// Run it from the repository root:
//
//	go run ./tools/admspec [-in FILE.tsv] [-out FILE.yaml] [-lock FILE]
//
// The output depends only on the TSV, so rerunning it yields the same bytes.
// It also keeps the sha256 in specs/admtools/lock.yaml in step with the spec;
// the lock is rewritten (with today's date) only when the spec changes.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	in := flag.String("in", "specs/admtools/source/admtools-endpoints.tsv", "action catalogue `TSV`")
	out := flag.String("out", "specs/admtools/openapi.yaml", "OpenAPI `file` to write")
	lock := flag.String("lock", "specs/admtools/lock.yaml", "lock `file` to update (empty: leave alone)")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "admspec: unexpected arguments:", flag.Args())
		os.Exit(2)
	}
	if err := run(*in, *out, *lock, time.Now()); err != nil {
		fmt.Fprintln(os.Stderr, "admspec:", err)
		os.Exit(1)
	}
}

// run converts in to out and refreshes lock. now dates a rewritten lock.
func run(in, out, lock string, now time.Time) error {
	tsv, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	spec, err := convert(in, tsv)
	if err != nil {
		return err
	}
	if err := writeAtomic(out, spec); err != nil {
		return err
	}
	if lock == "" {
		return nil
	}
	return updateLock(lock, spec, now)
}
