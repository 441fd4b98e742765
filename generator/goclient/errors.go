package goclient

import (
	"errors"
	"fmt"

	"github.com/apigen-dev/apigen/generator/output"
)

// RefusedError is oapi-codegen refusing the document, with the parts of
// it the refusal was traced to.
type RefusedError struct {
	Err      error
	Problems []Problem
}

func (e *RefusedError) Error() string { return "oapi-codegen: " + e.Err.Error() }
func (e *RefusedError) Unwrap() error { return e.Err }

// FormatError is oapi-codegen output that is not valid Go.
type FormatError struct {
	Source   []byte // the unformatted output, whose lines the error cites
	Err      error
	Problems []Problem // the declarations the cited lines are in
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("oapi-codegen's output does not parse: %v", e.Err)
}
func (e *FormatError) Unwrap() error { return e.Err }

// FailedFiles is the file the error cites, for --keep-failed.
func (e *FormatError) FailedFiles() []output.File {
	return []output.File{{Path: "client.go", Data: e.Source}}
}

// Problems are the parts of the document a failure of Generate was
// traced to, for model.Degrade; none when it could not be traced.
func Problems(err error) []Problem {
	var ce *CheckError
	var re *RefusedError
	var fe *FormatError
	switch {
	case errors.As(err, &ce):
		return ce.Problems
	case errors.As(err, &re):
		return re.Problems
	case errors.As(err, &fe):
		return fe.Problems
	}
	return nil
}
