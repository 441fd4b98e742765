package goclient

import (
	"fmt"

	"github.com/apigen-dev/apigen/generator/output"
)

// RefusedError is oapi-codegen refusing the document.
type RefusedError struct{ Err error }

func (e *RefusedError) Error() string { return "oapi-codegen: " + e.Err.Error() }
func (e *RefusedError) Unwrap() error { return e.Err }

// FormatError is oapi-codegen output that is not valid Go.
type FormatError struct {
	Source []byte // the unformatted output, whose lines the error cites
	Err    error
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("oapi-codegen's output does not parse: %v", e.Err)
}
func (e *FormatError) Unwrap() error { return e.Err }

// FailedFiles is the file the error cites, for --keep-failed.
func (e *FormatError) FailedFiles() []output.File {
	return []output.File{{Path: "client.go", Data: e.Source}}
}
