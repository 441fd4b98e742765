package samples

import (
	"regexp"
	"strings"

	"github.com/apigen-dev/apigen/generator/model"
)

// curl prints r as a bash command: long options, one per line with " \"
// continuations, literal text in single quotes ('\” for a quote inside)
// and the environment in double quotes, so the shell expands nothing else.
func curl(api *model.API, r *request) string {
	var b strings.Builder
	b.WriteString("curl")
	for i, a := range curlArgs(api, r) {
		if i > 0 {
			b.WriteString(" \\\n ")
		}
		b.WriteString(" " + a.Flag)
		if a.Value != nil {
			b.WriteString(" " + bashWord(a.Value))
		}
	}
	return b.String() + "\n"
}

// bashWord quotes one argument. A word with no variable is one
// single-quoted string. Otherwise each run of parts that is safe inside
// double quotes shares one "...", and any other literal is single-quoted
// beside it.
func bashWord(w word) string {
	hasEnv := false
	for _, p := range w {
		hasEnv = hasEnv || p.Env
	}
	if !hasEnv {
		var s strings.Builder
		for _, p := range w {
			s.WriteString(p.Text)
		}
		if plain.MatchString(s.String()) {
			return s.String()
		}
		return singleQuote(s.String())
	}
	var out strings.Builder
	open := false
	for _, p := range w {
		if !p.Env && !safeInDoubleQuotes(p.Text) {
			if open {
				out.WriteByte('"')
				open = false
			}
			out.WriteString(singleQuote(p.Text))
			continue
		}
		if !open {
			out.WriteByte('"')
			open = true
		}
		switch {
		case !p.Env:
			out.WriteString(p.Text)
		case p.Default != "":
			out.WriteString("${" + p.Text + ":-" + p.Default + "}")
		default:
			out.WriteString("${" + p.Text + "}")
		}
	}
	if open {
		out.WriteByte('"')
	}
	return out.String()
}

// plain matches words no shell reads specially, printed without quotes.
var plain = regexp.MustCompile(`^[A-Za-z0-9_./:@%+=,-]+$`)

func singleQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// safeInDoubleQuotes reports whether bash would keep s as it is between
// double quotes: no expansion ($, `), no escape (\), no history (!), no end
// of the string (").
func safeInDoubleQuotes(s string) bool {
	return !strings.ContainsAny(s, "\"$`\\!\n")
}
