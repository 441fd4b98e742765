package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/apigen-dev/apigen/generator/pos"
)

// Failure is a tool error: the run could not check or compare at all (a
// broken config, spec or overlay, a vendor whose spec could not be
// fetched). CI must show it as loudly as a finding, in the same format.
type Failure struct {
	Command string // "check", "diff"
	Vendor  string // "" when it concerns no one vendor (the config)
	Err     error
}

func (f Failure) title() string {
	if f.Vendor == "" {
		return "apigen " + f.Command
	}
	return "apigen " + f.Command + ": " + f.Vendor
}

// RenderError writes f in format: a GitHub ::error at the file and line
// when the error has them, a failing JUnit case, a Markdown section, a
// JSON object. Text writes nothing: the CLI prints the error on stderr.
func RenderError(w io.Writer, format string, f Failure) error {
	msg := strings.TrimSpace(f.Err.Error())
	p := pos.Of(f.Err)
	return dispatch(w, format, map[string]func(io.Writer) error{
		"text": func(io.Writer) error { return nil },
		"json": func(w io.Writer) error {
			type place struct {
				File string `json:"file"`
				Line int    `json:"line,omitempty"`
				Col  int    `json:"col,omitempty"`
			}
			out := struct {
				Command string `json:"command"`
				Vendor  string `json:"vendor,omitempty"`
				Error   string `json:"error"`
				At      *place `json:"at,omitempty"`
			}{f.Command, f.Vendor, msg, nil}
			if p != nil {
				out.At = &place{p.File, p.Line, p.Col}
			}
			return writeJSON(w, out)
		},
		"markdown": func(w io.Writer) error {
			fence := "```"
			for strings.Contains(msg, fence) {
				fence += "`"
			}
			_, err := fmt.Fprintf(w, "### %s\n\n❌ apigen could not %s:\n\n%s\n%s\n%s\n\n", f.title(), verb(f.Command), fence, msg, fence)
			return err
		},
		"github": func(w io.Writer) error {
			props := ""
			if p != nil && p.File != "" {
				props = "file=" + escapeProperty(p.File)
				if p.Line > 0 {
					props += fmt.Sprintf(",line=%d", p.Line)
				}
				if p.Col > 0 {
					props += fmt.Sprintf(",col=%d", p.Col)
				}
				props += ","
			}
			_, err := fmt.Fprintf(w, "::error %stitle=%s::%s\n", props, escapeProperty(f.title()), escapeData(msg))
			return err
		},
		"junit": func(w io.Writer) error {
			class := "apigen"
			if f.Vendor != "" {
				class += "." + f.Vendor
			}
			return writeJUnit(w, f.title(), []junitCase{{class: class, name: "apigen " + f.Command, failure: "could not " + verb(f.Command), body: msg}})
		},
	})
}

func verb(command string) string {
	if command == "diff" {
		return "compare"
	}
	return command
}
