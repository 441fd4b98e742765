package main

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/apigen-dev/apigen/internal/bug"
)

// TestDebugPrintsPanicStacks: --debug prints the stack of each recovered
// panic, however deeply it is wrapped or joined with other vendors' errors.
func TestDebugPrintsPanicStacks(t *testing.T) {
	panicked := &bug.Error{Stage: "samples", Value: "boom", Stack: []byte("goroutine 7 [running]:\nsamples.goSample(...)")}
	err := errors.Join(errors.New("other vendor: load: bad"), fmt.Errorf("wallarm: %w", panicked))
	var b bytes.Buffer
	printStacks(&b, err)
	if !strings.Contains(b.String(), "stack of the panic in samples") || !strings.Contains(b.String(), "samples.goSample") {
		t.Fatalf("got %q", b.String())
	}
	b.Reset()
	printStacks(&b, errors.New("no panic"))
	if b.Len() != 0 {
		t.Fatalf("printed %q for an ordinary error", b.String())
	}
}
