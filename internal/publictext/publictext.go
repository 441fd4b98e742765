// Package publictext finds text that must not reach a published page: a
// source-repository coordinate (owner/repo@commit) or a note addressed to
// the people who maintain a spec rather than to the API's users. Tests run
// it over the decorated specs and over the docs site as Chromium renders it.
package publictext

import (
	"regexp"
	"sort"
)

// Each pattern names one kind of leak; the text matched is reported.
var patterns = []struct {
	kind string
	re   *regexp.Regexp
}{
	// wallarm/wallarm-go@v0.13.0(23136bbc), owner/repo@375aa21f, owner/repo @ 375aa21f
	{"repository coordinate", regexp.MustCompile(`[\w.-]+/[\w.-]+ ?@ ?(?:v\d+(?:\.\d+)*(?:\([0-9a-f]{7,40}\))?|[0-9a-f]{7,40})\b`)},
	{"provenance line", regexp.MustCompile(`(?m)^\s*Source: `)},
	{"note to maintainers", regexp.MustCompile(`(?i)\bapigen (?:developers|maintainers|team)\b|\bbuild machines?\b|shared/vendors|CATALOGUE\.md|\bthe vendor guide\b|\b(?:TODO|FIXME)\b`)},
}

// Leak is one finding.
type Leak struct {
	Kind, Text string
}

// Find returns every leak in s, sorted and without repeats.
func Find(s string) []Leak {
	seen := map[Leak]bool{}
	for _, p := range patterns {
		for _, m := range p.re.FindAllString(s, -1) {
			seen[Leak{p.kind, m}] = true
		}
	}
	out := make([]Leak, 0, len(seen))
	for l := range seen {
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].Text < out[j].Text
	})
	return out
}
