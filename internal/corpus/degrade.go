package corpus

import (
	"regexp"
	"strings"
)

// Kind is a kind of degradation: what a user of the client gives up.
type Kind string

// The kinds, in the order tables print them.
const (
	AnyJSON       Kind = "schema as any JSON"    // a schema (or part) is a free-form value
	EnumDropped   Kind = "enum dropped"          // any value of the type is allowed
	Discriminator Kind = "discriminator dropped" // a union decoded by trying its members
	OpLeftOut     Kind = "operation left out"
	ParamChanged  Kind = "parameter changed" // left out, or sent as a string
	PropLeftOut   Kind = "property left out"
	DanglingRef   Kind = "dangling $ref"   // what used a $ref to nothing is degraded
	KeywordFixed  Kind = "keyword dropped" // a keyword whose value the spec got wrong
	AllOfAgreed   Kind = "allOf members made to agree"
	Other         Kind = "other"
)

// Kinds lists every kind.
var Kinds = []Kind{AnyJSON, EnumDropped, Discriminator, OpLeftOut, ParamChanged, PropLeftOut, DanglingRef, KeywordFixed, AllOfAgreed, Other}

// Degradation is one part of a spec apigen gave up, as its warning says.
type Degradation struct {
	Kind Kind
	// At is the JSONPath of the part, "" when the warning names none.
	At string
	// Operation is "METHOD /path" for an operation left out.
	Operation string
	Warning   string
}

// kindOf matches a degradation's reason; the first match wins, so the
// specific patterns come first.
var kindOf = []struct {
	kind Kind
	re   *regexp.Regexp
}{
	{DanglingRef, regexp.MustCompile(`points at nothing`)},
	{OpLeftOut, regexp.MustCompile(`(?:operation .* is left out|operations are left out|the operation is left out)`)},
	{Discriminator, regexp.MustCompile(`discriminator`)},
	{EnumDropped, regexp.MustCompile(`\benum\b`)},
	{PropLeftOut, regexp.MustCompile(`property name .*(?:left out|it is ")`)},
	{ParamChanged, regexp.MustCompile(`\bparameter\b`)},
	{AnyJSON, regexp.MustCompile(`any JSON value|may be anything|values of any type|holds any JSON|any value is accepted|free-form`)},
	{AllOfAgreed, regexp.MustCompile(`\bmembers?\b`)},
	{KeywordFixed, regexp.MustCompile(`not of the type the specification gives it|is not a JSON Schema type|format .* is (?:not a format name|a pattern)|is left out`)},
}

var (
	opLeftOut = regexp.MustCompile(`^operation (\S+) (\S+) \(`)
	// What the loader repairs in a Swagger 2.0 spec is reported at its
	// line: "spec.json:12:5: $ref "#/definitions/X" at $.paths... ; ...".
	positioned = regexp.MustCompile(`^\S+:\d+(?::\d+)?: .*? at \$`)
)

// ParseDegradation reads one of apigen's warnings; ok is false for a
// warning that gives up nothing (a rename, a spec that does not validate,
// a sample not written, a server URL that is not absolute).
func ParseDegradation(w string) (d Degradation, ok bool) {
	d.Warning = w
	switch {
	case strings.HasPrefix(w, "fix-up at "):
		d.At = jsonPathAt(w[len("fix-up at "):])
	case strings.HasPrefix(w, "degraded "):
		d.At = jsonPathAt(w[len("degraded "):])
	case opLeftOut.MatchString(w):
		m := opLeftOut.FindStringSubmatch(w)
		d.Operation = m[1] + " " + m[2]
	case positioned.MatchString(w):
		m := positioned.FindStringIndex(w)
		d.At = jsonPathAt(w[m[1]-1:])
	default:
		return d, false
	}
	why := w
	if d.At != "" {
		why = w[strings.Index(w, d.At)+len(d.At):]
	}
	d.Kind = Other
	for _, k := range kindOf {
		if k.re.MatchString(why) {
			d.Kind = k.kind
			break
		}
	}
	return d, true
}

// jsonPathAt reads the normalized JSONPath at the start of s: it ends at a
// colon, a semicolon or a space outside brackets and quotes.
func jsonPathAt(s string) string {
	if !strings.HasPrefix(s, "$") {
		return ""
	}
	depth, quote := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote && c == '\\':
			i++
		case c == '\'':
			quote = !quote
		case quote:
		case c == '[':
			depth++
		case c == ']':
			depth--
		case depth == 0 && (c == ':' || c == ';' || c == ' ' || c == '\n'):
			return s[:i]
		}
	}
	return s
}

// segments splits a normalized JSONPath into its keys:
// $.paths['/a'].get → paths, /a, get.
func segments(p string) []string {
	p = strings.TrimPrefix(p, "$")
	var out []string
	for p != "" {
		switch {
		case strings.HasPrefix(p, "['"):
			var b strings.Builder
			i := 2
			for ; i < len(p) && p[i] != '\''; i++ {
				if p[i] == '\\' && i+1 < len(p) {
					i++
				}
				b.WriteByte(p[i])
			}
			out = append(out, b.String())
			p = strings.TrimPrefix(p[min(i+1, len(p)):], "]")
		case strings.HasPrefix(p, "["):
			end := strings.IndexByte(p, ']')
			if end < 0 {
				return out
			}
			out = append(out, p[1:end])
			p = p[end+1:]
		case strings.HasPrefix(p, "."):
			p = p[1:]
			end := strings.IndexAny(p, ".[")
			if end < 0 {
				end = len(p)
			}
			out = append(out, p[:end])
			p = p[end:]
		default:
			return out
		}
	}
	return out
}

// methods are the operation keys of a path item.
var methods = map[string]bool{"get": true, "put": true, "post": true, "delete": true, "options": true, "head": true, "patch": true, "trace": true}

// Part is what a degradation touched: an operation ("GET /pets") or a
// component schema ("schema Pet"); both empty when it was elsewhere.
func (d Degradation) Part(pathOps map[string][]string) (ops []string, schema string) {
	if d.Operation != "" {
		return []string{d.Operation}, ""
	}
	seg := segments(d.At)
	switch {
	case len(seg) >= 3 && seg[0] == "paths" && methods[seg[2]]:
		return []string{strings.ToUpper(seg[2]) + " " + seg[1]}, ""
	case len(seg) >= 2 && seg[0] == "paths":
		return pathOps[seg[1]], "" // the path item: all its operations
	case len(seg) >= 3 && seg[0] == "components" && seg[1] == "schemas":
		return nil, seg[2]
	case len(seg) >= 2 && seg[0] == "definitions":
		return nil, seg[1]
	}
	return nil, ""
}
