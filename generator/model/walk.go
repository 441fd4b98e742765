package model

import (
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// schemaVisitor sees each schema once, with the JSONPath of the place it was
// first reached from. Components are walked first, so a shared schema is
// reported at its own path rather than at some operation that uses it.
type schemaVisitor func(ref *openapi3.SchemaRef, at jpath)

// walkSchemas calls visit on every schema reachable from the document:
// components, parameters, request bodies, responses and their headers,
// and everything nested in those.
func walkSchemas(doc *openapi3.T, visit schemaVisitor) {
	walkSchemaSites(doc, nil, visit)
}

// walkSchemaSites is walkSchemas that also shows site every place a schema
// is used (every $ref to a shared one included), at that place's path,
// before its schema is visited.
func walkSchemaSites(doc *openapi3.T, site, visit schemaVisitor) {
	seen := map[*openapi3.Schema]bool{}
	var walk func(*openapi3.SchemaRef, jpath)
	walk = func(ref *openapi3.SchemaRef, at jpath) {
		if ref == nil || ref.Value == nil {
			return
		}
		if site != nil {
			site(ref, at)
		}
		if seen[ref.Value] {
			return
		}
		if t, ok := refPath(ref.Ref); ok {
			at = t
		}
		s := ref.Value
		seen[s] = true
		visit(ref, at)
		for _, k := range slices.Sorted(maps.Keys(s.Properties)) {
			walk(s.Properties[k], at.Key("properties").Key(k))
		}
		walk(s.Items, at.Key("items"))
		walk(s.AdditionalProperties.Schema, at.Key("additionalProperties"))
		for _, g := range []struct {
			name string
			refs openapi3.SchemaRefs
		}{{"allOf", s.AllOf}, {"anyOf", s.AnyOf}, {"oneOf", s.OneOf}} {
			for i, r := range g.refs {
				walk(r, at.Key(g.name).Index(i))
			}
		}
		walk(s.Not, at.Key("not"))
	}
	content := func(c openapi3.Content, at jpath) {
		for _, k := range slices.Sorted(maps.Keys(c)) {
			if c[k] != nil {
				walk(c[k].Schema, at.Key("content").Key(k).Key("schema"))
			}
		}
	}
	params := func(ps openapi3.Parameters, at jpath) {
		for i, p := range ps {
			if p != nil && p.Value != nil {
				pat := at.Key("parameters").Index(i)
				if t, ok := refPath(p.Ref); ok {
					pat = t
				}
				walk(p.Value.Schema, pat.Key("schema"))
				content(p.Value.Content, pat)
			}
		}
	}
	responses := func(rs map[string]*openapi3.ResponseRef, at jpath) {
		eachResponse(rs, at, func(r *openapi3.Response, rat jpath) {
			content(r.Content, rat)
			for _, h := range slices.Sorted(maps.Keys(r.Headers)) {
				if hv := r.Headers[h]; hv != nil && hv.Value != nil {
					walk(hv.Value.Schema, rat.Key("headers").Key(h).Key("schema"))
				}
			}
		})
	}
	if c := doc.Components; c != nil {
		for _, k := range slices.Sorted(maps.Keys(c.Schemas)) {
			walk(c.Schemas[k], jpath("$.components.schemas").Key(k))
		}
		for _, k := range slices.Sorted(maps.Keys(c.Parameters)) {
			if p := c.Parameters[k]; p != nil && p.Value != nil {
				pat := jpath("$.components.parameters").Key(k)
				walk(p.Value.Schema, pat.Key("schema"))
				content(p.Value.Content, pat)
			}
		}
		responses(c.Responses, "$.components.responses")
		for _, k := range slices.Sorted(maps.Keys(c.RequestBodies)) {
			if rb := c.RequestBodies[k]; rb != nil && rb.Value != nil {
				content(rb.Value.Content, jpath("$.components.requestBodies").Key(k))
			}
		}
	}
	forEachOperation(doc, func(path, method string, item *openapi3.PathItem, op *openapi3.Operation) {
		pat := jpath("$.paths").Key(path)
		oat := pat.Key(strings.ToLower(method))
		if method == "" { // the path item itself
			params(item.Parameters, pat)
			return
		}
		params(op.Parameters, oat)
		if op.RequestBody != nil && op.RequestBody.Value != nil {
			rat := oat.Key("requestBody")
			if t, ok := refPath(op.RequestBody.Ref); ok {
				rat = t
			}
			content(op.RequestBody.Value.Content, rat)
		}
		if op.Responses != nil {
			responses(op.Responses.Map(), oat.Key("responses"))
		}
	})
}

// forEachOperation calls f for each path (method "", op nil) and then each of
// its operations, in sorted order.
func forEachOperation(doc *openapi3.T, f func(path, method string, item *openapi3.PathItem, op *openapi3.Operation)) {
	if doc.Paths == nil {
		return
	}
	paths := doc.Paths.Keys()
	sort.Strings(paths)
	for _, p := range paths {
		item := doc.Paths.Value(p)
		if item == nil {
			continue
		}
		f(p, "", item, nil)
		ops := item.Operations()
		for _, m := range slices.Sorted(maps.Keys(ops)) {
			f(p, m, item, ops[m])
		}
	}
}

// eachResponse calls f for each response in rs, in status-code order, with
// its JSONPath (the component's own path when it is a $ref).
func eachResponse(rs map[string]*openapi3.ResponseRef, at jpath, f func(*openapi3.Response, jpath)) {
	for _, code := range slices.Sorted(maps.Keys(rs)) {
		r := rs[code]
		if r == nil || r.Value == nil {
			continue
		}
		rat := at.Key(code)
		if t, ok := refPath(r.Ref); ok {
			rat = t
		}
		f(r.Value, rat)
	}
}
