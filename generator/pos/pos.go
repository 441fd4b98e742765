// Package pos is a place in a file the user edits, and an error at it.
//
// It is a leaf: load, overlay, ext and model all report problems as a
// *pos.Error, so every message has the same file:line:col shape whichever
// stage found it, and a CI report can turn it into an annotation.
package pos

import (
	"errors"
	"fmt"
)

// Error is a problem at a place in a file. Line and Col are 1-based; zero
// when unknown.
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// At makes an Error at line and col of file.
func At(file string, line, col int, format string, args ...any) *Error {
	return &Error{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// Of returns the first *Error in err's chain, or nil.
func Of(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}
