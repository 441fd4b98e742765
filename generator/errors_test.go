package generator

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apigen-dev/apigen/generator/load"
	"github.com/apigen-dev/apigen/generator/output"
	"github.com/apigen-dev/apigen/internal/bug"
)

// TestStageErrorPrefixes: one prefix per layer, the spec named once, and a
// position in the ad-hoc spec folded to the front where editors look.
func TestStageErrorPrefixes(t *testing.T) {
	for _, c := range []struct {
		p    pipeline
		err  error
		want string
	}{
		{pipeline{label: "spec.yaml", stage: "load"}, &load.Error{File: "spec.yaml", Line: 3, Col: 7, Msg: "invalid YAML"},
			"spec.yaml:3:7: load: invalid YAML"},
		{pipeline{label: "spec.yaml", stage: "load"}, &load.Error{File: "spec.yaml", Msg: "upgrade Swagger 2.0 to OpenAPI 3: x"},
			"spec.yaml: load: upgrade Swagger 2.0 to OpenAPI 3: x"},
		{pipeline{label: "wallarm", spec: "specs/w.yaml", stage: "load"}, &load.Error{File: "specs/w.yaml", Line: 3, Msg: "bad"},
			"wallarm: load: specs/w.yaml:3: bad"},
		{pipeline{label: "wallarm", spec: "specs/w.yaml", stage: "goclient"}, errors.New("oapi-codegen: refused"),
			"wallarm: specs/w.yaml: goclient: oapi-codegen: refused"},
		{pipeline{label: "spec.yaml", stage: "goclient"}, errors.New("oapi-codegen: refused"),
			"spec.yaml: goclient: oapi-codegen: refused"},
		{pipeline{label: "spec.yaml", stage: "goclient"}, &bug.Error{Stage: "samples", Where: "$.paths['/a'].get", Value: "boom"},
			"spec.yaml: samples: panic at $.paths['/a'].get: boom (this is an apigen bug"},
	} {
		got := c.p.fail(c.err).Error()
		if !strings.HasPrefix(got, c.want) {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
}

// TestPipelinePanicIsAnError: a panic anywhere in a vendor's run comes back
// as an error naming the vendor, the stage and "apigen bug", with the stack
// kept for --debug.
func TestPipelinePanicIsAnError(t *testing.T) {
	p := &pipeline{label: "spec.yaml", stage: "load"}
	run := func() (err error) {
		defer p.recoverTo(&err)
		p.at("model")
		var m map[string]bool
		m["x"] = true
		return nil
	}
	err := run()
	var be *bug.Error
	if !errors.As(err, &be) || len(be.Stack) == 0 {
		t.Fatalf("want a recovered panic with its stack, got %v", err)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "spec.yaml: model: panic: assignment to entry in nil map") || !strings.Contains(msg, "apigen bug") {
		t.Fatalf("got %s", msg)
	}
}

type sourceErr struct{}

func (sourceErr) Error() string { return "the generated client does not compile: x (client.go:3)" }
func (sourceErr) FailedFiles() []output.File {
	return []output.File{{Path: "client.go", Data: []byte("package x\n\nvar x = y\n")}}
}

// TestKeepFailed: the Go source a compile error cites is written where the
// user asked, and the message says where; without the flag it says how.
func TestKeepFailed(t *testing.T) {
	if msg := keepFailed("", sourceErr{}).Error(); !strings.Contains(msg, "pass --keep-failed DIR to keep the generated files") {
		t.Errorf("without a directory: %s", msg)
	}
	dir := t.TempDir() + "/kept"
	err := keepFailed(dir, sourceErr{})
	data, rerr := os.ReadFile(filepath.Join(dir, "client.go"))
	if rerr != nil || string(data) != "package x\n\nvar x = y\n" {
		t.Fatalf("kept file: %q, %v", data, rerr)
	}
	if !strings.Contains(err.Error(), "kept in "+dir) {
		t.Errorf("message: %s", err)
	}
	plain := errors.New("other")
	if keepFailed(dir, plain) != plain {
		t.Error("an error without source changed")
	}
}
