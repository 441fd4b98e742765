package model

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
)

// Fix-ups are changes to the document handed to oapi-codegen that keep its
// output compiling. Each one sets a standard x-go-name, so the decision is
// visible in the document, made here once, and stable: a name changes only
// for an item that collides, never for its neighbours.

// reserved are identifiers oapi-codegen's client and apigen's own files
// declare in every package; a schema may not take them.
var reserved = map[string]bool{
	// oapi-codegen's client
	"client": true, "clientinterface": true, "clientoption": true,
	"clientwithresponses": true, "clientwithresponsesinterface": true,
	"httprequestdoer": true, "requesteditorfn": true,
	// apigen's servers.go, auth.go and runtime.go
	"defaultserver": true, "serverurl": true, "credentials": true, "option": true,
	"apierror": true, "ratelimiterror": true, "retrypolicy": true, "warning": true,
	"ratelimit": true, "fromenv": true, "new": true, "warnings": true, "ratelimitof": true,
}

// nameKey folds a name the way Go-name derivation does (punctuation and case
// dropped), so two names with equal keys would become the same identifier.
func nameKey(s string) string {
	return strings.Map(func(r rune) rune {
		if r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// fixSchemaNames renames component schemas whose Go type would clash with
// an identifier every client package declares (Wallarm's "Client" schema,
// the tenant, against oapi-codegen's Client type).
func fixSchemaNames(doc *openapi3.T) {
	if doc.Components == nil {
		return
	}
	names := make([]string, 0, len(doc.Components.Schemas))
	for n := range doc.Components.Schemas {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		ref := doc.Components.Schemas[n]
		if !reserved[nameKey(n)] || ref == nil || ref.Value == nil {
			continue
		}
		if _, set := ref.Value.Extensions["x-go-name"]; set {
			continue
		}
		setExt(&ref.Value.Extensions, "x-go-name", Exported(n)+"Model")
	}
}

// fixParamNames gives parameters of one operation distinct Go field names:
// Wallarm's filter[type] and filter[!type] would both be FilterType. The
// first keeps its name; later ones spell punctuation that carries meaning
// ("!" is "not") and, if still taken, get a number.
func fixParamNames(item *openapi3.PathItem, op *openapi3.Operation) {
	used := map[string]bool{}
	for _, p := range append(append(openapi3.Parameters{}, item.Parameters...), op.Parameters...) {
		if p == nil || p.Value == nil {
			continue
		}
		key := nameKey(p.Value.Name)
		if _, set := p.Value.Extensions["x-go-name"]; set {
			used[nameKey(fmt.Sprint(p.Value.Extensions["x-go-name"]))] = true
			continue
		}
		if !used[key] {
			used[key] = true
			continue
		}
		setExt(&p.Value.Extensions, "x-go-name", freeName(p.Value.Name, used))
	}
}

func setExt(m *map[string]any, k string, v any) {
	if *m == nil {
		*m = map[string]any{}
	}
	(*m)[k] = v
}

// fixPropertyNames walks every schema in the document and, in each object,
// gives properties whose Go field names would collide distinct x-go-names
// (AttackFilter's "type" and "!type"). The name is set on the property's own
// SchemaRef, which oapi-codegen merges over the schema's extensions, so a
// shared $ref'd schema is never renamed as a side effect.
func fixPropertyNames(doc *openapi3.T) {
	seen := map[*openapi3.Schema]bool{}
	var walk func(*openapi3.SchemaRef)
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		renameProperties(s)
		for _, k := range sortedKeys(s.Properties) {
			walk(s.Properties[k])
		}
		walk(s.Items)
		if s.AdditionalProperties.Schema != nil {
			walk(s.AdditionalProperties.Schema)
		}
		for _, group := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
			for _, r := range group {
				walk(r)
			}
		}
		walk(s.Not)
	}
	forEachSchema(doc, walk)
}

func renameProperties(s *openapi3.Schema) {
	keys := sortedKeys(s.Properties)
	// Plain names claim their Go name first: "type" stays Type, "!type" moves.
	sort.SliceStable(keys, func(i, j int) bool {
		return !strings.Contains(keys[i], "!") && strings.Contains(keys[j], "!")
	})
	used := map[string]bool{}
	for _, k := range keys {
		ref := s.Properties[k]
		if name, ok := goNameExt(ref); ok {
			used[nameKey(name)] = true
			continue
		}
		if !used[nameKey(k)] {
			used[nameKey(k)] = true
			continue
		}
		name := freeName(k, used)
		setExt(&ref.Extensions, "x-go-name", name)
	}
}

// freeName derives a Go name for a colliding key, spelling "!" as "not"
// and numbering when that is taken too, and marks it used.
func freeName(key string, used map[string]bool) string {
	base := Exported(strings.ReplaceAll(key, "!", " not "))
	name := base
	for n := 2; used[nameKey(name)]; n++ {
		name = fmt.Sprintf("%s%d", base, n)
	}
	used[nameKey(name)] = true
	return name
}

// goNameExt returns an x-go-name already set on the property or its schema.
func goNameExt(ref *openapi3.SchemaRef) (string, bool) {
	if v, ok := ref.Extensions["x-go-name"]; ok {
		return fmt.Sprint(v), true
	}
	if ref.Value != nil {
		if v, ok := ref.Value.Extensions["x-go-name"]; ok {
			return fmt.Sprint(v), true
		}
	}
	return "", false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// forEachSchema calls f on every schema reachable from the document's
// components, parameters, request bodies, responses and headers.
func forEachSchema(doc *openapi3.T, f func(*openapi3.SchemaRef)) {
	content := func(c openapi3.Content) {
		for _, k := range sortedKeys(c) {
			if c[k] != nil {
				f(c[k].Schema)
			}
		}
	}
	params := func(ps openapi3.Parameters) {
		for _, p := range ps {
			if p != nil && p.Value != nil {
				f(p.Value.Schema)
				content(p.Value.Content)
			}
		}
	}
	responses := func(rs map[string]*openapi3.ResponseRef) {
		for _, k := range sortedKeys(rs) {
			if r := rs[k]; r != nil && r.Value != nil {
				content(r.Value.Content)
				for _, h := range sortedKeys(r.Value.Headers) {
					if hv := r.Value.Headers[h]; hv != nil && hv.Value != nil {
						f(hv.Value.Schema)
					}
				}
			}
		}
	}
	if c := doc.Components; c != nil {
		for _, k := range sortedKeys(c.Schemas) {
			f(c.Schemas[k])
		}
		for _, k := range sortedKeys(c.RequestBodies) {
			if rb := c.RequestBodies[k]; rb != nil && rb.Value != nil {
				content(rb.Value.Content)
			}
		}
		responses(c.Responses)
	}
	for _, p := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(p)
		params(item.Parameters)
		for _, m := range sortedKeys(item.Operations()) {
			op := item.Operations()[m]
			params(op.Parameters)
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				content(op.RequestBody.Value.Content)
			}
			if op.Responses != nil {
				responses(op.Responses.Map())
			}
		}
	}
}
