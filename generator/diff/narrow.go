package diff

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/apigen-dev/apigen/generator/spectree"
)

// Narrow cuts two versions of an OpenAPI 3 document down to the part whose
// generated Go API can differ, so the Go API half of a diff generates a
// few types and methods instead of two whole packages.
//
// The owners of Go identifiers are operations (and webhooks) and component
// schemas. An owner is affected when its own content changed, or when the
// content of something its identifiers are printed from did: what it
// references directly (a field's type follows the referenced schema's
// type, nullability and extensions), what it merges (allOf members, a $ref
// into another schema, a shared parameter, response or request body, all
// as if written in place), and for an operation one level further (an
// envelope's payload or a page's items live inside the response schema).
// Changes that cannot reach a signature (descriptions, summaries,
// examples, code samples) do not count. Both documents keep every affected
// owner, the whole of what it depends on, one untouched operation per
// service an affected operation is in (so a service that stays does not
// look removed), and a stub of everything else they reference (the stub
// keeps the type, format, nullability, enum, $ref and extensions: what a
// reference to it prints as). Identifiers of what is kept but unaffected
// are the same on both sides and cancel out in the comparison.
//
// ok is false when narrowing cannot be trusted and the caller should
// compare the whole packages: a document-level change (info, servers,
// security, tags, security schemes, root extensions), a reference outside
// #/components, a YAML alias, or a document that is not a mapping.
func Narrow(oldDoc, newDoc []byte) (_ Narrowed, ok bool) {
	o, err := index(oldDoc)
	if err != nil {
		return Narrowed{}, false
	}
	n, err := index(newDoc)
	if err != nil {
		return Narrowed{}, false
	}
	if !sameRoots(o.root, n.root) {
		return Narrowed{}, false
	}
	changed := map[string]bool{}
	for _, k := range unionKeys(o.items, n.items) {
		a, b := o.items[k], n.items[k]
		if a == nil || b == nil || !a.same(b) {
			changed[k] = true
		}
	}
	var keep []string
	tags := map[string]bool{}
	for _, k := range unionKeys(o.items, n.items) {
		if !o.affected(k, changed) && !n.affected(k, changed) {
			continue
		}
		keep = append(keep, k)
		for _, d := range []*document{o, n} {
			if it := d.items[k]; it != nil && it.tag != "" {
				tags[it.tag] = true
			}
		}
	}
	if len(keep) == 0 {
		return Narrowed{Same: true}, true
	}
	// A witness per service: an operation both sides share unchanged.
	for _, k := range o.order {
		it := o.items[k]
		if it.op != "" && tags[it.tag] && !slices.Contains(keep, k) && n.items[k] != nil {
			keep = append(keep, k)
			delete(tags, it.tag)
		}
	}
	full := closure(keep, o, n)
	// A shared parameter, response or request body lives while an
	// operation uses it (oapi-codegen drops orphaned components): keep an
	// operation that uses it on each side where one does.
	alive := [2]map[string]bool{o.alive(), n.alive()}
	for grown := true; grown; {
		grown = false
		for i, d := range []*document{o, n} {
			for _, k := range slices.Sorted(maps.Keys(full)) {
				if strings.HasPrefix(k, "#/components/schemas/") || !alive[i][k] || d.items[k] == nil || d.usedIn(full, k) {
					continue
				}
				if w := d.userOf(k); w != "" && !slices.Contains(keep, w) {
					keep, grown = append(keep, w), true
				}
			}
		}
		full = closure(keep, o, n)
	}
	var out Narrowed
	if out.Old, err = o.cut(full, alive[0]); err != nil {
		return Narrowed{}, false
	}
	if out.New, err = n.cut(full, alive[1]); err != nil {
		return Narrowed{}, false
	}
	return out, true
}

// Keeper names the schema, and the operation answering it, that Narrow
// adds to each cut document so the schemas the whole document keeps stay
// (the model drops what no operation reaches): the schema refers to each
// of them. Identifiers with this name in them are not the vendor's; the
// caller leaves them out of the comparison.
const Keeper = "ApigenNarrowKeeper"

// closure is what is kept whole for the owners in keep: they and what they
// need, on either side (an operation removed from the new side still needs
// its schemas whole on the new side too, or they would differ only by
// being cut), closed under references that carry content and under
// non-schema components, which cannot be stubbed.
func closure(keep []string, docs ...*document) map[string]bool {
	full := map[string]bool{}
	for _, k := range keep {
		full[k] = true
		for _, d := range docs {
			if it := d.items[k]; it != nil {
				for k := range d.need(it) {
					full[k] = true
				}
			}
		}
	}
	for grown := true; grown; {
		grown = false
		for _, k := range slices.Sorted(maps.Keys(full)) {
			for _, d := range docs {
				if it := d.items[k]; it != nil {
					for _, e := range it.refs {
						if (e.carry || !strings.HasPrefix(e.to, "#/components/schemas/")) && !full[e.to] {
							full[e.to], grown = true, true
						}
					}
				}
			}
		}
	}
	return full
}

// alive is the set of components the generated package keeps: those the
// operations and webhooks reach (the model drops the rest, as
// oapi-codegen's own pruning would).
func (d *document) alive() map[string]bool {
	alive := map[string]bool{}
	var queue []string
	for k, it := range d.items {
		if it.op != "" {
			queue = append(queue, k)
		}
	}
	for len(queue) > 0 {
		it := d.items[queue[0]]
		queue = queue[1:]
		for _, e := range it.refs {
			if !alive[e.to] {
				alive[e.to] = true
				queue = append(queue, e.to)
			}
		}
	}
	return alive
}

// usedIn reports whether an item of full on this side refers to k.
func (d *document) usedIn(full map[string]bool, k string) bool {
	for j := range full {
		if it := d.items[j]; it != nil && slices.ContainsFunc(it.refs, func(e edge) bool { return e.to == k }) {
			return true
		}
	}
	return false
}

// userOf is the first operation whose identifiers need k, "" for none.
func (d *document) userOf(k string) string {
	for _, key := range d.order {
		if it := d.items[key]; strings.HasPrefix(key, "paths ") && d.need(it)[k] {
			return key
		}
	}
	return ""
}

// Narrowed is a pair of documents cut down by Narrow.
type Narrowed struct {
	Old, New []byte
	// Same says nothing that reaches a Go signature changed (only
	// descriptions, examples and the like): the packages' APIs are equal.
	Same bool
}

// httpMethods are the path item keys that hold operations.
var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// document is one side, indexed by owner and component.
type document struct {
	root  *yaml.Node
	items map[string]*item // by key: "paths /pets get", "#/components/schemas/Pet"
	order []string         // keys in document order
}

// item is an operation (with its path item's shared parts) or a component.
type item struct {
	key      string
	op       string     // the method for an operation or webhook, "" for a component
	tag      string     // an operation's first tag: its service
	node     *yaml.Node // the operation or the component
	pathItem *yaml.Node // an operation's path item
	refs     []edge
}

// edge is one reference from an item. carry says the target's content
// counts as written in place (allOf member, a $ref into a schema, a
// non-schema component); otherwise only what a reference prints counts.
type edge struct {
	to    string
	carry bool
}

func index(data []byte) (*document, error) {
	var top yaml.Node
	if err := yaml.Unmarshal(data, &top); err != nil {
		return nil, err
	}
	if top.Kind != yaml.DocumentNode || len(top.Content) != 1 || top.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("not a mapping")
	}
	d := &document{root: top.Content[0], items: map[string]*item{}}
	if spectree.Member(d.root, "paths") == nil {
		return nil, fmt.Errorf("no paths") // nowhere to put the keeper's operation
	}
	add := func(it *item, parts ...*yaml.Node) error {
		for _, p := range parts {
			if err := refs(p, false, &it.refs); err != nil {
				return err
			}
		}
		d.items[it.key] = it
		d.order = append(d.order, it.key)
		return nil
	}
	for i := 0; i+1 < len(d.root.Content); i += 2 {
		section, v := d.root.Content[i].Value, d.root.Content[i+1]
		switch section {
		case "paths", "webhooks":
			for j := 0; j+1 < len(v.Content); j += 2 {
				path, pi := v.Content[j].Value, v.Content[j+1]
				if pi.Kind != yaml.MappingNode {
					return nil, fmt.Errorf("%s %s: not a mapping", section, path)
				}
				shared := pathShared(pi)
				for k := 0; k+1 < len(pi.Content); k += 2 {
					m := pi.Content[k].Value
					if !slices.Contains(httpMethods, m) {
						continue
					}
					op := pi.Content[k+1]
					it := &item{key: section + " " + path + " " + m, op: m, tag: firstTag(op), node: op, pathItem: pi}
					if err := add(it, op, shared); err != nil {
						return nil, err
					}
				}
			}
		case "components":
			for j := 0; j+1 < len(v.Content); j += 2 {
				kind, comps := v.Content[j].Value, v.Content[j+1]
				if kind == "securitySchemes" || strings.HasPrefix(kind, "x-") || comps.Kind != yaml.MappingNode {
					continue // compared as a whole by sameRoots
				}
				for k := 0; k+1 < len(comps.Content); k += 2 {
					key := "#/components/" + kind + "/" + escape(comps.Content[k].Value)
					if err := add(&item{key: key, node: comps.Content[k+1]}, comps.Content[k+1]); err != nil {
						return nil, err
					}
				}
			}
		}
	}
	for _, it := range d.items {
		for _, e := range it.refs {
			if d.items[e.to] == nil {
				return nil, fmt.Errorf("%s: dangling $ref %s", it.key, e.to)
			}
		}
	}
	return d, nil
}

// pathShared is the part of a path item every operation under it shares
// (parameters, servers), as a mapping without the operations.
func pathShared(pi *yaml.Node) *yaml.Node {
	out := &yaml.Node{Kind: yaml.MappingNode}
	for k := 0; k+1 < len(pi.Content); k += 2 {
		if !slices.Contains(httpMethods, pi.Content[k].Value) {
			out.Content = append(out.Content, pi.Content[k], pi.Content[k+1])
		}
	}
	return out
}

func firstTag(op *yaml.Node) string {
	if tags := spectree.Member(op, "tags"); tags != nil && tags.Kind == yaml.SequenceNode && len(tags.Content) > 0 {
		return tags.Content[0].Value
	}
	return ""
}

func escape(name string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(name)
}

// dataKeys hold values, not schemas: a "$ref" inside them is data.
var dataKeys = map[string]bool{"example": true, "default": true, "const": true, "enum": true, "value": true}

// refs collects the references in n. inAllOf marks n as an allOf member.
func refs(n *yaml.Node, inAllOf bool, out *[]edge) error {
	return refsIn(n, inAllOf, 0, out)
}

// refsIn is refs where the first names mapping levels have names as keys.
func refsIn(n *yaml.Node, inAllOf bool, names int, out *[]edge) error {
	switch n.Kind {
	case yaml.AliasNode:
		return fmt.Errorf("YAML alias")
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if err := refs(c, false, out); err != nil {
				return err
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i].Value, n.Content[i+1]
			switch {
			case names > 0:
				if err := refsIn(v, false, names-1, out); err != nil {
					return err
				}
			case k == "$ref" && v.Kind == yaml.ScalarNode:
				e, err := ref(v.Value)
				if err != nil {
					return err
				}
				e.carry = e.carry || inAllOf
				*out = append(*out, e)
			case k == "allOf" && v.Kind == yaml.SequenceNode:
				for _, c := range v.Content {
					if err := refs(c, true, out); err != nil {
						return err
					}
				}
			case k == "discriminator":
				for _, target := range mappingValues(spectree.Member(v, "mapping")) {
					if !strings.HasPrefix(target, "#") {
						target = "#/components/schemas/" + escape(target)
					}
					e, err := ref(target)
					if err != nil {
						return err
					}
					*out = append(*out, e)
				}
			case k == "examples" && v.Kind == yaml.MappingNode:
				// A media type's examples: each may be a $ref to a
				// component; what is inside them is data.
				for j := 1; j < len(v.Content); j += 2 {
					if r := spectree.Member(v.Content[j], "$ref"); r != nil {
						e, err := ref(r.Value)
						if err != nil {
							return err
						}
						*out = append(*out, e)
					}
				}
			case k == "examples", dataKeys[k], strings.HasPrefix(k, "x-"):
				// Data, or another tool's extension: nothing here is resolved.
			default:
				if err := refsIn(v, false, nameLevels[k], out); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func mappingValues(m *yaml.Node) []string {
	var out []string
	if m != nil && m.Kind == yaml.MappingNode {
		for i := 1; i < len(m.Content); i += 2 {
			out = append(out, m.Content[i].Value)
		}
	}
	return out
}

// ref parses a local reference to a component. A reference into a
// component (…/schemas/A/properties/b) carries A's content.
func ref(s string) (edge, error) {
	rest, ok := strings.CutPrefix(s, "#/components/")
	if !ok {
		return edge{}, fmt.Errorf("$ref %s is not to a component", s)
	}
	parts := strings.SplitN(rest, "/", 3)
	if len(parts) < 2 || parts[1] == "" {
		return edge{}, fmt.Errorf("$ref %s names no component", s)
	}
	return edge{to: "#/components/" + parts[0] + "/" + parts[1], carry: parts[0] != "schemas" || len(parts) == 3}, nil
}

// affected reports whether key's Go API can differ: it changed, or
// something its identifiers are printed from did.
func (d *document) affected(key string, changed map[string]bool) bool {
	if changed[key] {
		return true
	}
	it := d.items[key]
	if it == nil {
		return false
	}
	for k := range d.need(it) {
		if changed[k] {
			return true
		}
	}
	return false
}

// need is what it's Go API is printed from: each reference's target, and
// whatever is merged in place (allOf members all the way down, even of a
// referenced schema: they decide its nullability); an operation looks one
// level further.
func (d *document) need(it *item) map[string]bool {
	depth := 1
	if it.op != "" {
		depth = 2
	}
	seen := map[string]int{} // key -> the most levels left when reached
	var walk func(it *item, left int)
	walk = func(it *item, left int) {
		for _, e := range it.refs {
			next := left - 1
			if e.carry {
				next = left
			}
			if prev, ok := seen[e.to]; next < 0 || ok && prev >= next {
				continue
			}
			seen[e.to] = next
			walk(d.items[e.to], next)
		}
	}
	walk(it, depth)
	out := make(map[string]bool, len(seen))
	for k := range seen {
		out[k] = true
	}
	return out
}

// cut writes the document with the items in full whole, and stubs of the
// schemas they reference (full is closed under references that carry
// content and under non-schema components).
func (d *document) cut(full, alive map[string]bool) ([]byte, error) {
	stub := map[string]bool{}
	var queue []string
	addStub := func(k string) {
		if !full[k] && !stub[k] {
			stub[k] = true
			queue = append(queue, k)
		}
	}
	for k := range full {
		if it := d.items[k]; it != nil {
			for _, e := range it.refs {
				addStub(e.to)
			}
		}
	}
	for len(queue) > 0 {
		k := queue[0]
		queue = queue[1:]
		// A stub keeps its own $ref, so the target must exist too.
		if r := spectree.Member(d.items[k].node, "$ref"); r != nil {
			e, _ := ref(r.Value)
			if e.carry {
				return nil, fmt.Errorf("%s: a stub's $ref %s carries content", k, r.Value)
			}
			addStub(e.to)
		}
	}
	root := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i+1 < len(d.root.Content); i += 2 {
		k, v := d.root.Content[i], d.root.Content[i+1]
		switch k.Value {
		case "paths", "webhooks":
			paths := &yaml.Node{Kind: yaml.MappingNode}
			for j := 0; j+1 < len(v.Content); j += 2 {
				path, pi := v.Content[j].Value, v.Content[j+1]
				kept := &yaml.Node{Kind: yaml.MappingNode}
				ops := 0
				for m := 0; m+1 < len(pi.Content); m += 2 {
					method := pi.Content[m].Value
					if slices.Contains(httpMethods, method) {
						if !full[k.Value+" "+path+" "+method] {
							continue
						}
						ops++
					}
					kept.Content = append(kept.Content, pi.Content[m], pi.Content[m+1])
				}
				if ops > 0 {
					paths.Content = append(paths.Content, v.Content[j], kept)
				}
			}
			if k.Value == "paths" {
				paths.Content = append(paths.Content, scalarOf("/"+Keeper), keeperOp(spectree.Member(d.root, "x-apigen-envelope") != nil))
			}
			root.Content = append(root.Content, k, paths)
		case "components":
			comps := &yaml.Node{Kind: yaml.MappingNode}
			for j := 0; j+1 < len(v.Content); j += 2 {
				kind, all := v.Content[j].Value, v.Content[j+1]
				if kind == "securitySchemes" || strings.HasPrefix(kind, "x-") || all.Kind != yaml.MappingNode {
					comps.Content = append(comps.Content, v.Content[j], all)
					continue
				}
				kept := &yaml.Node{Kind: yaml.MappingNode}
				keeper := mappingOf("type", scalarOf("object"))
				props := &yaml.Node{Kind: yaml.MappingNode}
				for c := 0; c+1 < len(all.Content); c += 2 {
					name := all.Content[c].Value
					key := "#/components/" + kind + "/" + escape(name)
					switch {
					case full[key]:
						kept.Content = append(kept.Content, all.Content[c], all.Content[c+1])
					case stub[key]:
						kept.Content = append(kept.Content, all.Content[c], stubOf(all.Content[c+1]))
					default:
						continue
					}
					if alive[key] {
						props.Content = append(props.Content, scalarOf(fmt.Sprintf("p%d", len(props.Content)/2)), mappingOf("$ref", scalarOf(key)))
					}
				}
				if kind == "schemas" {
					if spectree.Member(all, Keeper) != nil {
						return nil, fmt.Errorf("a schema is called %s", Keeper)
					}
					keeper.Content = append(keeper.Content, scalarOf("properties"), props)
					kept.Content = append(kept.Content, scalarOf(Keeper), keeper)
				}
				comps.Content = append(comps.Content, v.Content[j], kept)
			}
			root.Content = append(root.Content, k, comps)
		default:
			root.Content = append(root.Content, k, v)
		}
	}
	return yaml.Marshal(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}})
}

// keeperOp is the operation that reaches the keeper schema; with an
// envelope on the document its answer is the schema itself.
func keeperOp(envelope bool) *yaml.Node {
	op := mappingOf("operationId", scalarOf(Keeper))
	if envelope {
		op.Content = append(op.Content, scalarOf("x-apigen-envelope"), mappingOf("none", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"}))
	}
	schema := mappingOf("schema", mappingOf("$ref", scalarOf("#/components/schemas/"+Keeper)))
	ok := mappingOf("description", scalarOf(Keeper))
	ok.Content = append(ok.Content, scalarOf("content"), mappingOf("application/json", schema))
	op.Content = append(op.Content, scalarOf("responses"), mappingOf("200", ok))
	return mappingOf("get", op)
}

func scalarOf(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }

func mappingOf(k string, v *yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{scalarOf(k), v}}
}

// stubKeys are what a reference to a schema prints from.
var stubKeys = map[string]bool{"type": true, "format": true, "nullable": true, "enum": true, "$ref": true}

// stubOf is schema s without its content: what a reference to it prints
// as stays, so a field of that type reads the same.
func stubOf(s *yaml.Node) *yaml.Node {
	out := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i+1 < len(s.Content); i += 2 {
		k := s.Content[i].Value
		if stubKeys[k] || (strings.HasPrefix(k, "x-") && !docOnly[k]) {
			out.Content = append(out.Content, s.Content[i], s.Content[i+1])
		}
	}
	return out
}

// docOnly keys cannot reach a Go signature: a change to them alone leaves
// the Go API as it was.
var docOnly = map[string]bool{
	"description": true, "summary": true, "example": true, "examples": true, "externalDocs": true,
	"x-codeSamples": true, "x-code-samples": true,
}

// nameLevels says how many mapping levels under a key have names, not
// keywords, as keys (a property called "description" is a property).
var nameLevels = map[string]int{
	"properties": 1, "patternProperties": 1, "$defs": 1, "definitions": 1, "dependentSchemas": 1,
	"responses": 1, "content": 1, "headers": 1, "encoding": 1, "links": 1, "mapping": 1,
	"variables": 1, "scopes": 1, "callbacks": 2,
}

func (a *item) same(b *item) bool {
	if a.op != "" {
		return same(a.node, b.node, 0) && same(pathShared(a.pathItem), pathShared(b.pathItem), 0)
	}
	return same(a.node, b.node, 0)
}

// same compares two nodes as generation sees them: styles, key order and
// docOnly keys aside. names counts the mapping levels whose keys are names.
func same(a, b *yaml.Node, names int) bool {
	if a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case yaml.ScalarNode:
		return a.Value == b.Value && a.ShortTag() == b.ShortTag()
	case yaml.SequenceNode:
		if len(a.Content) != len(b.Content) {
			return false
		}
		for i := range a.Content {
			if !same(a.Content[i], b.Content[i], 0) {
				return false
			}
		}
		return true
	case yaml.MappingNode:
		pairs := func(m *yaml.Node) map[string]*yaml.Node {
			out := map[string]*yaml.Node{}
			for i := 0; i+1 < len(m.Content); i += 2 {
				if k := m.Content[i].Value; names > 0 || !docOnly[k] {
					out[k] = m.Content[i+1]
				}
			}
			return out
		}
		pa, pb := pairs(a), pairs(b)
		if len(pa) != len(pb) {
			return false
		}
		for k, va := range pa {
			vb, ok := pb[k]
			if !ok {
				return false
			}
			next := 0
			if names > 0 {
				next = names - 1
			} else {
				next = nameLevels[k]
			}
			if !same(va, vb, next) {
				return false
			}
		}
		return true
	case yaml.DocumentNode:
		return len(a.Content) == len(b.Content) && (len(a.Content) == 0 || same(a.Content[0], b.Content[0], names))
	}
	return false // aliases: never trusted
}

// sameRoots compares everything outside paths, webhooks and the
// components Narrow cuts: a change there can touch every identifier.
func sameRoots(a, b *yaml.Node) bool {
	strip := func(root *yaml.Node) *yaml.Node {
		out := &yaml.Node{Kind: yaml.MappingNode}
		for i := 0; i+1 < len(root.Content); i += 2 {
			k, v := root.Content[i], root.Content[i+1]
			switch k.Value {
			case "paths", "webhooks":
				continue
			case "components":
				kept := &yaml.Node{Kind: yaml.MappingNode}
				for j := 0; j+1 < len(v.Content); j += 2 {
					kind := v.Content[j].Value
					if kind == "securitySchemes" || strings.HasPrefix(kind, "x-") || v.Content[j+1].Kind != yaml.MappingNode {
						kept.Content = append(kept.Content, v.Content[j], v.Content[j+1])
					}
				}
				v = kept
			}
			out.Content = append(out.Content, k, v)
		}
		return out
	}
	return same(strip(a), strip(b), 0)
}

func unionKeys(a, b map[string]*item) []string {
	var out []string
	for k := range a {
		out = append(out, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}
