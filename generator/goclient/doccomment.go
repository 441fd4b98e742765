package goclient

import (
	"bytes"
	"go/doc/comment"
	"strings"
)

// go/printer rewrites a top-level doc comment (one that starts in column 1
// and ends on the line before its declaration) into canonical doc comment
// form. oapi-codegen's raw output indents and spaces its comments loosely,
// so many only take that shape once printed, and imports.Process's second
// print rewrites them then. docComments is that second rewrite, done on
// the printed text instead of by parsing and printing it all again.

// docComments rewrites every top-level doc comment in src, a formatted Go
// file or tail of one. ok is false for shapes it leaves to the slow road
// (a /* */ comment in column 1).
func docComments(src []byte) ([]byte, bool) {
	lines := bytes.SplitAfter(src, []byte("\n"))
	out := make([]byte, 0, len(src)+len(src)/64)
	for i := 0; i < len(lines); {
		if bytes.HasPrefix(lines[i], []byte("/*")) {
			return nil, false
		}
		j := i
		for j < len(lines) && bytes.HasPrefix(lines[j], []byte("//")) {
			j++
		}
		if j == i {
			out = append(out, lines[i]...)
			i++
			continue
		}
		if j < len(lines) && startsToken(lines[j]) {
			for _, l := range formatDoc(lines[i:j]) {
				out = append(out, l...)
				out = append(out, '\n')
			}
		} else {
			for _, l := range lines[i:j] {
				out = append(out, l...)
			}
		}
		i = j
	}
	return out, true
}

// startsToken reports whether a line begins with a token in column 1.
func startsToken(line []byte) bool {
	return len(line) > 0 && line[0] != ' ' && line[0] != '\t' && line[0] != '\n' && line[0] != '/'
}

// formatDoc is go/printer's doc comment rewrite for a run of // lines
// (each with its newline): the text is parsed and printed by go/doc/comment,
// directives (//go:build and the like) move to the end after a "//" line.
func formatDoc(group [][]byte) []string {
	var text strings.Builder
	var directives []string
	for _, l := range group {
		c := strings.TrimSuffix(string(l), "\n")
		after := c[2:]
		if isDirective(after) {
			directives = append(directives, c)
			continue
		}
		text.WriteString(strings.TrimPrefix(after, " "))
		text.WriteString("\n")
	}
	if text.Len() == 0 {
		return trimmed(group)
	}
	var p comment.Parser
	var pr comment.Printer
	var out []string
	for _, line := range strings.SplitAfter(string(pr.Comment(p.Parse(text.String()))), "\n") {
		line = strings.TrimSuffix(line, "\n")
		switch {
		case line == "":
			// SplitAfter's empty tail, or an empty comment line.
			out = append(out, "//")
		case strings.HasPrefix(line, "\t"):
			out = append(out, "//"+line)
		default:
			out = append(out, "// "+line)
		}
	}
	out = out[:len(out)-1] // the printed text ends in a newline
	if len(directives) > 0 {
		out = append(append(out, "//"), directives...)
	}
	return out
}

func trimmed(group [][]byte) []string {
	out := make([]string, len(group))
	for i, l := range group {
		out[i] = strings.TrimSuffix(string(l), "\n")
	}
	return out
}

// isDirective is go/printer's test for //line, //extern, //export and
// //[a-z0-9]+:[a-z0-9] comments, given the text after the slashes.
func isDirective(c string) bool {
	if strings.HasPrefix(c, "line ") || strings.HasPrefix(c, "extern ") || strings.HasPrefix(c, "export ") {
		return true
	}
	colon := strings.Index(c, ":")
	if colon <= 0 || colon+1 >= len(c) {
		return false
	}
	for i := 0; i <= colon+1; i++ {
		if i == colon {
			continue
		}
		if b := c[i]; !('a' <= b && b <= 'z' || '0' <= b && b <= '9') {
			return false
		}
	}
	return true
}
