package model

import (
	"go/token"
	"strings"
	"unicode"
)

// initialisms are written in upper case inside Go names, as golint and the
// Go review guide ask. Kept short on purpose: only what vendor names use.
var initialisms = map[string]bool{
	"API": true, "DNS": true, "EU": true, "HTTP": true, "HTTPS": true, "ID": true,
	"IP": true, "ME": true, "SSL": true, "URL": true, "US": true, "UUID": true,
}

// Exported turns any string (an operationId, a server name, a method and
// path) into an exported Go identifier: words split at non-letters and at
// lower-to-upper case changes, each capitalised, initialisms upper-cased.
// A result that would start with a digit gets an "X" prefix.
func Exported(s string) string {
	var b strings.Builder
	for _, w := range words(s) {
		if up := strings.ToUpper(w); initialisms[up] {
			b.WriteString(up)
			continue
		}
		r := []rune(w)
		b.WriteString(string(unicode.ToUpper(r[0])) + string(r[1:]))
	}
	out := b.String()
	if out == "" {
		return "X"
	}
	if r := []rune(out)[0]; !unicode.IsLetter(r) || token.IsKeyword(out) {
		out = "X" + out
	}
	return out
}

// words splits s at every rune that is not an ASCII letter or digit (Go
// allows other letters, but readers and grep do better without them) and before an
// upper-case letter that follows a lower-case one ("listDomainIPs" →
// list, Domain, IPs).
func words(s string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	var prev rune
	for _, r := range s {
		switch {
		case r > unicode.MaxASCII || (!unicode.IsLetter(r) && !unicode.IsDigit(r)):
			flush()
		case unicode.IsUpper(r) && (unicode.IsLower(prev) || unicode.IsDigit(prev)):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
		prev = r
	}
	flush()
	return out
}

// OneLine makes spec text fit a line comment: whitespace runs, newlines
// included, become one space. A Go line comment then ends only at the end
// of its line, whatever the text holds (*/, backticks, quotes); jennifer
// would print a text with a newline as a /* */ block, which */ ends.
func OneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u2028' || r == '\u2029' || r == 0
	}), " ")
}
