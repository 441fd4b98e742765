package generator

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestNarrowedGoAPI: the Go API half of diff generates only what the
// changed operations and schemas need (diff.Narrow). For every kind of
// change a vendor makes, on the shipped vendors through their overlays
// and on the diff test pairs, that must find exactly the groups that
// comparing the two whole packages finds, and must really have narrowed.
func TestNarrowedGoAPI(t *testing.T) {
	cfg, err := LoadConfig("../apigen.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	check := func(t *testing.T, v Vendor, c *Config, old []byte, mutation string, new []byte, wantFindings bool) {
		t.Helper()
		oldSide, newSide := Side{Name: v.Spec, File: v.Spec, Data: old}, Side{Name: "new.yaml", File: v.Spec, Data: new}
		got, narrowed, err := c.narrowGo(ctx, v, oldSide, newSide)
		if err != nil {
			t.Fatalf("%s: %v", mutation, err)
		}
		if !narrowed {
			t.Fatalf("%s: not narrowed; the whole packages would be generated", mutation)
		}
		want, err := c.compareGo(ctx, v, oldSide, newSide)
		if err != nil {
			t.Fatalf("%s: whole packages: %v", mutation, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: narrowed Go API differs from the whole packages'\n got %+v\nwant %+v", mutation, got, want)
		}
		if wantFindings && len(want) == 0 {
			t.Errorf("%s: no Go API change; the mutation should reach a signature", mutation)
		}
	}
	for _, name := range []string{"stormwall", "wallarm"} {
		t.Run(name, func(t *testing.T) {
			v, err := cfg.Vendor(name)
			if err != nil {
				t.Fatal(err)
			}
			old, err := os.ReadFile(cfg.Resolve(v.Spec))
			if err != nil {
				t.Fatal(err)
			}
			var overlays strings.Builder
			for _, p := range v.Overlays {
				b, err := os.ReadFile(cfg.Resolve(p))
				if err != nil {
					t.Fatal(err)
				}
				overlays.Write(b)
			}
			for _, m := range mutations {
				new, ok := m.apply(t, old, overlays.String())
				if !ok {
					t.Errorf("%s: nothing in the spec to apply it to", m.name)
					continue
				}
				check(t, v, cfg, old, m.name, new, m.findings)
			}
		})
	}
	t.Run("pairs", func(t *testing.T) {
		adHoc := &Config{Path: "command line", Dir: ".", adHoc: true}
		v := Vendor{Name: "api", Package: "api", Output: "unused", Spec: "diff/testdata/base.yaml"}
		base, err := os.ReadFile(filepath.Join("diff", "testdata", "base.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		for _, pair := range []string{"removed-operation", "removed-field", "removed-enum-value", "new-required-param", "new-required-property", "type-change", "added-operation"} {
			new, err := os.ReadFile(filepath.Join("diff", "testdata", pair+".yaml"))
			if err != nil {
				t.Fatal(err)
			}
			check(t, v, adHoc, base, pair, new, true)
		}
	})
}

// mutation is one kind of change a vendor makes to its spec, applied to
// the first operation or schema the vendor's overlays do not name (an
// overlay whose target went away is a different error).
type mutation struct {
	name     string
	findings bool // the change must reach a Go signature
	edit     func(op, schema, pathItem *yaml.Node, method string) bool
}

var mutations = []mutation{
	{"operation removed", true, func(_, _, pathItem *yaml.Node, method string) bool {
		return deleteKey(pathItem, method)
	}},
	{"required query parameter added", true, func(op, _, _ *yaml.Node, _ string) bool {
		params := child(op, "parameters")
		if params == nil {
			params = &yaml.Node{Kind: yaml.SequenceNode}
			op.Content = append(op.Content, scalar("parameters"), params)
		}
		p := mapping("name", "apigen_new", "in", "query", "required", "true", "schema", mapping("type", "string"))
		if swagger2 {
			p = mapping("name", "apigen_new", "in", "query", "required", "true", "type", "string")
		}
		params.Content = append(params.Content, p)
		return true
	}},
	{"property removed and another added", true, func(_, schema, _ *yaml.Node, _ string) bool {
		props := child(schema, "properties")
		if props == nil || len(props.Content) < 2 {
			return false
		}
		gone := props.Content[0].Value
		props.Content = append(props.Content[2:], scalar("apigen_added"), mapping("type", "string"))
		if req := child(schema, "required"); req != nil {
			req.Content = slices.DeleteFunc(req.Content, func(n *yaml.Node) bool { return n.Value == gone })
		}
		return true
	}},
	{"property type changed", true, func(_, schema, _ *yaml.Node, _ string) bool {
		props := child(schema, "properties")
		if props == nil || len(props.Content) < 2 {
			return false
		}
		typ := "integer"
		if t := child(props.Content[1], "type"); t != nil && t.Value == "integer" {
			typ = "boolean"
		}
		props.Content[1] = mapping("type", typ)
		return true
	}},
	{"schema made nullable", false, func(_, schema, _ *yaml.Node, _ string) bool {
		key := "nullable"
		if swagger2 {
			key = "x-nullable"
		}
		schema.Content = append(schema.Content, scalar(key), scalar("true"))
		return true
	}},
	{"descriptions only", false, func(op, schema, _ *yaml.Node, _ string) bool {
		op.Content = append(op.Content, scalar("x-codeSamples"), &yaml.Node{Kind: yaml.SequenceNode})
		deleteKey(op, "description")
		op.Content = append(op.Content, scalar("description"), scalar("Reworded by the vendor."))
		return true
	}},
}

// swagger2 says the spec being edited is Swagger 2.0: a parameter has
// its type in place and nullability is x-nullable.
var swagger2 bool

// apply edits the first operation and schema the overlays do not name.
func (m mutation) apply(t *testing.T, spec []byte, overlays string) ([]byte, bool) {
	t.Helper()
	swagger2 = false
	var doc yaml.Node
	if err := yaml.Unmarshal(spec, &doc); err != nil {
		t.Fatal(err)
	}
	root := doc.Content[0]
	var op, pathItem *yaml.Node
	var method string
	paths := child(root, "paths")
	for i := 0; i+1 < len(paths.Content) && op == nil; i += 2 {
		if strings.Contains(overlays, paths.Content[i].Value) {
			continue
		}
		pi := paths.Content[i+1]
		for j := 0; j+1 < len(pi.Content); j += 2 {
			if slices.Contains([]string{"get", "put", "post", "delete", "patch"}, pi.Content[j].Value) {
				op, pathItem, method = pi.Content[j+1], pi, pi.Content[j].Value
				break
			}
		}
	}
	// The schema: one an operation's answer reaches, so a change to it
	// shows in the methods as well as in its own type.
	var schema *yaml.Node
	schemas, prefix := child(child(root, "components"), "schemas"), "#/components/schemas/"
	if child(root, "swagger") != nil {
		schemas, prefix = child(root, "definitions"), "#/definitions/"
		swagger2 = true
	}
	for i := 0; schemas != nil && i+1 < len(schemas.Content); i += 2 {
		name := schemas.Content[i].Value
		if strings.Contains(overlays, name) || child(schemas.Content[i+1], "properties") == nil || len(child(schemas.Content[i+1], "properties").Content) < 4 {
			continue
		}
		if strings.Contains(string(spec), prefix+name+`"`) {
			schema = schemas.Content[i+1]
			break
		}
	}
	if op == nil || schema == nil || !m.edit(op, schema, pathItem, method) {
		return nil, false
	}
	out, err := yaml.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	return out, true
}

func child(m *yaml.Node, key string) *yaml.Node {
	if m == nil {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func deleteKey(m *yaml.Node, key string) bool {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = slices.Delete(m.Content, i, i+2)
			return true
		}
	}
	return false
}

func scalar(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Value: s}
	if s == "true" {
		n.Tag = "!!bool"
	}
	return n
}

// mapping builds a mapping from key, value pairs; a value is a string or
// a node.
func mapping(kv ...any) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i+1 < len(kv); i += 2 {
		v, ok := kv[i+1].(*yaml.Node)
		if !ok {
			v = scalar(kv[i+1].(string))
		}
		n.Content = append(n.Content, scalar(kv[i].(string)), v)
	}
	return n
}
