package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/apigen-dev/apigen/generator/diff"
)

// RenderDiff writes what apigen diff found in format.
func RenderDiff(w io.Writer, format string, r *diff.Result) error {
	return dispatch(w, format, map[string]func(io.Writer) error{
		"text": func(w io.Writer) error { return diffText(w, r) },
		"json": func(w io.Writer) error {
			return writeJSON(w, struct {
				Old      string           `json:"old"`
				New      string           `json:"new"`
				Breaking int              `json:"breaking"`
				Changes  []diff.Change    `json:"changes"`
				GoAPI    []diff.APIChange `json:"goAPI"`
			}{r.Old, r.New, r.Breaking(), orEmpty(r.Changes), orEmpty(r.GoAPI)})
		},
		"markdown": func(w io.Writer) error { return diffMarkdown(w, r) },
		"github":   func(w io.Writer) error { return diffGitHub(w, r) },
		"junit":    func(w io.Writer) error { return diffJUnit(w, r) },
	})
}

// orEmpty makes JSON say [] rather than null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func mark(breaking bool) string {
	if breaking {
		return "BREAKING"
	}
	return "ok"
}

func diffText(w io.Writer, r *diff.Result) error {
	fmt.Fprintf(w, "%s → %s: %d API changes, %d Go API changes, %d breaking\n", r.Old, r.New, len(r.Changes), len(r.GoAPI), r.Breaking())
	for _, c := range r.Changes {
		fmt.Fprintf(w, "  %-8s %s: %s", mark(c.Breaking), c.Location, c.What)
		if c.Line > 0 {
			fmt.Fprintf(w, " (line %d)", c.Line)
		}
		fmt.Fprintln(w)
	}
	if len(r.GoAPI) > 0 {
		fmt.Fprintln(w, "Generated Go package:")
		for _, c := range r.GoAPI {
			fmt.Fprintf(w, "  %-8s %s %s\n", mark(c.Breaking), c.Name, c.What)
		}
	}
	return nil
}

func diffMarkdown(w io.Writer, r *diff.Result) error {
	fmt.Fprintf(w, "### apigen diff\n\n`%s` → `%s`: **%d breaking** of %d API changes and %d Go API changes.\n\n", r.Old, r.New, r.Breaking(), len(r.Changes), len(r.GoAPI))
	if len(r.Changes) > 0 {
		fmt.Fprintln(w, "| | where | what | line |")
		fmt.Fprintln(w, "|---|---|---|---:|")
		for _, c := range r.Changes {
			fmt.Fprintf(w, "| %s | %s | %s | %d |\n", map[bool]string{true: "❌", false: "✅"}[c.Breaking], cell(c.Location), cell(c.What), c.Line)
		}
	}
	if len(r.GoAPI) > 0 {
		fmt.Fprintln(w, "\n| | Go identifier | change |\n|---|---|---|")
		for _, c := range r.GoAPI {
			fmt.Fprintf(w, "| %s | `%s` | %s |\n", map[bool]string{true: "❌", false: "✅"}[c.Breaking], c.Name, cell(c.What))
		}
	}
	return nil
}

func cell(s string) string { return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s) }

func diffGitHub(w io.Writer, r *diff.Result) error {
	for _, c := range r.Changes {
		level := "notice"
		if c.Breaking {
			level = "error"
		}
		fmt.Fprintf(w, "::%s file=%s,line=%d,title=%s::%s\n", level, escapeProperty(r.New), max(c.Line, 1),
			escapeProperty("apigen diff: "+mark(c.Breaking)), escapeData(c.Location+": "+c.What))
	}
	for _, c := range r.GoAPI {
		if c.Breaking {
			fmt.Fprintf(w, "::error title=%s::%s\n", escapeProperty("apigen diff: Go API"), escapeData(c.Name+" "+c.What))
		}
	}
	return nil
}

func diffJUnit(w io.Writer, r *diff.Result) error {
	var cases []junitCase
	for _, c := range r.Changes {
		jc := junitCase{class: "apigen.api." + c.Location, name: c.What}
		if c.Breaking {
			jc.failure = "breaking: " + c.Location + ": " + c.What
		}
		cases = append(cases, jc)
	}
	for _, c := range r.GoAPI {
		jc := junitCase{class: "apigen.go", name: c.Name + " " + c.What}
		if c.Breaking {
			jc.failure = "breaking for Go callers: " + c.Name + " " + c.What
		}
		cases = append(cases, jc)
	}
	return writeJUnit(w, "apigen diff", cases)
}
