package main

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// paths keeps the catalogue's row order (it is sorted by path upstream), so
// a diff of the TSV maps line for line onto a diff of the spec.
func paths(acts []action, ids []string) *yaml.Node {
	m := mapping()
	for i, a := range acts {
		add(m, a.path, mapping(kv{strings.ToLower(a.method), operation(a, ids[i])}))
	}
	return m
}

func operation(a action, id string) *yaml.Node {
	op := mapping(
		kv{"tags", seq(str(a.tag()))},
		kv{"summary", str(a.summary)},
		kv{"operationId", str(id)},
		// Provenance is for maintainers: x-apigen-note never reaches the
		// decorated spec, the docs or the client's comments.
		kv{"x-apigen-note", str("Source: " + a.source)},
	)
	switch {
	case len(a.params) == 0:
	case a.method == "GET":
		add(op, "parameters", queryParams(a.params))
	default:
		add(op, "requestBody", formBody(a.params))
	}
	add(op, "responses", mapping(kv{"200", okResponse()}))
	return op
}

func queryParams(ps []param) *yaml.Node {
	list := seq()
	for _, p := range ps {
		q := mapping(kv{"name", str(p.name)}, kv{"in", str("query")})
		if p.required {
			add(q, "required", yes())
		}
		add(q, "schema", schema(p))
		list.Content = append(list.Content, q)
	}
	return list
}

// formBody is the POST body: url-encoded like the vendor's PHP client, or
// multipart when a file has to be uploaded.
func formBody(ps []param) *yaml.Node {
	contentType := "application/x-www-form-urlencoded"
	obj := mapping(kv{"type", str("object")})
	var required []*yaml.Node
	props := mapping()
	for _, p := range ps {
		if p.kind == "File" {
			contentType = "multipart/form-data"
		}
		if p.required {
			required = append(required, str(p.name))
		}
		add(props, p.name, schema(p))
	}
	if len(required) > 0 {
		add(obj, "required", seq(required...))
	}
	add(obj, "properties", props)
	body := mapping()
	if len(required) > 0 {
		// With only optional fields an empty body is a valid request.
		add(body, "required", yes())
	}
	add(body, "content", mapping(kv{contentType, mapping(kv{"schema", obj})}))
	return body
}

func schema(p param) *yaml.Node {
	w := wireTypes[p.kind]
	s := mapping(kv{"type", str(w.typ)})
	if w.format != "" {
		add(s, "format", str(w.format))
	}
	target := s // where the enum goes: the schema itself, or its items
	if w.typ == "array" {
		target = mapping(kv{"type", str("string")})
		add(s, "items", target)
	}
	switch {
	case len(p.open) > 0:
		add(s, "description", str(openNote(p)))
	case p.kind == "Bool" && len(p.enum) == 0:
		add(target, "enum", seq(scalar("!!int", "0"), scalar("!!int", "1")))
	case len(p.enum) > 0:
		add(target, "enum", enumValues(w.enumTag, p.enum))
	}
	if w.note != "" {
		appendDescription(s, w.note)
	}
	return s
}

func enumValues(tag string, values []string) *yaml.Node {
	list := seq()
	for _, v := range values {
		list.Content = append(list.Content, scalar(tag, v))
	}
	return list
}

// openNote describes a value list that ends in PHP code (e.g.
// `{custom,...array_keys(OpenSearchService::PRESET_ROLES}`): the literal
// values are known but the rest are not, so an enum would reject valid input.
func openNote(p param) string {
	quoted := make([]string, len(p.enum))
	for i, v := range p.enum {
		quoted[i] = fmt.Sprintf("%q", v)
	}
	known := "no literal values"
	if len(quoted) > 0 {
		known = strings.Join(quoted, ", ")
	}
	return fmt.Sprintf("Open set of values: the catalogue lists %s plus the PHP expression %s, whose values are not published.",
		known, strings.Join(p.open, ", "))
}

// appendDescription adds text to a schema's description, creating it if
// needed.
func appendDescription(s *yaml.Node, text string) {
	for i := 0; i+1 < len(s.Content); i += 2 {
		if s.Content[i].Value == "description" {
			s.Content[i+1].Value += " " + text
			return
		}
	}
	add(s, "description", str(text))
}

func okResponse() *yaml.Node {
	return mapping(
		kv{"description", str("The action ran; its result is wrapped in the adm.tools envelope.")},
		kv{"content", mapping(kv{"application/json", mapping(
			kv{"schema", mapping(kv{"$ref", str(envelopeRef)})},
		)})},
	)
}

// kv is one key/value pair of a YAML mapping, so mappings keep the order
// they are written in.
type kv struct {
	key string
	val *yaml.Node
}

func mapping(pairs ...kv) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for _, p := range pairs {
		add(m, p.key, p.val)
	}
	return m
}

func add(m *yaml.Node, key string, val *yaml.Node) {
	m.Content = append(m.Content, str(key), val)
}

func seq(items ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: items}
}

// str is a string scalar. The explicit !!str tag makes the encoder quote
// values such as "0", "200" or "" that would otherwise read back as numbers
// or null.
func str(s string) *yaml.Node { return scalar("!!str", s) }

func yes() *yaml.Node { return scalar("!!bool", "true") }

func scalar(tag, value string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value}
}
