package generator

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"strconv"

	"github.com/apigen-dev/apigen/generator/load"
	"github.com/apigen-dev/apigen/generator/output"
	"github.com/apigen-dev/apigen/internal/bug"
)

// StageError is a failure of one vendor's pipeline. It prints as
// "<vendor>: <stage>: <detail>", one prefix per layer; the vendor is the
// spec file in ad-hoc mode. A positioned problem in that same file folds
// the position into the label ("spec.yaml:12:3: load: ..."), so editors and
// CI annotators find the line at the start of the message.
type StageError struct {
	Label string // vendor name, or the spec path in ad-hoc mode
	// Spec is the vendor's spec file, named after the label when the
	// detail names no file of its own; "" in ad-hoc mode (the label is it).
	Spec  string
	Stage string // load, overlay, model, goclient, samples, output
	Err   error
}

func (e *StageError) Error() string {
	var pe *load.Error
	if errors.As(e.Err, &pe) && pe.File == e.Label && e.Err.Error() == pe.Error() {
		pos := ""
		if pe.Line > 0 {
			pos = ":" + strconv.Itoa(pe.Line)
		}
		if pe.Line > 0 && pe.Col > 0 {
			pos += ":" + strconv.Itoa(pe.Col)
		}
		return fmt.Sprintf("%s%s: %s: %s", e.Label, pos, e.Stage, pe.Msg)
	}
	label := e.Label
	if e.Spec != "" && pe == nil {
		label += ": " + e.Spec
	}
	if be, ok := e.Err.(*bug.Error); ok {
		return fmt.Sprintf("%s: %s: %s", label, e.Stage, be.Detail())
	}
	return fmt.Sprintf("%s: %s: %v", label, e.Stage, e.Err)
}

func (e *StageError) Unwrap() error { return e.Err }

// pipeline tracks where one vendor's run is, so that an error or a panic
// names the vendor and the stage once.
type pipeline struct {
	label, spec string
	stage       string
}

func (p *pipeline) at(stage string) { p.stage = stage }

// fail wraps err with the vendor and the current stage; a recovered
// panic names the stage it happened in.
func (p *pipeline) fail(err error) error {
	var be *bug.Error
	if errors.As(err, &be) {
		return &StageError{Label: p.label, Spec: p.spec, Stage: be.Stage, Err: err}
	}
	return &StageError{Label: p.label, Spec: p.spec, Stage: p.stage, Err: err}
}

// recoverTo, deferred directly in a vendor's goroutine, turns a panic into
// an error naming the vendor and the stage it happened in.
func (p *pipeline) recoverTo(err *error) {
	if v := recover(); v != nil {
		*err = p.fail(&bug.Error{Stage: p.stage, Value: v, Stack: debug.Stack()})
	}
}

// keepFailed writes the Go files a failed compile or format cited into
// dir, so the lines the message names can be read, and says where. With no
// dir it says how to get them.
func keepFailed(dir string, err error) error {
	var failed interface {
		error
		FailedFiles() []output.File
	}
	if !errors.As(err, &failed) {
		return err
	}
	files := failed.FailedFiles()
	if dir == "" {
		return fmt.Errorf("%w (pass --keep-failed DIR to keep the generated files)", err)
	}
	werr := os.MkdirAll(dir, 0o755)
	for _, f := range files {
		if werr == nil {
			werr = os.WriteFile(filepath.Join(dir, filepath.FromSlash(path.Clean("/" + f.Path))[1:]), f.Data, 0o644)
		}
	}
	if werr != nil {
		return fmt.Errorf("%w (--keep-failed: %v)", err, werr)
	}
	return fmt.Errorf("%w (kept in %s)", err, dir)
}
