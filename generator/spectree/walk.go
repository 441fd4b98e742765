package spectree

import (
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Visitor sees one node: its role, its JSONPath, and the node holding it
// (nil for the root) with the node's place in the parent's Content: the
// index of its key in a mapping, its own index in a sequence. Returning
// false skips the node's children.
type Visitor func(n *yaml.Node, role Role, at Path, parent *yaml.Node, key int) bool

// Walk visits every node under doc (a document or its root mapping) in
// document order, with the role the specification gives it.
func Walk(doc *yaml.Node, visit Visitor) {
	if doc != nil && doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		doc = doc.Content[0]
	}
	if doc == nil || doc.Kind != yaml.MappingNode {
		return
	}
	top := RootOf(hasKey(doc, "swagger"))
	var walk func(n *yaml.Node, role Role, at Path, parent *yaml.Node, key int)
	walk = func(n *yaml.Node, role Role, at Path, parent *yaml.Node, key int) {
		if !visit(n, role, at, parent, key) {
			return
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i].Value
				walk(n.Content[i+1], ChildIn(top, role, k), at.Key(k), n, i)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, Elem(role), at.Index(i), n, i)
			}
		}
	}
	walk(doc, top, "$", nil, 0)
}

// Member is the value of key in mapping m; nil when m is not a mapping or
// has no such key.
func Member(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func hasKey(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}

// Lookup finds the node a local JSON pointer ("#/components/schemas/A")
// points at under doc; nil when there is none.
func Lookup(doc *yaml.Node, ref string) *yaml.Node {
	if doc != nil && doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		doc = doc.Content[0]
	}
	rest, ok := cutPointer(ref)
	if !ok {
		return nil
	}
	n := doc
	for _, seg := range rest {
		switch {
		case n == nil:
			return nil
		case n.Kind == yaml.MappingNode:
			var next *yaml.Node
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == seg {
					next = n.Content[i+1]
				}
			}
			n = next
		case n.Kind == yaml.SequenceNode:
			i, ok := index(seg)
			if !ok || i >= len(n.Content) {
				return nil
			}
			n = n.Content[i]
		case n.Kind == yaml.AliasNode:
			n = n.Alias
		default:
			return nil
		}
		for n != nil && n.Kind == yaml.AliasNode {
			n = n.Alias
		}
	}
	return n
}

// Dangling is a local $ref that points at nothing, or at something that
// is not what it stands for (a schema's $ref to a parameter).
type Dangling struct {
	Node   *yaml.Node // the mapping holding the $ref
	Ref    string
	Why    string // "points at nothing", "points at a parameter, not a schema"
	Role   Role   // what the mapping is: a Schema, a Parameter, ...
	At     Path
	Parent *yaml.Node // what holds Node, and Node's place in it (see Visitor)
	Key    int
}

// FindDangling lists the local references under doc that point at nothing,
// only where the specification allows a reference (not in examples).
func FindDangling(doc *yaml.Node) []Dangling {
	var out []Dangling
	Walk(doc, func(n *yaml.Node, role Role, at Path, parent *yaml.Node, key int) bool {
		i := -1
		if n.Kind == yaml.MappingNode {
			for j := 0; j+1 < len(n.Content); j += 2 {
				if n.Content[j].Value == "$ref" {
					i = j
				}
			}
		}
		if i < 0 || !Refable(role) || n.Content[i+1].Kind != yaml.ScalarNode {
			return role != Data
		}
		ref := n.Content[i+1].Value
		if !strings.HasPrefix(ref, "#") {
			return false
		}
		why := ""
		if Lookup(doc, ref) == nil {
			why = "points at nothing"
		} else if kind := wrongKind(role, ref); kind != "" {
			why = "points at " + kind + ", not a schema"
		}
		if why != "" {
			out = append(out, Dangling{Node: n, Ref: ref, Why: why, Role: role, At: at, Parent: parent, Key: key})
		}
		return false
	})
	return out
}

// componentKind matches a reference to a whole component that is not a
// schema.
var componentKind = regexp.MustCompile(`^#/components/(parameters|responses|requestBodies|headers|examples|links|callbacks|securitySchemes|pathItems)/[^/]+$|^#/(parameters|responses|securityDefinitions)/[^/]+$`)

// wrongKind names what a schema's reference points at when that is a
// whole component of another kind.
func wrongKind(role Role, ref string) string {
	if role != Schema {
		return ""
	}
	m := componentKind.FindStringSubmatch(ref)
	if m == nil {
		return ""
	}
	return kinds[m[1]+m[2]]
}

var kinds = map[string]string{"parameters": "a parameter", "responses": "a response", "requestBodies": "a request body",
	"headers": "a header", "examples": "an example", "links": "a link", "callbacks": "a callback",
	"securitySchemes": "a security scheme", "securityDefinitions": "a security scheme", "pathItems": "a path item"}

// Drop removes each dangling reference's node from its parent, later ones
// first so the places of earlier ones stay right.
func Drop(ds []Dangling) {
	for i := len(ds) - 1; i >= 0; i-- {
		d := ds[i]
		if d.Parent.Kind == yaml.MappingNode {
			d.Parent.Content = append(d.Parent.Content[:d.Key], d.Parent.Content[d.Key+2:]...)
		} else {
			d.Parent.Content = append(d.Parent.Content[:d.Key], d.Parent.Content[d.Key+1:]...)
		}
	}
}
