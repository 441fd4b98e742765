// Package overlay is the second pipeline stage: it applies OpenAPI Overlay
// documents (1.0, and the 1.1 copy action) to a loaded spec, in order.
//
// Input: OpenAPI 3 bytes from load and the overlay files in the order the
// config lists them (the NN- prefix of their names). Output: the patched
// OpenAPI 3 bytes. Application is strict by default: an action whose target
// matches nothing is an error naming the overlay file, the action's 1-based
// index and its line, because a silently skipped overlay is how vendor
// knowledge quietly stops reaching the generated client when a spec changes.
package overlay

import (
	"errors"
	"fmt"

	"github.com/pb33f/libopenapi"
	highoverlay "github.com/pb33f/libopenapi/datamodel/high/overlay"
	engine "github.com/pb33f/libopenapi/overlay"

	"github.com/apigen-dev/apigen/generator/ext"
	"github.com/apigen-dev/apigen/generator/load"
	"github.com/apigen-dev/apigen/generator/pos"
)

// File is one overlay document.
type File struct {
	Path string // as the user named it, for messages
	Data []byte
}

// Options tunes application. The zero value is strict.
type Options struct {
	// Lenient turns "target matched nothing" into a warning.
	Lenient bool
}

// Apply applies files to spec in order and returns the result with any
// warnings (only in lenient mode).
func Apply(spec []byte, files []File, opts Options) ([]byte, []string, error) {
	var warnings []string
	for _, f := range files {
		out, warns, err := applyOne(spec, f, opts)
		if err != nil {
			return nil, nil, err
		}
		spec = out
		warnings = append(warnings, warns...)
	}
	return spec, warnings, nil
}

func applyOne(spec []byte, f File, opts Options) ([]byte, []string, error) {
	ov, err := libopenapi.NewOverlayDocument(f.Data)
	if err != nil {
		return nil, nil, parseError(f.Path, err)
	}
	for i, a := range ov.Actions {
		if a.Update == nil {
			continue
		}
		// An x-apigen-* mistake is reported here, in the overlay file the
		// user edits, at the key or value that is wrong.
		if err := ext.Walk(f.Path, a.Update, ext.Target(a.Target)); err != nil {
			e := *pos.Of(err)
			e.Msg = fmt.Sprintf("action %d: %s", i+1, e.Msg)
			return nil, nil, &e
		}
	}
	res, err := engine.Apply(spec, ov)
	if err != nil {
		var oe *engine.OverlayError
		if errors.As(err, &oe) && oe.Action != nil {
			return nil, nil, actionError(f.Path, ov, oe.Action, oe.Cause.Error())
		}
		return nil, nil, &load.Error{File: f.Path, Msg: err.Error()}
	}
	var warnings []string
	for _, w := range res.Warnings {
		e := actionError(f.Path, ov, w.Action, fmt.Sprintf("target %q: %s", w.Target, describe(w.Message)))
		if !opts.Lenient {
			return nil, nil, e
		}
		warnings = append(warnings, "overlay "+e.Error())
	}
	return res.Bytes, warnings, nil
}

// describe rewords the engine's warning into what the user should check.
func describe(msg string) string {
	if msg == "target matched zero nodes" {
		return "matched nothing (check the JSONPath against the spec, or pass --lenient)"
	}
	return msg
}

// actionError names the action by its 1-based index in the file and, when
// known, its line and column.
func actionError(path string, ov *highoverlay.Overlay, a *highoverlay.Action, msg string) error {
	idx := 0
	for i, cand := range ov.Actions {
		if cand == a {
			idx = i + 1
			break
		}
	}
	e := &pos.Error{File: path, Msg: fmt.Sprintf("action %d: %s", idx, msg)}
	if low := a.GoLow(); low != nil && low.RootNode != nil {
		e.Line, e.Col = low.RootNode.Line, low.RootNode.Column
	}
	return e
}

// parseError positions YAML syntax errors in the overlay file itself.
func parseError(path string, err error) error {
	if errors.Is(err, engine.ErrInvalidOverlay) {
		return &pos.Error{File: path, Msg: "empty or not an overlay document"}
	}
	return load.Positioned(path, err)
}
