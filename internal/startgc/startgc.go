// Package startgc keeps the garbage collector off while a short apigen
// command starts. `apigen check` and a no-op `apigen generate` answer from
// the fast-path record in a few milliseconds, but the packages linked into
// apigen allocate over 3 MB while they initialise (kin-openapi compiles
// JSON Schema meta-schemas, x/tools builds its standard-library table), so
// a collection started there cost about 7 ms of a 50 ms check on two busy
// cores for nothing: the process ends right after.
//
// cmd/apigen imports it for its init, which runs before those packages':
// it depends only on os and runtime/debug, and Go initialises packages
// that are ready in import-path order. Only the check and generate
// commands are affected (a test binary's arguments never match); the
// command calls On before it generates anything and when it returns.
package startgc

import (
	"os"
	"runtime/debug"
)

// percent is the collector's setting before init turned it off; off says
// init did.
var (
	percent int
	off     bool
)

func init() {
	if len(os.Args) > 1 && (os.Args[1] == "check" || os.Args[1] == "generate") {
		percent, off = debug.SetGCPercent(-1), true
	}
}

// On turns the collector back on, if init turned it off.
func On() {
	if off {
		debug.SetGCPercent(percent)
		off = false
	}
}
