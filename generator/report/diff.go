package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/apigen-dev/apigen/generator/diff"
)

// RenderDiff writes what apigen diff found in format.
func RenderDiff(w io.Writer, format string, r *diff.Result) error {
	if r.Skipped != "" {
		return renderSkipped(w, format, r)
	}
	return dispatch(w, format, map[string]func(io.Writer) error{
		"text": func(w io.Writer) error { return diffText(w, r) },
		"json": func(w io.Writer) error {
			type change struct {
				diff.Change
				File string `json:"file"`
			}
			out := struct {
				Vendor   string          `json:"vendor,omitempty"`
				Old      string          `json:"old"`
				New      string          `json:"new"`
				Breaking int             `json:"breaking"`
				Changes  []change        `json:"changes"`
				GoAPI    []diff.APIGroup `json:"goAPI"`
			}{Vendor: r.Vendor, Old: r.Old, New: r.New, Breaking: r.Breaking(), Changes: []change{}, GoAPI: orEmpty(r.GoAPI)}
			for _, c := range r.Changes {
				out.Changes = append(out.Changes, change{c, r.File(c)})
			}
			return writeJSON(w, out)
		},
		"markdown": func(w io.Writer) error { return diffMarkdown(w, r) },
		"github":   func(w io.Writer) error { return diffGitHub(w, r) },
		"junit":    func(w io.Writer) error { return diffJUnit(w, r) },
	})
}

// renderSkipped says that a vendor was not compared, and why.
func renderSkipped(w io.Writer, format string, r *diff.Result) error {
	return dispatch(w, format, map[string]func(io.Writer) error{
		"text": func(w io.Writer) error {
			_, err := fmt.Fprintf(w, "%s: skipped: %s\n", r.Vendor, r.Skipped)
			return err
		},
		"json": func(w io.Writer) error {
			return writeJSON(w, struct {
				Vendor  string `json:"vendor"`
				Skipped string `json:"skipped"`
			}{r.Vendor, r.Skipped})
		},
		"markdown": func(w io.Writer) error {
			_, err := fmt.Fprintf(w, "### %s\n\n⏭️ Skipped: %s.\n\n", diffTitle(r), r.Skipped)
			return err
		},
		"github": func(w io.Writer) error {
			_, err := fmt.Fprintf(w, "::notice title=%s::%s\n", escapeProperty(diffTitle(r)), escapeData("skipped: "+r.Skipped))
			return err
		},
		"junit": func(w io.Writer) error {
			return writeJUnit(w, diffTitle(r), []junitCase{{class: "apigen." + r.Vendor, name: "apigen diff", skipped: r.Skipped}})
		},
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

// diffTitle names what was compared: the vendor, else the two files.
func diffTitle(r *diff.Result) string {
	if r.Vendor != "" {
		return "apigen diff: " + r.Vendor
	}
	return "apigen diff: " + r.Old + " → " + r.New
}

// where is a change's place as file:line.
func where(r *diff.Result, c diff.Change) string {
	if c.Line == 0 {
		return r.File(c)
	}
	return fmt.Sprintf("%s:%d", r.File(c), c.Line)
}

// summary lists a group's identifiers by what happened to them.
func summary(g diff.APIGroup) string {
	var removed, added []string
	var changed []string
	for _, c := range g.Changes {
		switch {
		case c.What == "removed":
			removed = append(removed, c.Name)
		case c.What == "added":
			added = append(added, c.Name)
		default:
			changed = append(changed, c.Name+" ("+strings.TrimPrefix(c.What, "changed: ")+")")
		}
	}
	var parts []string
	for _, p := range []struct {
		verb  string
		names []string
	}{{"removed", removed}, {"changed", changed}, {"added", added}} {
		if len(p.names) > 0 {
			parts = append(parts, p.verb+" "+strings.Join(p.names, ", "))
		}
	}
	return strings.Join(parts, "; ")
}

func diffText(w io.Writer, r *diff.Result) error {
	if r.Vendor != "" {
		fmt.Fprintf(w, "%s: ", r.Vendor)
	}
	fmt.Fprintf(w, "%s → %s: %s, %s, %d breaking\n", r.Old, r.New, count(len(r.Changes), "API change"), count(len(r.GoAPI), "Go API finding"), r.Breaking())
	for _, c := range r.Changes {
		fmt.Fprintf(w, "  %-8s %s: %s (%s)\n", mark(c.Breaking), c.Location, c.What, where(r, c))
	}
	if len(r.GoAPI) > 0 {
		fmt.Fprintln(w, "Generated Go package:")
		for _, g := range r.GoAPI {
			fmt.Fprintf(w, "  %-8s %s: %s\n", mark(g.Breaking()), g.Owner, summary(g))
		}
	}
	return nil
}

func diffMarkdown(w io.Writer, r *diff.Result) error {
	fmt.Fprintf(w, "### %s\n\n`%s` → `%s`: **%d breaking** of %s and %s.\n\n",
		diffTitle(r), r.Old, r.New, r.Breaking(), count(len(r.Changes), "API change"), count(len(r.GoAPI), "Go API finding"))
	icon := map[bool]string{true: "❌", false: "✅"}
	if len(r.Changes) > 0 {
		fmt.Fprintln(w, "| | where | what | line |")
		fmt.Fprintln(w, "|---|---|---|---|")
		for _, c := range r.Changes {
			fmt.Fprintf(w, "| %s | %s | %s | `%s` |\n", icon[c.Breaking], cell(c.Location), cell(c.What), where(r, c))
		}
	}
	if len(r.GoAPI) > 0 {
		fmt.Fprintln(w, "\n| | generated Go package | identifiers |\n|---|---|---|")
		for _, g := range r.GoAPI {
			fmt.Fprintf(w, "| %s | %s | %s |\n", icon[g.Breaking()], cell(g.Owner), cell(summary(g)))
		}
	}
	fmt.Fprintln(w)
	return nil
}

// count says "1 API change", "2 API changes".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func cell(s string) string { return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s) }

// diffGitHub annotates each API change at its line in the committed
// snapshot (the old side for a removal, the new one otherwise) and adds
// one annotation per operation or schema whose Go API breaks.
func diffGitHub(w io.Writer, r *diff.Result) error {
	title := diffTitle(r)
	if r.Vendor == "" {
		title = "apigen diff"
	}
	for _, c := range r.Changes {
		level := "notice"
		if c.Breaking {
			level = "error"
		}
		fmt.Fprintf(w, "::%s file=%s,line=%d,title=%s::%s\n", level, escapeProperty(r.File(c)), max(c.Line, 1),
			escapeProperty(title+": "+mark(c.Breaking)), escapeData(c.Location+": "+c.What))
	}
	for _, g := range r.GoAPI {
		if g.Breaking() {
			fmt.Fprintf(w, "::error title=%s::%s\n", escapeProperty(title+": Go API"), escapeData(g.Owner+": "+summary(g)))
		}
	}
	return nil
}

func diffJUnit(w io.Writer, r *diff.Result) error {
	prefix := "apigen"
	if r.Vendor != "" {
		prefix += "." + r.Vendor
	}
	var cases []junitCase
	for _, c := range r.Changes {
		jc := junitCase{class: prefix + ".api." + c.Location, name: c.What}
		if c.Breaking {
			jc.failure = "breaking: " + c.Location + ": " + c.What + " (" + where(r, c) + ")"
		}
		cases = append(cases, jc)
	}
	for _, g := range r.GoAPI {
		jc := junitCase{class: prefix + ".go", name: g.Owner}
		if g.Breaking() {
			jc.failure = "breaking for Go callers: " + g.Owner + ": " + summary(g)
		}
		cases = append(cases, jc)
	}
	return writeJUnit(w, diffTitle(r), cases)
}
