package samples

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"
)

// fromPattern writes a short string the pattern matches, taking the
// plainest choice at every step: the first alternative, the fewest
// repetitions allowed (one for +), a letter or digit from a class. It
// reports false when the result does not match after all (lookarounds,
// backreferences and the like are not in Go's syntax, so rarely).
func fromPattern(pattern string) (string, bool) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", false
	}
	var b strings.Builder
	write(&b, re.Simplify(), 0)
	out := b.String()
	ok, err := regexp.MatchString(pattern, out)
	return out, err == nil && ok
}

func write(b *strings.Builder, re *syntax.Regexp, depth int) {
	if depth > 50 || b.Len() > 256 {
		return
	}
	switch re.Op {
	case syntax.OpLiteral:
		b.WriteString(string(re.Rune))
	case syntax.OpCharClass:
		b.WriteRune(classRune(re.Rune))
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteRune('a')
	case syntax.OpCapture:
		write(b, re.Sub[0], depth+1)
	case syntax.OpPlus:
		write(b, re.Sub[0], depth+1)
	case syntax.OpRepeat:
		for range max(re.Min, 0) {
			write(b, re.Sub[0], depth+1)
		}
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			write(b, sub, depth+1)
		}
	case syntax.OpAlternate:
		write(b, re.Sub[0], depth+1)
	}
	// Star, quest, empty and anchors add nothing.
}

// classRune picks a readable rune from a class's ranges: a lower-case
// letter, else a digit, else the first rune.
func classRune(ranges []rune) rune {
	for _, want := range []rune{'a', 'x', '0', '1'} {
		for i := 0; i+1 < len(ranges); i += 2 {
			if ranges[i] <= want && want <= ranges[i+1] {
				return want
			}
		}
	}
	for i := 0; i+1 < len(ranges); i += 2 {
		for r := ranges[i]; r <= ranges[i+1] && r < ranges[i]+128; r++ {
			if unicode.IsPrint(r) {
				return r
			}
		}
	}
	if len(ranges) > 0 {
		return ranges[0]
	}
	return 'a'
}
