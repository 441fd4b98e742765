package goclient

import (
	"errors"
	"fmt"
	"go/scanner"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"

	"github.com/apigen-dev/apigen/generator/model"
)

// When oapi-codegen refuses a document it says why, but rarely where: a
// chain of "error generating ..." that names a property here and there,
// and no operation. probe finds the parts itself. It runs right after the
// refusal, under codegenMu, while oapi-codegen's package state still holds
// this document: it generates each component schema and each operation on
// its own, and follows the chain inside the one that fails down to the
// smallest schema (a property, an array's items).

var (
	duplicateType = regexp.MustCompile(`duplicate typename '([^']+)'`)
	enumType      = regexp.MustCompile(`enum value .* of (\S+) is not a number or boolean literal`)
	chainStep     = regexp.MustCompile(`^error generating Go schema for property '(.*?)': |^error generating type for (array): |^error generating type for (additional properties): `)
)

// probe traces a refusal to the parts of api's document it is about.
func probe(api *model.API, refusal error) []Problem {
	msg := refusal.Error()
	if duplicateType.MatchString(msg) {
		return duplicates(api)
	}
	if m := enumType.FindStringSubmatch(msg); m != nil {
		if node := typeNode(api, m[1]); node != nil {
			return []Problem{{Kind: model.BadEnum, Node: node, Msg: msg}}
		}
	}
	problems := probeComponents(api)
	return append(problems, probeOperations(api)...)
}

// generate is GenerateGoSchema with a panic taken for a failure: oapi-codegen
// panics on a few shapes, and the part that makes it panic is degraded
// like one it refuses.
func generate(ref *openapi3.SchemaRef, name string) (s codegen.Schema, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("oapi-codegen panics on it: %v", v)
		}
	}()
	return codegen.GenerateGoSchema(ref, []string{name})
}

// broken is the problem a schema's own failure makes.
func broken(node *openapi3.Schema, err error) Problem {
	msg := err.Error()
	var path []string
	for {
		m := chainStep.FindStringSubmatchIndex(msg)
		if m == nil {
			break
		}
		switch {
		case m[2] >= 0:
			path = append(path, "properties", msg[m[2]:m[3]])
		case m[4] >= 0:
			path = append(path, "items")
		default:
			path = append(path, "additionalProperties")
		}
		msg = msg[m[1]:]
	}
	kind := model.Broken
	if strings.Contains(msg, "discriminator") {
		kind = model.BadDiscriminator
	}
	return Problem{Kind: kind, Node: node, Path: path, Msg: msg}
}

// probeComponents generates each component schema, and the schemas of the
// components that hold one (parameters, responses, request bodies).
func probeComponents(api *model.API) []Problem {
	c := api.Doc.Components
	if c == nil {
		return nil
	}
	var out []Problem
	try := func(ref *openapi3.SchemaRef, name string) {
		if ref == nil || ref.Value == nil || ref.Ref != "" {
			return
		}
		if _, err := generate(ref, name); err != nil {
			out = append(out, broken(ref.Value, err))
		}
	}
	for _, n := range slices.Sorted(maps.Keys(c.Schemas)) {
		try(c.Schemas[n], n)
	}
	for _, n := range slices.Sorted(maps.Keys(c.Parameters)) {
		if p := c.Parameters[n]; p != nil && p.Value != nil {
			try(p.Value.Schema, n)
			eachSchema(p.Value.Content, func(ref *openapi3.SchemaRef) { try(ref, n) })
		}
	}
	for _, n := range slices.Sorted(maps.Keys(c.Responses)) {
		if r := c.Responses[n]; r != nil && r.Value != nil {
			eachSchema(r.Value.Content, func(ref *openapi3.SchemaRef) { try(ref, n) })
		}
	}
	for _, n := range slices.Sorted(maps.Keys(c.RequestBodies)) {
		if b := c.RequestBodies[n]; b != nil && b.Value != nil {
			eachSchema(b.Value.Content, func(ref *openapi3.SchemaRef) { try(ref, n) })
		}
	}
	return out
}

func eachSchema(c openapi3.Content, f func(*openapi3.SchemaRef)) {
	for _, k := range slices.Sorted(maps.Keys(c)) {
		if c[k] != nil {
			f(c[k].Schema)
		}
	}
}

// probeOperations has oapi-codegen describe each operation on its own; for
// one it refuses, the failing schema is found among the operation's own,
// or else the operation is the problem.
func probeOperations(api *model.API) []Problem {
	var out []Problem
	for _, o := range api.Operations {
		item := api.Doc.Paths.Value(o.Path)
		if item == nil {
			continue
		}
		op := item.GetOperation(o.Method)
		if op == nil {
			continue
		}
		err := describe(api.Doc, o.Path, o.Method, item, op)
		if err == nil {
			continue
		}
		found := false
		for _, ref := range opSchemas(item, op) {
			if _, serr := generate(ref, o.GoName); serr != nil {
				p := broken(ref.Value, serr)
				p.Operation = o.GoName
				out = append(out, p)
				found = true
			}
		}
		if !found {
			out = append(out, Problem{Operation: o.GoName, Msg: err.Error()})
		}
	}
	return out
}

// describe runs oapi-codegen's operation pass on one operation alone.
func describe(doc *openapi3.T, path, method string, item *openapi3.PathItem, op *openapi3.Operation) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("oapi-codegen panics on it: %v", v)
		}
	}()
	one := *doc
	alone := &openapi3.PathItem{Parameters: item.Parameters}
	alone.SetOperation(method, op)
	one.Paths = openapi3.NewPaths(openapi3.WithPath(path, alone))
	_, err = codegen.OperationDefinitions(&one)
	return err
}

// opSchemas are the inline schemas of an operation: its parameters', its
// request body's and its responses' (and their headers').
func opSchemas(item *openapi3.PathItem, op *openapi3.Operation) []*openapi3.SchemaRef {
	var out []*openapi3.SchemaRef
	add := func(ref *openapi3.SchemaRef) {
		if ref != nil && ref.Value != nil && ref.Ref == "" {
			out = append(out, ref)
		}
	}
	for _, ps := range []openapi3.Parameters{item.Parameters, op.Parameters} {
		for _, p := range ps {
			if p != nil && p.Value != nil {
				add(p.Value.Schema)
				eachSchema(p.Value.Content, add)
			}
		}
	}
	if op.RequestBody != nil && op.RequestBody.Value != nil {
		eachSchema(op.RequestBody.Value.Content, add)
	}
	if op.Responses != nil {
		for _, code := range slices.Sorted(maps.Keys(op.Responses.Map())) {
			r := op.Responses.Value(code)
			if r == nil || r.Value == nil {
				continue
			}
			eachSchema(r.Value.Content, add)
			for _, h := range slices.Sorted(maps.Keys(r.Value.Headers)) {
				if hv := r.Value.Headers[h]; hv != nil && hv.Value != nil {
					add(hv.Value.Schema)
				}
			}
		}
	}
	return out
}

// typeDefs are the component types oapi-codegen declares, inline ones
// included, each with the schema it came from.
func typeDefs(api *model.API) []codegen.TypeDefinition {
	c := api.Doc.Components
	if c == nil {
		return nil
	}
	var defs []codegen.TypeDefinition
	if d, err := codegen.GenerateTypesForSchemas(nil, c.Schemas, nil); err == nil {
		defs = append(defs, d...)
	}
	if d, err := codegen.GenerateTypesForParameters(nil, c.Parameters); err == nil {
		defs = append(defs, d...)
	}
	if d, err := codegen.GenerateTypesForResponses(nil, c.Responses); err == nil {
		defs = append(defs, d...)
	}
	if d, err := codegen.GenerateTypesForRequestBodies(nil, c.RequestBodies); err == nil {
		defs = append(defs, d...)
	}
	return defs
}

// duplicates finds every Go type name oapi-codegen gave two different
// types (its refusal names only the first): every one but the first is
// renamed, a component's own type being kept over an inline one.
func duplicates(api *model.API) []Problem {
	byName := map[string][]codegen.TypeDefinition{}
	var names []string
	for _, d := range typeDefs(api) {
		same := byName[d.TypeName]
		if d.Schema.OAPISchema == nil || slices.ContainsFunc(same, func(s codegen.TypeDefinition) bool { return codegen.TypeDefinitionsEquivalent(s, d) }) {
			continue
		}
		if len(same) == 1 {
			names = append(names, d.TypeName)
		}
		byName[d.TypeName] = append(same, d)
	}
	var out []Problem
	for _, name := range names {
		same := byName[name]
		// Component types (their JSON name is the component's) stay.
		slices.SortStableFunc(same, func(a, b codegen.TypeDefinition) int {
			return strings.Count(a.JsonName, ".") - strings.Count(b.JsonName, ".")
		})
		for _, d := range same[1:] {
			// The schema is found by itself where it is in the document,
			// or else by the dotted name oapi-codegen built its type's
			// name from.
			out = append(out, Problem{Kind: model.Clash, Node: d.Schema.OAPISchema, Schema: d.JsonName, Name: name,
				Msg: fmt.Sprintf("oapi-codegen names another type %s too", name)})
		}
	}
	return out
}

// typeNode is the schema oapi-codegen made the Go type name from.
func typeNode(api *model.API, name string) *openapi3.Schema {
	for _, d := range typeDefs(api) {
		if d.TypeName == name {
			return d.Schema.OAPISchema
		}
	}
	ops, err := codegen.OperationDefinitions(api.Doc)
	if err != nil {
		return nil
	}
	for _, op := range ops {
		for _, d := range op.TypeDefinitions {
			if d.TypeName == name {
				return d.Schema.OAPISchema
			}
		}
		for _, b := range op.Bodies {
			for _, d := range b.Schema.AdditionalTypes {
				if d.TypeName == name {
					return d.Schema.OAPISchema
				}
			}
		}
	}
	return nil
}

// unparsed traces the lines oapi-codegen's unparsable output cites to the
// declarations they are in, by the comment oapi-codegen writes above each.
func unparsed(api *model.API, raw []byte, err error) []Problem {
	var list scanner.ErrorList
	if !errors.As(err, &list) {
		return nil
	}
	lines := strings.Split(string(raw), "\n")
	var out []Problem
	seen := map[string]bool{}
	for _, e := range list {
		p := declaredAt(api, lines, e.Pos.Line-1)
		p.Msg = e.Error()
		key := p.Schema + "|" + p.Operation
		if key != "|" && !seen[key] {
			seen[key] = true
			out = append(out, p)
		}
	}
	return out
}

var (
	paramsFor = regexp.MustCompile(`defines parameters for (\S+?)\.?$`)
	funcName  = regexp.MustCompile(`^func (?:\([^)]*\) )?(\w+)`)
)

// declaredAt walks up from line to the comment that names what is
// declared there.
func declaredAt(api *model.API, lines []string, line int) Problem {
	for i := min(line, len(lines)-1); i >= 0; i-- {
		l := strings.TrimSpace(lines[i])
		if m := modelFor.FindStringSubmatch(l); m != nil && strings.HasPrefix(lines[i], "//") {
			return Problem{Schema: m[1]}
		}
		if m := valuesFor.FindStringSubmatch(l); m != nil && strings.HasPrefix(lines[i], "//") {
			return Problem{Kind: model.BadEnum, Schema: modelOf(lines, m[1])}
		}
		if m := paramsFor.FindStringSubmatch(l); m != nil && strings.HasPrefix(lines[i], "//") {
			return Problem{Operation: m[1]}
		}
		if m := funcName.FindStringSubmatch(lines[i]); m != nil {
			return Problem{Operation: operationIn(api, []string{m[1]})}
		}
	}
	return Problem{}
}

// modelOf is the spec name of the Go type name, from its comment.
func modelOf(lines []string, typeName string) string {
	prefix := "// " + typeName + " defines model for "
	for _, l := range lines {
		if rest, ok := strings.CutPrefix(l, prefix); ok {
			return strings.TrimSuffix(rest, ".")
		}
	}
	return typeName
}
