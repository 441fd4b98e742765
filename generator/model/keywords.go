package model

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"

	"github.com/apigen-dev/apigen/generator/spectree"
)

// Real specs put keywords of the wrong type where kin-openapi's loader
// wants another (required: true on a schema, items: [..], maximum: "5",
// properties: [..], examples as a list where a map is expected), and the
// loader then refuses the whole document without saying where. These
// repairs find each such keyword by asking kin's own decoder about it
// alone, then coerce it to the type meant or drop it, as a fix-up with its
// JSONPath.

// kinTypes maps the roles whose keywords kin decodes to a fresh value of
// the type it decodes them into.
var kinTypes = map[spectree.Role]func() any{
	spectree.Root3:       func() any { return new(openapi3.T) },
	spectree.Components:  func() any { return new(openapi3.Components) },
	spectree.PathItem:    func() any { return new(openapi3.PathItem) },
	spectree.Operation:   func() any { return new(openapi3.Operation) },
	spectree.Parameter:   func() any { return new(openapi3.Parameter) },
	spectree.Header:      func() any { return new(openapi3.Header) },
	spectree.RequestBody: func() any { return new(openapi3.RequestBody) },
	spectree.MediaType:   func() any { return new(openapi3.MediaType) },
	spectree.Encoding:    func() any { return new(openapi3.Encoding) },
	spectree.Response:    func() any { return new(openapi3.Response) },
	spectree.Example:     func() any { return new(openapi3.Example) },
	spectree.Link:        func() any { return new(openapi3.Link) },
	spectree.Schema:      func() any { return new(openapi3.Schema) },
}

// repairKeywords fixes the wrongly typed keywords of every object under
// doc that kin decodes.
func repairKeywords(doc *yaml.Node, rec *recorder) {
	type object struct {
		n    *yaml.Node
		role spectree.Role
		at   jpath
	}
	var objects []object
	spectree.Walk(doc, func(n *yaml.Node, role spectree.Role, at jpath, parent *yaml.Node, key int) bool {
		if n.Kind != yaml.MappingNode {
			return true
		}
		if role == spectree.SchemaMap && parent != nil && parent.Content[key].Value == "properties" {
			requiredFlags(parent, n, at[:len(at)-len(".properties")], rec)
		}
		if kinTypes[role] != nil {
			objects = append(objects, object{n, role, at})
		}
		return role != spectree.Data && role != spectree.Other
	})
	// Innermost first: an object's keywords are judged with its members
	// already repaired, so one bad parameter does not cost its siblings.
	for _, o := range slices.Backward(objects) {
		repairObject(o.n, o.role, o.at, kinTypes[o.role], rec)
	}
}

// repairObject checks each keyword of one object on its own.
func repairObject(n *yaml.Node, role spectree.Role, at jpath, newT func() any, rec *recorder) {
	for i := 0; i+1 < len(n.Content); {
		k, v := n.Content[i], n.Content[i+1]
		if k.Value == "$ref" || strings.HasPrefix(k.Value, "x-") || decodes(newT, k.Value, v) {
			i += 2
			continue
		}
		if fixed, lossy, ok := coerce(newT, k.Value, v, role); ok {
			why := fmt.Sprintf("%s: %s is not of the type the specification gives it; it becomes %s", k.Value, describe(v), describe(fixed))
			update := map[string]any{k.Value: nodeValue(fixed, -1)}
			if lossy {
				rec.loosen(at, why, update)
			} else {
				rec.update(at, why, update)
			}
			n.Content[i+1] = fixed
			i += 2
			continue
		}
		rec.remove(at.Key(k.Value), fmt.Sprintf("%s: %s is not of the type the specification gives it, so it is left out", k.Value, describe(v)))
		n.Content = slices.Delete(n.Content, i, i+2)
	}
}

// decodes asks kin whether the keyword alone, with its value cut to two
// levels (deeper objects are checked on their own), is of the right type.
func decodes(newT func() any, key string, v *yaml.Node) bool {
	b, err := json.Marshal(map[string]any{key: nodeValue(v, 2)})
	return err == nil && json.Unmarshal(b, newT()) == nil
}

// coerce tries the readings a wrongly typed value most likely meant: a
// number or boolean written as a string, one value where a list is
// expected (and the reverse), a map's values where a list is expected, a
// list of examples where a map of them is expected. lossy says the value
// meant less than was written (a map's keys, a tuple's order).
func coerce(newT func() any, key string, v *yaml.Node, role spectree.Role) (fixed *yaml.Node, lossy, ok bool) {
	var candidates []*yaml.Node
	switch v.Kind {
	case yaml.ScalarNode:
		if v.Tag == "!!str" {
			if i, err := strconv.ParseInt(strings.TrimSpace(v.Value), 10, 64); err == nil {
				candidates = append(candidates, scalar("!!int", strconv.FormatInt(i, 10)))
			} else if f, err := strconv.ParseFloat(strings.TrimSpace(v.Value), 64); err == nil {
				candidates = append(candidates, scalar("!!float", strconv.FormatFloat(f, 'g', -1, 64)))
			}
			if b, err := strconv.ParseBool(strings.TrimSpace(v.Value)); err == nil {
				candidates = append(candidates, scalar("!!bool", strconv.FormatBool(b)))
			}
		}
		if v.Tag != "!!null" {
			candidates = append(candidates, &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{v}})
		}
	case yaml.SequenceNode:
		if len(v.Content) == 1 {
			candidates = append(candidates, v.Content[0])
		}
		if key == "examples" && role != spectree.Schema {
			candidates = append(candidates, exampleMap(v))
		}
		if len(v.Content) > 1 && role == spectree.Schema && (key == "items" || key == "additionalProperties") {
			// A tuple of item schemas: any of them may appear.
			candidates = append(candidates, &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"})
		}
	case yaml.MappingNode:
		values := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for i := 1; i < len(v.Content); i += 2 {
			values.Content = append(values.Content, v.Content[i])
		}
		candidates = append(candidates, values)
	}
	for _, c := range candidates {
		if decodes(newT, key, c) {
			return c, v.Kind == yaml.MappingNode || v.Kind == yaml.SequenceNode && c.Kind == yaml.MappingNode && len(c.Content) == 0, true
		}
	}
	return nil, false, false
}

// exampleMap turns a list of example values into a map of Example objects.
func exampleMap(list *yaml.Node) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for i, v := range list.Content {
		ex := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{scalar("!!str", "value"), v}}
		m.Content = append(m.Content, scalar("!!str", fmt.Sprintf("example%d", i+1)), ex)
	}
	return m
}

// requiredFlags handles the most common slip of all: a property schema
// that says required: true (Swagger 1.x style). The property goes into its
// object's required list, as meant.
func requiredFlags(object, props *yaml.Node, at jpath, rec *recorder) {
	for i := 0; i+1 < len(props.Content); i += 2 {
		name, s := props.Content[i].Value, props.Content[i+1]
		j := keyIndex(s, "required")
		if j < 0 || s.Content[j+1].Kind != yaml.ScalarNode {
			continue
		}
		b, err := strconv.ParseBool(s.Content[j+1].Value)
		if err != nil {
			continue
		}
		s.Content = slices.Delete(s.Content, j, j+2)
		if !b {
			rec.drop(at.Key("properties").Key(name).Key("required"), fmt.Sprintf("required: false on property %s: properties are optional unless their object lists them", name))
			continue
		}
		rec.drop(at.Key("properties").Key(name).Key("required"), fmt.Sprintf("required: true on property %s: its object lists it as required instead", name))
		list := requiredList(object)
		list.Content = append(list.Content, scalar("!!str", name))
		rec.update(at, fmt.Sprintf("property %s is required", name), map[string]any{"required": nodeValue(list, -1)})
	}
}

// requiredList is the object's required list, made one when it has none
// or when it names one property as a string (required: id) rather than a
// list of them; any other value is replaced.
func requiredList(object *yaml.Node) *yaml.Node {
	list := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	r := keyIndex(object, "required")
	if r < 0 {
		object.Content = append(object.Content, scalar("!!str", "required"), list)
		return list
	}
	switch v := object.Content[r+1]; {
	case v.Kind == yaml.SequenceNode:
		return v
	case v.Kind == yaml.ScalarNode && v.Tag == "!!str" && v.Value != "":
		list.Content = append(list.Content, v)
	}
	object.Content[r+1] = list
	return list
}

// keyIndex is the index of key in a mapping's content, or -1.
func keyIndex(n *yaml.Node, key string) int {
	if n.Kind != yaml.MappingNode {
		return -1
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return i
		}
	}
	return -1
}

// nodeValue converts a YAML node to JSON-able Go values; containers deeper
// than depth become empty (depth < 0: no limit).
func nodeValue(n *yaml.Node, depth int) any {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n == nil {
		return nil
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		if depth == 0 {
			return m
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = nodeValue(n.Content[i+1], depth-1)
		}
		return m
	case yaml.SequenceNode:
		l := []any{}
		if depth == 0 {
			return l
		}
		for _, c := range n.Content {
			l = append(l, nodeValue(c, depth-1))
		}
		return l
	case yaml.DocumentNode:
		if len(n.Content) > 0 {
			return nodeValue(n.Content[0], depth)
		}
		return nil
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return n.Value
	}
	if f, ok := v.(float64); ok && (f > 1e300 || f < -1e300) {
		return n.Value // JSON cannot hold it; as text it is at least kept
	}
	return v
}

func scalar(tag, value string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value}
}

// describe names a value for a message.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "an object"
	case yaml.SequenceNode:
		return fmt.Sprintf("a list of %d", len(n.Content))
	}
	if len(n.Value) > 40 {
		return strconv.Quote(n.Value[:40] + "…")
	}
	if n.Tag == "!!str" {
		return strconv.Quote(n.Value)
	}
	return n.Value
}
