package model

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
)

// When the Go emitter cannot generate a part of the document (oapi-codegen
// refuses it, or the code it prints does not compile), it traces the
// failure to that part as precisely as it can, and Degrade changes the
// smallest part that removes it: a schema whose Go name another took is
// renamed; a schema whose code fails becomes a free-form JSON value; an
// enum that cannot be constants is dropped; an operation whose own code
// fails is left out. Each change is a fix-up (so it is in
// fixups.overlay.yaml) and a warning naming the JSONPath and the reason,
// and the emitter runs again.

// ProblemKind says what went wrong with a part.
type ProblemKind int

const (
	// Broken: the part's code cannot be generated or does not compile.
	Broken ProblemKind = iota
	// Clash: the part's Go type name is another's.
	Clash
	// BadEnum: the part's enum values cannot be Go constants.
	BadEnum
	// BadDiscriminator: the part's discriminator cannot be generated.
	BadDiscriminator
)

// Problem is a failure the emitter traced back to the document.
type Problem struct {
	Kind ProblemKind
	// Schema is a component schema's name, or the dotted name oapi-codegen
	// gives an inline type ("Pet.tags.AdditionalProperties").
	Schema string
	// Node is the failing schema itself, when the emitter has it: it is
	// found wherever it is in the document.
	Node *openapi3.Schema
	// Path leads from Schema or Node to the smallest failing part, in
	// keywords ("properties", "name", "items").
	Path []string
	// Operation is the Go name of the operation whose code fails.
	Operation string
	// Name is the Go name a Clash is about.
	Name string
	Msg  string
}

// Degrade answers problems; it returns a warning per change, and false when
// it could change nothing (the caller then reports the failure as it is).
func Degrade(api *API, problems []Problem) ([]string, bool) {
	d := &degrader{api: api, rec: &recorder{}, done: map[string]bool{}}
	for _, p := range problems {
		d.answer(p)
	}
	api.Fixups = append(api.Fixups, d.rec.list...)
	return d.notes, len(d.rec.list) > 0
}

type degrader struct {
	api   *API
	rec   *recorder
	notes []string
	done  map[string]bool // targets already changed this round
}

func (d *degrader) answer(p Problem) {
	ref, at := d.locate(p)
	switch {
	case p.Kind == Clash && ref != nil && !renamed(ref):
		d.rename(p, ref, at)
	case ref != nil && d.done[string(at)]:
	case ref != nil && p.Kind == BadEnum && len(ref.Value.Enum) > 0:
		d.done[string(at)] = true
		ref.Value.Enum = nil
		d.rec.remove(at.Key("enum"), "its values cannot be Go constants: "+p.Msg)
		d.notes = append(d.notes, fmt.Sprintf("degraded %s: the enum is dropped, any value is allowed (%s)", at, p.Msg))
	case ref != nil && (p.Kind == BadDiscriminator || strings.Contains(p.Msg, "discriminator")) && ref.Value.Discriminator != nil:
		d.done[string(at)] = true
		ref.Value.Discriminator = nil
		d.rec.remove(at.Key("discriminator"), "oapi-codegen cannot generate it: "+p.Msg)
		d.notes = append(d.notes, fmt.Sprintf("degraded %s: the discriminator is dropped, the union is decoded by trying its members (%s)", at, p.Msg))
	case ref != nil && !freeForm(ref):
		d.done[string(at)] = true
		d.freeForm(ref, at, p.Msg)
	case p.Operation != "":
		d.leaveOut(p.Operation, p.Msg)
	}
}

// locate finds the schema a problem is about, and its JSONPath.
func (d *degrader) locate(p Problem) (*openapi3.SchemaRef, jpath) {
	var ref *openapi3.SchemaRef
	var at jpath
	if p.Node != nil {
		ref, at = d.find(p.Node)
	}
	if ref == nil && p.Schema != "" {
		ref, at = d.named(p.Schema)
	}
	if ref == nil {
		return nil, ""
	}
	for i := 0; i < len(p.Path); i++ {
		s := ref.Value
		var next *openapi3.SchemaRef
		var nat jpath
		switch p.Path[i] {
		case "properties":
			if i+1 < len(p.Path) {
				i++
				next, nat = s.Properties[p.Path[i]], at.Key("properties").Key(p.Path[i])
			}
		case "items":
			next, nat = s.Items, at.Key("items")
		case "additionalProperties":
			next, nat = s.AdditionalProperties.Schema, at.Key("additionalProperties")
		}
		if next == nil || next.Value == nil {
			break
		}
		ref, at = next, nat
	}
	return ref, at
}

// find is the first place in the document holding node.
func (d *degrader) find(node *openapi3.Schema) (*openapi3.SchemaRef, jpath) {
	var ref *openapi3.SchemaRef
	var at jpath
	walkSchemas(d.api.Doc, func(r *openapi3.SchemaRef, p jpath) {
		if ref == nil && r.Value == node {
			ref, at = r, p
		}
	})
	return ref, at
}

// named finds a component schema, or an inline one by the dotted name
// oapi-codegen gave its type: the component, then property names (as
// written or as oapi-codegen spells them), member indexes and
// "AdditionalProperties".
func (d *degrader) named(name string) (*openapi3.SchemaRef, jpath) {
	c := d.api.Doc.Components
	if c == nil {
		return nil, ""
	}
	// The component is the longest dotted prefix that names one (schema
	// names may hold dots themselves).
	parts := strings.Split(name, ".")
	var comp string
	var ref *openapi3.SchemaRef
	for n := len(parts); n > 0 && ref == nil; n-- {
		comp = strings.Join(parts[:n], ".")
		if ref = c.Schemas[comp]; ref != nil {
			parts = parts[n:]
		}
	}
	at := jpath("$.components.schemas").Key(comp)
	if ref == nil {
		ref, at = otherComponent(c, parts[0])
		parts = parts[1:]
	}
	if ref == nil || ref.Value == nil {
		return nil, ""
	}
	for _, seg := range parts {
		s := ref.Value
		var next *openapi3.SchemaRef
		var nat jpath
		if i, err := strconv.Atoi(seg); err == nil {
			for _, g := range []struct {
				kw   string
				list openapi3.SchemaRefs
			}{{"oneOf", s.OneOf}, {"anyOf", s.AnyOf}} {
				if next == nil && i < len(g.list) {
					next, nat = g.list[i], at.Key(g.kw).Index(i)
				}
			}
		} else if seg == "AdditionalProperties" && s.AdditionalProperties.Schema != nil {
			next, nat = s.AdditionalProperties.Schema, at.Key("additionalProperties")
		} else {
			next, nat = propertyNamed(s, seg, at)
		}
		if next == nil && s.Items != nil && s.Items.Value != nil && s.Items.Ref == "" {
			// Array items share their array's name.
			ref, at = s.Items, at.Key("items")
			continue
		}
		if next == nil || next.Value == nil {
			break
		}
		ref, at = next, nat
	}
	return ref, at
}

// otherComponent finds the schema of a component parameter, response or
// request body, which oapi-codegen names a type after too.
func otherComponent(c *openapi3.Components, name string) (*openapi3.SchemaRef, jpath) {
	if p := c.Parameters[name]; p != nil && p.Value != nil && p.Value.Schema != nil {
		return p.Value.Schema, jpath("$.components.parameters").Key(name).Key("schema")
	}
	first := func(content openapi3.Content, at jpath) (*openapi3.SchemaRef, jpath) {
		for _, k := range slices.Sorted(maps.Keys(content)) {
			if mt := content[k]; mt != nil && mt.Schema != nil {
				return mt.Schema, at.Key("content").Key(k).Key("schema")
			}
		}
		return nil, ""
	}
	if r := c.Responses[name]; r != nil && r.Value != nil {
		return first(r.Value.Content, jpath("$.components.responses").Key(name))
	}
	if b := c.RequestBodies[name]; b != nil && b.Value != nil {
		return first(b.Value.Content, jpath("$.components.requestBodies").Key(name))
	}
	return nil, ""
}

// propertyNamed finds the property oapi-codegen calls seg (as written, or
// camel-cased), in s or in the members of its allOf, which oapi-codegen
// merges into s.
func propertyNamed(s *openapi3.Schema, seg string, at jpath) (*openapi3.SchemaRef, jpath) {
	for _, k := range slices.Sorted(maps.Keys(s.Properties)) {
		if k == seg || codegen.ToCamelCase(k) == seg {
			return s.Properties[k], at.Key("properties").Key(k)
		}
	}
	for i, m := range s.AllOf {
		if m == nil || m.Value == nil {
			continue
		}
		mat := at.Key("allOf").Index(i)
		if t, ok := refPath(m.Ref); ok {
			mat = t
		}
		if r, rat := propertyNamed(m.Value, seg, mat); r != nil {
			return r, rat
		}
	}
	return nil, ""
}

func freeForm(ref *openapi3.SchemaRef) bool {
	s := ref.Value
	return s.Type == nil && len(s.Properties) == 0 && s.Items == nil && len(s.AllOf)+len(s.AnyOf)+len(s.OneOf) == 0 &&
		s.AdditionalProperties.Schema == nil && len(s.Enum) == 0 && s.Not == nil
}

// freeForm makes the schema at ref any JSON value, keeping its description;
// everything that refers to it sees the change.
func (d *degrader) freeForm(ref *openapi3.SchemaRef, at jpath, why string) {
	*ref.Value = openapi3.Schema{Description: ref.Value.Description}
	for _, ext := range []string{"x-go-type", "x-go-type-name", "x-go-type-import"} {
		delete(ref.Extensions, ext)
	}
	d.rec.remove(at, "oapi-codegen cannot generate it: "+why)
	d.rec.loosen(at, "it is any JSON value instead", map[string]any{"description": ref.Value.Description})
	d.notes = append(d.notes, fmt.Sprintf("degraded %s: it is any JSON value, because oapi-codegen cannot generate it: %s", at, why))
}

// rename gives the schema at ref its own Go name: an inline schema becomes
// a component (oapi-codegen then settles component names itself); a
// component gets an x-go-name.
func (d *degrader) rename(p Problem, ref *openapi3.SchemaRef, at jpath) {
	if d.done[string(at)] {
		return
	}
	d.done[string(at)] = true
	doc := d.api.Doc
	used := map[string]bool{}
	for n := range doc.Components.Schemas {
		used[nameKey(n)] = true
	}
	base := p.Name
	if base == "" {
		base = Exported(string(at))
	}
	if comp, ok := componentName(at); ok {
		name := Exported(comp) + "Model"
		setExt(&ref.Value.Extensions, "x-go-name", name)
		d.rec.update(at, "its Go type clashed with another identifier in the generated code", map[string]any{"x-go-name": name})
		d.notes = append(d.notes, fmt.Sprintf("schema %s is Go type %s: %s", comp, name, p.Msg))
		return
	}
	name := freeComponentName(base, used)
	doc.Components.Schemas[name] = &openapi3.SchemaRef{Value: ref.Value}
	target := "#/components/schemas/" + name
	d.rec.update("$.components.schemas", fmt.Sprintf("the schema at %s becomes component %s: its Go type clashed with another of that name", at, name),
		map[string]any{name: schemaJSON(ref)})
	walkSchemaSites(doc, func(r *openapi3.SchemaRef, site jpath) {
		if r.Value == ref.Value && r.Ref == "" && site != jpath("$.components.schemas").Key(name) {
			r.Ref = target
			d.rec.update(site, "its Go type clashed with another; it refers to the new component", map[string]any{"$ref": target})
		}
	}, func(*openapi3.SchemaRef, jpath) {})
	d.notes = append(d.notes, fmt.Sprintf("renamed %s: it is component %s, a Go type of its own, because %s", at, name, p.Msg))
}

// leaveOut drops an operation whose code does not compile.
func (d *degrader) leaveOut(goName, why string) {
	for i, o := range d.api.Operations {
		if o.GoName != goName {
			continue
		}
		if item := d.api.Doc.Paths.Value(o.Path); item != nil {
			item.SetOperation(o.Method, nil)
		}
		d.api.Operations = append(d.api.Operations[:i:i], d.api.Operations[i+1:]...)
		d.rec.remove(jpath("$.paths").Key(o.Path).Key(strings.ToLower(o.Method)), "its generated code does not compile: "+why)
		d.notes = append(d.notes, fmt.Sprintf("operation %s %s (%s) is left out: its generated code does not compile: %s", o.Method, o.Path, goName, why))
		return
	}
}

// componentName is the name of the component schema at, if at is one.
func componentName(at jpath) (string, bool) {
	rest, ok := strings.CutPrefix(string(at), "$.components.schemas")
	if !ok {
		return "", false
	}
	switch {
	case strings.HasPrefix(rest, ".") && !strings.ContainsAny(rest[1:], ".["):
		return rest[1:], true
	case strings.HasPrefix(rest, "['") && strings.HasSuffix(rest, "']") && strings.Count(rest, "['") == 1:
		return strings.NewReplacer(`\'`, "'", `\\`, `\`).Replace(rest[2 : len(rest)-2]), true
	}
	return "", false
}

// renamed reports a component that Degrade renamed in an earlier round: a
// clash that persists is then degraded instead.
func renamed(ref *openapi3.SchemaRef) bool {
	cur, set := ref.Value.Extensions["x-go-name"]
	return set && strings.HasSuffix(fmt.Sprint(cur), "Model")
}
