package bug

import (
	"errors"
	"strings"
	"sync"
	"testing"
)

func TestGoTurnsAPanicIntoAnError(t *testing.T) {
	var wg sync.WaitGroup
	var err error
	Go(&wg, &err, "samples", "$.paths['/a'].get", func() {
		var m map[string]int
		m["x"] = 1 // assignment to a nil map panics
	})
	wg.Wait()
	var be *Error
	if !errors.As(err, &be) {
		t.Fatalf("want a *bug.Error, got %v", err)
	}
	msg := err.Error()
	for _, want := range []string{"samples: panic at $.paths['/a'].get", "assignment to entry in nil map", "this is an apigen bug"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q does not say %q", msg, want)
		}
	}
	if !strings.Contains(string(be.Stack), "bug_test.go") {
		t.Errorf("the stack does not lead to the panic:\n%s", be.Stack)
	}
	if strings.Contains(msg, "goroutine") {
		t.Errorf("the message carries the stack; only --debug should print it: %s", msg)
	}
}

func TestRecoverAtNamesThePartBeingWorkedOn(t *testing.T) {
	run := func() (err error) {
		where := ""
		defer RecoverAt(&err, "model", &where)
		for _, p := range []string{"$.a", "$.b"} {
			where = p
			if p == "$.b" {
				panic("boom")
			}
		}
		return nil
	}
	err := run()
	if err == nil || !strings.HasPrefix(err.Error(), "model: panic at $.b: boom") {
		t.Fatalf("got %v", err)
	}
}

func TestNoPanicNoError(t *testing.T) {
	var wg sync.WaitGroup
	var err error
	Go(&wg, &err, "samples", "", func() {})
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
}
