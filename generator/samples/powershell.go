package samples

import (
	"regexp"
	"strings"

	"github.com/apigen-dev/apigen/generator/model"
)

// powerShell prints r for Windows: curl.exe (Windows 10 and later ship it;
// the bare name curl is an alias of Invoke-WebRequest in Windows
// PowerShell), backtick continuations, literals in single quotes (” for a
// quote inside), variables as $env:NAME. A JSON body goes through a file:
// Windows PowerShell 5.1 strips the double quotes out of arguments it hands
// to native programs, which is why vendor guides tell Windows users to
// rewrite quotes by hand.
func powerShell(api *model.API, r *request) string {
	var pre, post []string
	if len(api.Servers) > 0 {
		pre = append(pre, "$base = if ($env:"+api.BaseURLEnv+") { $env:"+api.BaseURLEnv+" } else { "+psQuote(api.Servers[0].URL)+" }")
	} else {
		pre = append(pre, "$base = $env:"+api.BaseURLEnv)
	}
	var b strings.Builder
	b.WriteString("curl.exe")
	for i, a := range curlArgs(api, r) {
		if i > 0 {
			b.WriteString(" `\n ")
		}
		flag, val := a.Flag, ""
		switch {
		case a.File:
			pre = append(pre, "$body = "+psText(a.Value[0].Text), "$bodyFile = New-TemporaryFile",
				"[IO.File]::WriteAllText($bodyFile.FullName, $body)")
			post = append(post, "Remove-Item $bodyFile")
			flag, val = "--data-binary", "('@' + $bodyFile.FullName)"
		case a.Value != nil:
			val = psWord(a.Value)
		}
		b.WriteString(" " + flag)
		if val != "" {
			b.WriteString(" " + val)
		}
	}
	return strings.Join(append(append(pre, b.String()), post...), "\n") + "\n"
}

// psText is a body as a verbatim here-string, or as a single-quoted string
// when a line of it would end the here-string.
func psText(s string) string {
	if strings.HasPrefix(s, "'@") || strings.Contains(s, "\n'@") {
		return psQuote(s)
	}
	return "@'\n" + s + "\n'@"
}

// psWord prints one argument: a literal alone (single-quoted unless it is
// plain), or an expression joining literals and variables with +. The base
// URL is $base.
func psWord(w word) string {
	var merged word
	for _, p := range w {
		if n := len(merged); n > 0 && !p.Env && !merged[n-1].Env {
			merged[n-1].Text += p.Text
			continue
		}
		merged = append(merged, p)
	}
	if len(merged) == 1 && !merged[0].Env {
		if t := merged[0].Text; psPlain.MatchString(t) {
			return t
		}
		return psQuote(merged[0].Text)
	}
	parts := make([]string, len(merged))
	for i, p := range merged {
		switch {
		case p.Base:
			parts[i] = "$base"
		case p.Env:
			parts[i] = "$env:" + p.Text
		default:
			parts[i] = psQuote(p.Text)
		}
	}
	return "(" + strings.Join(parts, " + ") + ")"
}

// psPlain matches words PowerShell passes on as they are; a comma would
// make an array, a leading @ a splat, so both are quoted.
var psPlain = regexp.MustCompile(`^[A-Za-z0-9_./:-]+$`)

// psQuote single-quotes s: PowerShell expands nothing inside, and a quote
// is written twice. The typographic single quotes also close a string, so
// they are doubled too.
func psQuote(s string) string {
	return "'" + psQuotes.Replace(s) + "'"
}

var psQuotes = strings.NewReplacer("'", "''", "\u2018", "\u2018\u2018", "\u2019", "\u2019\u2019", "\u201a", "\u201a\u201a", "\u201b", "\u201b\u201b")
