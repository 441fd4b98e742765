// Package bug turns a panic inside the generator into an error that says
// what a user can report: the stage that crashed, the part of the spec it
// was working on when known, and the stack for whoever fixes it.
//
// A panic is always a bug in apigen (or a library it drives), never the
// spec's fault, so every goroutine of the pipeline recovers through this
// package instead of taking the whole process down with an unnamed trace.
package bug

import (
	"fmt"
	"runtime/debug"
	"sync"
)

// Error is a recovered panic.
type Error struct {
	Stage string // pipeline stage, e.g. "samples"
	Where string // JSONPath of the part being worked on, "" when unknown
	Value any    // what was passed to panic
	Stack []byte // the goroutine's stack at the panic
}

func (e *Error) Error() string { return e.Stage + ": " + e.Detail() }

// Detail is the message without the stage, for callers that print the
// stage themselves.
func (e *Error) Detail() string {
	where := ""
	if e.Where != "" {
		where = " at " + e.Where
	}
	return fmt.Sprintf("panic%s: %v (this is an apigen bug; please report it with the output of the same command run with --debug)",
		where, e.Value)
}

// Recover, deferred directly, turns a panic of the calling goroutine into
// an *Error stored in *err:
//
//	defer bug.Recover(&err, "model", "")
func Recover(err *error, stage, where string) {
	if v := recover(); v != nil {
		*err = &Error{Stage: stage, Where: where, Value: v, Stack: debug.Stack()}
	}
}

// RecoverAt is Recover for a goroutine that moves from part to part: where
// is read at the panic, so it names the part being worked on then.
func RecoverAt(err *error, stage string, where *string) {
	if v := recover(); v != nil {
		*err = &Error{Stage: stage, Where: *where, Value: v, Stack: debug.Stack()}
	}
}

// Go runs f on wg in a new goroutine; a panic in f is stored in *err as an
// *Error instead of ending the process. Each goroutine needs its own err.
func Go(wg *sync.WaitGroup, err *error, stage, where string, f func()) {
	wg.Go(func() {
		defer Recover(err, stage, where)
		f()
	})
}
