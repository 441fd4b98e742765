package spectree

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// Path is a normalized JSONPath to a node, as Overlay actions target it:
// $.paths['/v3/domains'].get.parameters[0].
type Path string

var (
	plainKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	// Built once: a strings.Replacer's first Replace builds its tables,
	// which cost more than the replacing on these short keys.
	quoteKey      = strings.NewReplacer(`\`, `\\`, `'`, `\'`)
	unescapePoint = strings.NewReplacer("~1", "/", "~0", "~")
)

// Key is the path of the member k of the mapping at p.
func (p Path) Key(k string) Path {
	if plainKey.MatchString(k) {
		return p + Path("."+k)
	}
	return p + Path("['"+quoteKey.Replace(k)+"']")
}

// Index is the path of item i of the sequence at p.
func (p Path) Index(i int) Path { return p + Path(fmt.Sprintf("[%d]", i)) }

// FromRef turns an internal $ref ("#/components/schemas/A") into a Path;
// false for a reference into another document.
func FromRef(ref string) (Path, bool) {
	rest, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return "", false
	}
	p := Path("$")
	for _, seg := range strings.Split(rest, "/") {
		p = p.Key(unescapePoint.Replace(seg))
	}
	return p, true
}

// cutPointer splits a local reference into its unescaped JSON pointer
// segments; false for a reference into another document.
func cutPointer(ref string) ([]string, bool) {
	rest, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil, false
	}
	rest = strings.TrimPrefix(rest, "/")
	if rest == "" {
		return nil, true
	}
	segs := strings.Split(rest, "/")
	for i, s := range segs {
		if u, err := url.PathUnescape(s); err == nil {
			s = u
		}
		segs[i] = unescapePoint.Replace(s)
	}
	return segs, true
}

func index(seg string) (int, bool) {
	i, err := strconv.Atoi(seg)
	return i, err == nil && i >= 0
}
