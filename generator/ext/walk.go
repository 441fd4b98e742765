package ext

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/pb33f/go-yaml"
)

// Seg is one step of a path into an OpenAPI document: a key, an index, or
// a wildcard (an overlay target's * or [*]).
type Seg struct {
	Key   string
	Index int // when IsIndex
	// IsIndex and Wild say which kind of step it is; neither means a key.
	IsIndex, Wild bool
}

// Path is where a node sits in the document. Known is false when the place
// cannot be told (an overlay target with a filter or recursive descent):
// then an extension's shape is still checked, but not its place.
type Path struct {
	Segs  []Seg
	Known bool
}

// Root is the document root.
var Root = Path{Known: true}

func (p Path) child(s Seg) Path {
	return Path{Segs: append(p.Segs[:len(p.Segs):len(p.Segs)], s), Known: p.Known}
}

// String renders the path as JSONPath: $.paths['/pets'].get.
func (p Path) String() string {
	if !p.Known {
		return "an overlay target"
	}
	var b strings.Builder
	b.WriteString("$")
	for _, s := range p.Segs {
		switch {
		case s.Wild:
			b.WriteString("[*]")
		case s.IsIndex:
			fmt.Fprintf(&b, "[%d]", s.Index)
		case plainKey.MatchString(s.Key):
			b.WriteString("." + s.Key)
		default:
			fmt.Fprintf(&b, "['%s']", strings.ReplaceAll(s.Key, "'", `\'`))
		}
	}
	return b.String()
}

var plainKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// pattern elements: a literal key, or one of these.
const (
	anyKey   = "\x00key"
	anyIndex = "\x00index"
	method   = "\x00method"
)

var places = []struct {
	where   Location
	pattern []string
}{
	{Document, nil},
	{Server, []string{"servers", anyIndex}},
	{SecurityScheme, []string{"components", "securitySchemes", anyKey}},
	{SecurityScheme, []string{"securityDefinitions", anyKey}}, // Swagger 2.0
	{Operation, []string{"paths", anyKey, method}},
	{Tag, []string{"tags", anyIndex}},
}

var methods = map[string]bool{"get": true, "put": true, "post": true, "delete": true, "options": true, "head": true, "patch": true, "trace": true}

// Where tells what kind of object the path leads to: "" when it cannot be
// told, Elsewhere when it is none that apigen reads extensions from.
func (p Path) Where() Location {
	if !p.Known {
		return ""
	}
	var found []Location
	for _, pl := range places {
		if len(pl.pattern) == len(p.Segs) && matches(pl.pattern, p.Segs) {
			found = append(found, pl.where)
		}
	}
	switch len(found) {
	case 0:
		return Elsewhere
	case 1:
		return found[0]
	}
	return "" // a wildcard that could be more than one kind of place
}

// Elsewhere is any place apigen reads no extension from.
const Elsewhere Location = "a place apigen reads no extension from"

func matches(pattern []string, segs []Seg) bool {
	for i, want := range pattern {
		s := segs[i]
		switch {
		case s.Wild:
		case want == anyIndex:
			if !s.IsIndex {
				return false
			}
		case s.IsIndex:
			return false
		case want == anyKey:
		case want == method:
			if !methods[s.Key] {
				return false
			}
		case want != s.Key:
			return false
		}
	}
	return true
}

// Walk checks every x-apigen-* key in the tree n, which sits at path in
// the document, and returns the first problem (a *pos.Error in file).
// Vendor extensions of other tools and examples are not entered: what they
// hold is data, not apigen's.
func Walk(file string, n *yaml.Node, at Path) error {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			if err := Walk(file, c, at); err != nil {
				return err
			}
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			if err := Walk(file, c, at.child(Seg{Index: i, IsIndex: true})); err != nil {
				return err
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			switch key := k.Value; {
			case strings.HasPrefix(key, Prefix):
				if err := Check(file, key, at.Where(), at.String(), k, v); err != nil {
					return err
				}
			case strings.HasPrefix(key, "x-"), key == "example", key == "examples":
			default:
				if err := Walk(file, v, at.child(Seg{Key: key})); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// Target parses an overlay action's JSONPath target into the path it
// selects. Only the plain forms ($, .name, ['name'], [N], * and [*]) give a
// known path, and so does a filter [?(...)], which selects children as [*]
// does; unions, slices and recursive descent do not.
func Target(target string) Path {
	rest, ok := strings.CutPrefix(strings.TrimSpace(target), "$")
	if !ok {
		return Path{}
	}
	var p Path
	for rest != "" {
		var s Seg
		switch {
		case strings.HasPrefix(rest, ".."):
			return Path{}
		case strings.HasPrefix(rest, ".*"):
			s, rest = Seg{Wild: true}, rest[2:]
		case strings.HasPrefix(rest, "."):
			end := strings.IndexAny(rest[1:], ".[")
			if end < 0 {
				end = len(rest) - 1
			}
			s, rest = Seg{Key: rest[1 : end+1]}, rest[end+1:]
		case strings.HasPrefix(rest, "[*]"):
			s, rest = Seg{Wild: true}, rest[3:]
		case strings.HasPrefix(rest, "[?"):
			// A filter selects children, as [*] does.
			end := strings.Index(rest, ")]")
			if end < 0 {
				return Path{}
			}
			s, rest = Seg{Wild: true}, rest[end+2:]
		case strings.HasPrefix(rest, "['"), strings.HasPrefix(rest, `["`):
			q := rest[1:2]
			end := strings.Index(rest[2:], q+"]")
			if end < 0 {
				return Path{}
			}
			s, rest = Seg{Key: rest[2 : 2+end]}, rest[2+end+2:]
		case strings.HasPrefix(rest, "["):
			end := strings.Index(rest, "]")
			n, err := strconv.Atoi(rest[1:max(end, 1)])
			if end < 0 || err != nil {
				return Path{}
			}
			s, rest = Seg{Index: n, IsIndex: true}, rest[end+1:]
		default:
			return Path{}
		}
		p.Segs = append(p.Segs, s)
	}
	p.Known = true
	return p
}
