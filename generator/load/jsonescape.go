package load

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// yamlSafeJSON rewrites the JSON string escapes that YAML parsers reject
// into the characters they stand for: \/ (PHP's json_encode writes every
// slash so, so a spec served by a PHP backend is full of them) and UTF-16
// surrogate pairs such as \ud83d\ude00 (a lone surrogate becomes U+FFFD, as
// encoding/json reads it); and raw characters YAML forbids in a stream
// become escapes. The overlay engine, the Swagger 2.0
// upgrade and the samples all read the spec through a YAML parser, which
// otherwise stops with "found unknown escape character". Everything else is
// kept byte for byte, so lines do not move (only columns after a rewritten
// escape do), and data that is not JSON comes back unchanged.
func yamlSafeJSON(data []byte) []byte {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' || bytes.IndexByte(data, '\\') < 0 && !hasYAMLForbidden(data) {
		return data
	}
	var out []byte // nil until the first rewrite
	last := 0      // data[last:] is not yet copied to out
	inString := false
	for i := 0; i < len(data); i++ {
		switch c := data[i]; {
		case c == '"':
			inString = !inString
		case inString && c >= 0x7f:
			// A character JSON takes raw but YAML only escaped (DEL, the
			// C1 controls but NEL, U+FFFE and U+FFFF; SendGrid's spec has
			// C1 controls in example addresses).
			if r, size := utf8.DecodeRune(data[i:]); yamlForbidden(r) {
				out = append(append(out, data[last:i]...), fmt.Sprintf(`\u%04x`, r)...)
				last = i + size
				i += size - 1
			}
		case c == '\\' && inString && i+1 < len(data):
			var repl []byte
			n := 2 // bytes the escape takes
			switch data[i+1] {
			case '/':
				repl = []byte{'/'}
			case 'u':
				if r, ok := surrogatePair(data[i:]); ok {
					repl, n = utf8.AppendRune(nil, r), 12
				} else if loneSurrogate(data[i:]) {
					// As encoding/json decodes it; YAML parsers refuse it.
					repl, n = []byte(string(utf8.RuneError)), 6
				}
			}
			if repl != nil {
				out = append(append(out, data[last:i]...), repl...)
				last = i + n
			}
			i += n - 1 // skip the escaped character, so \" does not end the string
		}
	}
	// Only JSON proper: in YAML flow style that merely starts with "{", a
	// backslash inside single quotes is literal. Checked only now, so a
	// spec with nothing to rewrite is not scanned a second time.
	if out == nil || !json.Valid(data) {
		return data
	}
	return append(out, data[last:]...)
}

// yamlForbidden reports a character a YAML stream may not hold raw.
func yamlForbidden(r rune) bool {
	return r == 0x7f || r >= 0x80 && r <= 0x9f && r != 0x85 || r == 0xfffe || r == 0xffff
}

// hasYAMLForbidden reports whether data holds a character yamlForbidden
// names; a quick byte test first, since most specs are ASCII.
func hasYAMLForbidden(data []byte) bool {
	if bytes.IndexByte(data, 0x7f) < 0 && bytes.IndexByte(data, 0xc2) < 0 && bytes.IndexByte(data, 0xef) < 0 {
		return false
	}
	for _, r := range string(data) {
		if yamlForbidden(r) {
			return true
		}
	}
	return false
}

// loneSurrogate reports whether b starts with a \uXXXX escape of a UTF-16
// surrogate (one that surrogatePair did not pair).
func loneSurrogate(b []byte) bool {
	if len(b) < 6 {
		return false
	}
	v, err := strconv.ParseUint(string(b[2:6]), 16, 16)
	return err == nil && utf16.IsSurrogate(rune(v))
}

// surrogatePair decodes b's leading \uXXXX\uXXXX when it is a UTF-16
// surrogate pair.
func surrogatePair(b []byte) (rune, bool) {
	if len(b) < 12 || b[6] != '\\' || b[7] != 'u' {
		return 0, false
	}
	hi, err1 := strconv.ParseUint(string(b[2:6]), 16, 16)
	lo, err2 := strconv.ParseUint(string(b[8:12]), 16, 16)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	r := utf16.DecodeRune(rune(hi), rune(lo))
	return r, r != utf8.RuneError
}
