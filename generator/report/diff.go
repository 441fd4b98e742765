package report

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/apigen-dev/apigen/generator/diff"
)

// RenderDiff writes what apigen diff found in format.
func RenderDiff(w io.Writer, format string, r *diff.Result) error {
	switch format {
	case "text":
		return diffText(w, r)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Old      string           `json:"old"`
			New      string           `json:"new"`
			Breaking int              `json:"breaking"`
			Changes  []diff.Change    `json:"changes"`
			GoAPI    []diff.APIChange `json:"goAPI"`
		}{r.Old, r.New, r.Breaking(), nonNil(r.Changes), nonNilAPI(r.GoAPI)})
	case "markdown":
		return diffMarkdown(w, r)
	case "github":
		return diffGitHub(w, r)
	case "junit":
		return diffJUnit(w, r)
	}
	return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

func nonNil(c []diff.Change) []diff.Change {
	if c == nil {
		return []diff.Change{}
	}
	return c
}

func nonNilAPI(c []diff.APIChange) []diff.APIChange {
	if c == nil {
		return []diff.APIChange{}
	}
	return c
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
	type failure struct {
		Message string `xml:"message,attr"`
	}
	type testcase struct {
		Classname string   `xml:"classname,attr"`
		Name      string   `xml:"name,attr"`
		Failure   *failure `xml:"failure,omitempty"`
	}
	s := struct {
		XMLName  xml.Name   `xml:"testsuite"`
		Name     string     `xml:"name,attr"`
		Tests    int        `xml:"tests,attr"`
		Failures int        `xml:"failures,attr"`
		Cases    []testcase `xml:"testcase"`
	}{Name: "apigen diff", Failures: r.Breaking()}
	for _, c := range r.Changes {
		tc := testcase{Classname: "apigen.api." + c.Location, Name: c.What}
		if c.Breaking {
			tc.Failure = &failure{Message: "breaking: " + c.Location + ": " + c.What}
		}
		s.Cases = append(s.Cases, tc)
	}
	for _, c := range r.GoAPI {
		tc := testcase{Classname: "apigen.go", Name: c.Name + " " + c.What}
		if c.Breaking {
			tc.Failure = &failure{Message: "breaking for Go callers: " + c.Name + " " + c.What}
		}
		s.Cases = append(s.Cases, tc)
	}
	s.Tests = len(s.Cases)
	io.WriteString(w, xml.Header)
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(s); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
