// Package report renders what apigen found for a CI system to show: the
// drift apigen check finds, the changes apigen diff finds, and the error
// that stopped either, in text (a unified diff), JSON, Markdown (for
// $GITHUB_STEP_SUMMARY and PR comments), GitHub annotations, or JUnit XML.
//
// Input: a drift.Result, a diff.Result or an error. Output: bytes on a
// writer; nothing else.
package report

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/apigen-dev/apigen/generator/drift"
)

// Formats lists the names Render accepts.
var Formats = []string{"text", "json", "markdown", "github", "junit"}

// Render writes r in format.
func Render(w io.Writer, format string, r *drift.Result) error {
	return dispatch(w, format, map[string]func(io.Writer) error{
		"text":     func(w io.Writer) error { return text(w, r) },
		"json":     func(w io.Writer) error { return jsonReport(w, r) },
		"markdown": func(w io.Writer) error { return markdown(w, r) },
		"github":   func(w io.Writer) error { return github(w, r) },
		"junit":    func(w io.Writer) error { return junit(w, r) },
	})
}

// dispatch runs the renderer for format; every report offers all Formats.
func dispatch(w io.Writer, format string, renderers map[string]func(io.Writer) error) error {
	if render, ok := renderers[format]; ok {
		return render(w)
	}
	return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

// junitCase is one test case of a JUnit report; failure "" means passed
// (or skipped, when skipped is set).
type junitCase struct {
	class, name, failure, body, skipped string
}

// writeJUnit writes one JUnit test suite, valid for every CI that reads them.
func writeJUnit(w io.Writer, suite string, cases []junitCase) error {
	type failure struct {
		Message string `xml:"message,attr"`
		Body    string `xml:",chardata"`
	}
	type skipped struct {
		Message string `xml:"message,attr"`
	}
	type testcase struct {
		Classname string   `xml:"classname,attr"`
		Name      string   `xml:"name,attr"`
		Failure   *failure `xml:"failure,omitempty"`
		Skipped   *skipped `xml:"skipped,omitempty"`
	}
	s := struct {
		XMLName  xml.Name   `xml:"testsuite"`
		Name     string     `xml:"name,attr"`
		Tests    int        `xml:"tests,attr"`
		Failures int        `xml:"failures,attr"`
		Skipped  int        `xml:"skipped,attr"`
		Cases    []testcase `xml:"testcase"`
	}{Name: suite, Tests: len(cases)}
	for _, c := range cases {
		tc := testcase{Classname: c.class, Name: c.name}
		if c.failure != "" {
			tc.Failure = &failure{Message: c.failure, Body: c.body}
			s.Failures++
		}
		if c.skipped != "" {
			tc.Skipped = &skipped{Message: c.skipped}
			s.Skipped++
		}
		s.Cases = append(s.Cases, tc)
	}
	io.WriteString(w, xml.Header)
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(s); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// writeJSON writes v indented.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

const fix = "run go generate ./... (or make generate) and commit the result"

func what(d drift.Finding) string {
	switch d.Kind {
	case "missing":
		return "is missing: it is generated but not on disk"
	case "extra":
		return "is generated output the generator no longer produces"
	}
	return "differs from what the generator produces now (stale, or edited by hand)"
}

func text(w io.Writer, r *drift.Result) error {
	if len(r.Drift) == 0 {
		how := ""
		if r.Fast {
			how = " (nothing changed since the last generate; --full regenerates to be sure)"
		}
		_, err := fmt.Fprintf(w, "clean: %d generated files match%s\n", len(r.Files), how)
		return err
	}
	for _, d := range r.Drift {
		fmt.Fprintf(w, "%s %s\n", d.Path, what(d))
		if d.Diff != "" {
			fmt.Fprint(w, d.Diff)
		}
	}
	_, err := fmt.Fprintf(w, "%d of %d generated files are out of date: %s\n", len(r.Drift), len(r.Files), fix)
	return err
}

func jsonReport(w io.Writer, r *drift.Result) error {
	type drift struct {
		Vendor string `json:"vendor"`
		Path   string `json:"path"`
		Kind   string `json:"kind"`
		Diff   string `json:"diff,omitempty"`
	}
	out := struct {
		Clean bool    `json:"clean"`
		Fast  bool    `json:"fast"`
		Files int     `json:"files"`
		Drift []drift `json:"drift"`
	}{Clean: len(r.Drift) == 0, Fast: r.Fast, Files: len(r.Files), Drift: []drift{}}
	for _, d := range r.Drift {
		out.Drift = append(out.Drift, drift(d))
	}
	return writeJSON(w, out)
}

// vendors lists the vendors a check covered, in order.
func vendors(r *drift.Result) string {
	var names []string
	for _, f := range r.Files {
		if len(names) == 0 || names[len(names)-1] != f.Vendor {
			names = append(names, f.Vendor)
		}
	}
	for _, d := range r.Drift {
		if !slices.Contains(names, d.Vendor) {
			names = append(names, d.Vendor)
		}
	}
	return strings.Join(names, ", ")
}

func markdown(w io.Writer, r *drift.Result) error {
	fmt.Fprintf(w, "### apigen check: %s\n\n", vendors(r))
	if len(r.Drift) == 0 {
		_, err := fmt.Fprintf(w, "✅ Clean: all %d generated files match the specs, overlays and generator.\n", len(r.Files))
		return err
	}
	fmt.Fprintf(w, "❌ %d of %d generated files are out of date: %s.\n\n", len(r.Drift), len(r.Files), fix)
	fmt.Fprintln(w, "| vendor | file | problem |")
	fmt.Fprintln(w, "|---|---|---|")
	for _, d := range r.Drift {
		fmt.Fprintf(w, "| %s | `%s` | %s |\n", d.Vendor, d.Path, d.Kind)
	}
	for _, d := range r.Drift {
		if d.Diff == "" {
			continue
		}
		fence := "```"
		for strings.Contains(d.Diff, fence) {
			fence += "`"
		}
		fmt.Fprintf(w, "\n<details><summary><code>%s</code></summary>\n\n%sdiff\n%s%s\n\n</details>\n", d.Path, fence, d.Diff, fence)
	}
	return nil
}

// github writes workflow commands that GitHub shows as annotations on the
// file; data and properties are escaped as the runner requires.
func github(w io.Writer, r *drift.Result) error {
	if len(r.Drift) == 0 {
		_, err := fmt.Fprintf(w, "::notice title=%s::clean: %d generated files match\n", escapeProperty("apigen check: "+vendors(r)), len(r.Files))
		return err
	}
	for _, d := range r.Drift {
		fmt.Fprintf(w, "::error file=%s,title=%s::%s\n", escapeProperty(d.Path), escapeProperty("apigen check "+d.Vendor+": "+d.Kind),
			escapeData(d.Path+" "+what(d)+"; "+fix))
	}
	return nil
}

func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// junit writes one test case per vendor and file: a passing case for each
// file that matches, a failure with the diff for each that does not.
func junit(w io.Writer, r *drift.Result) error {
	bad := map[string]drift.Finding{}
	for _, d := range r.Drift {
		bad[d.Path] = d
	}
	var cases []junitCase
	for _, f := range r.Files {
		c := junitCase{class: "apigen." + f.Vendor, name: f.Path}
		if d, ok := bad[f.Path]; ok {
			c.failure, c.body = d.Path+" "+what(d), d.Diff
		}
		cases = append(cases, c)
	}
	return writeJUnit(w, "apigen check", cases)
}
