package model

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// fixShapes rewrites the few legal-but-awkward shapes that kin-openapi's
// validator or oapi-codegen reject into equivalent ones they accept, each
// recorded as a fix-up with the reason. It runs before validation.
func fixShapes(doc *openapi3.T, rec *recorder) {
	// (A parameter with both schema and content never gets here: kin's
	// loader refuses it, so loadKin's tree repair handles it.)
	fixHeaderContent(doc, rec)
	fixPathParams(doc, rec)
	fixFormTimes(doc, rec)
	walkSchemas(doc, func(ref *openapi3.SchemaRef, at jpath) {
		s := ref.Value
		if s.Type.Is("array") && s.Items == nil {
			s.Items = &openapi3.SchemaRef{Value: &openapi3.Schema{}}
			rec.loosen(at, "an array without items holds values of any type", map[string]any{"items": map[string]any{}})
		}
		if s.Type != nil && len(*s.Type) == 1 && !jsonTypes[(*s.Type)[0]] {
			bad := (*s.Type)[0]
			fixed := typeAliases[bad]
			why := fmt.Sprintf("type %q is not a JSON Schema type; %q is meant", bad, fixed)
			if fixed == "" {
				why = fmt.Sprintf("type %q is not a JSON Schema type; the value may be anything", bad)
			}
			*s.Type = openapi3.Types{fixed}
			if fixed == "" {
				s.Type = nil
			}
			rec.loosen(at, why, map[string]any{"type": fixed})
		}
		if len(s.Enum) > 0 && !enumFits(s) {
			s.Enum = nil
			rec.remove(at.Key("enum"), "enum values do not fit the schema's type; any value of the type is allowed")
		}
	})
}

// fixFormTimes keeps date and date-time fields of form bodies as strings:
// oapi-codegen's form encoder (runtime.MarshalForm) walks a time.Time as a
// struct of unexported fields and sends nothing, so the typed client would
// silently drop them. On the wire the value is the same text either way.
// Only inline properties are touched; a shared component keeps its format.
func fixFormTimes(doc *openapi3.T, rec *recorder) {
	for _, p := range slices.Sorted(maps.Keys(doc.Paths.Map())) {
		ops := doc.Paths.Value(p).Operations()
		for _, m := range slices.Sorted(maps.Keys(ops)) {
			op := ops[m]
			if op.RequestBody == nil || op.RequestBody.Ref != "" || op.RequestBody.Value == nil {
				continue
			}
			mt := op.RequestBody.Value.Content.Get("application/x-www-form-urlencoded")
			if mt == nil || mt.Schema == nil || mt.Schema.Ref != "" || mt.Schema.Value == nil {
				continue
			}
			at := jpath("$.paths").Key(p).Key(strings.ToLower(m)).Key("requestBody").Key("content").
				Key("application/x-www-form-urlencoded").Key("schema").Key("properties")
			for _, name := range slices.Sorted(maps.Keys(mt.Schema.Value.Properties)) {
				prop := mt.Schema.Value.Properties[name]
				if prop.Ref == "" && prop.Value != nil && (prop.Value.Format == "date-time" || prop.Value.Format == "date") {
					prop.Value.Format = ""
					rec.drop(at.Key(name).Key("format"), "oapi-codegen's form encoder sends no time.Time fields; the date stays a string")
				}
			}
		}
	}
}

var jsonTypes = map[string]bool{"string": true, "number": true, "integer": true, "boolean": true, "array": true, "object": true, "null": true}

// typeAliases are the format names specs put in type by mistake.
var typeAliases = map[string]string{"float": "number", "double": "number", "int": "integer", "int32": "integer",
	"int64": "integer", "long": "integer", "bool": "boolean", "str": "string", "date": "string", "datetime": "string"}

// fixHeaderContent gives response headers described by content (legal, but
// kin-openapi leaves references inside it unresolved) the equivalent schema.
func fixHeaderContent(doc *openapi3.T, rec *recorder) {
	fix := func(rs map[string]*openapi3.ResponseRef, at jpath) {
		eachResponse(rs, at, func(r *openapi3.Response, rat jpath) {
			for _, name := range slices.Sorted(maps.Keys(r.Headers)) {
				h := r.Headers[name]
				if h == nil || h.Value == nil || h.Value.Schema != nil || len(h.Value.Content) == 0 {
					continue
				}
				media := h.Value.Content[slices.Sorted(maps.Keys(h.Value.Content))[0]]
				if media == nil || media.Schema == nil {
					continue
				}
				resolve(doc, media.Schema)
				h.Value.Schema, h.Value.Content = media.Schema, nil
				hat := rat.Key("headers").Key(name)
				rec.update(hat, fmt.Sprintf("header %s: content becomes the equivalent schema", name), map[string]any{"schema": schemaJSON(media.Schema)})
				rec.remove(hat.Key("content"), fmt.Sprintf("header %s: replaced by schema", name))
			}
		})
	}
	if doc.Components != nil {
		fix(doc.Components.Responses, "$.components.responses")
	}
	forEachOperation(doc, func(path, method string, _ *openapi3.PathItem, op *openapi3.Operation) {
		if op != nil && op.Responses != nil {
			fix(op.Responses.Map(), jpath("$.paths").Key(path).Key(strings.ToLower(method)).Key("responses"))
		}
	})
}

// resolve fills an internal schema reference the loader left unresolved.
func resolve(doc *openapi3.T, ref *openapi3.SchemaRef) {
	name, ok := strings.CutPrefix(ref.Ref, "#/components/schemas/")
	if ref.Value != nil || !ok || doc.Components == nil {
		return
	}
	if target := doc.Components.Schemas[name]; target != nil {
		ref.Value = target.Value
	}
}

// schemaJSON renders a schema reference as the overlay would write it.
func schemaJSON(ref *openapi3.SchemaRef) any {
	if ref.Ref != "" {
		return map[string]any{"$ref": ref.Ref}
	}
	var v any
	b, _ := json.Marshal(ref.Value)
	_ = json.Unmarshal(b, &v)
	return v
}

var templateVar = regexp.MustCompile(`\{([^{}]+)\}`)

// fixPathParams makes each operation declare exactly the path parameters its
// path template uses: oapi-codegen refuses any mismatch. A used but
// undeclared variable becomes a required string parameter; a declared one
// the template does not use is dropped.
func fixPathParams(doc *openapi3.T, rec *recorder) {
	forEachOperation(doc, func(path, method string, item *openapi3.PathItem, op *openapi3.Operation) {
		if op == nil {
			return
		}
		at := jpath("$.paths").Key(path).Key(strings.ToLower(method))
		used := map[string]bool{}
		for _, m := range templateVar.FindAllStringSubmatch(path, -1) {
			used[m[1]] = true
		}
		declared := map[string]bool{}
		for _, ps := range []openapi3.Parameters{item.Parameters, op.Parameters} {
			for _, p := range ps {
				if p != nil && p.Value != nil && p.Value.In == "path" {
					declared[p.Value.Name] = true
				}
			}
		}
		kept := op.Parameters[:0]
		for i, p := range op.Parameters {
			if p != nil && p.Value != nil && p.Value.In == "path" && !used[p.Value.Name] {
				rec.remove(at.Key("parameters").Index(i), fmt.Sprintf("path parameter %s is not in the path", p.Value.Name))
				continue
			}
			kept = append(kept, p)
		}
		op.Parameters = kept
		for _, name := range slices.Sorted(maps.Keys(used)) {
			if declared[name] {
				continue
			}
			op.Parameters = append(op.Parameters, &openapi3.ParameterRef{Value: &openapi3.Parameter{
				Name: name, In: "path", Required: true, Schema: &openapi3.SchemaRef{Value: openapi3.NewStringSchema()},
			}})
			rec.update(at, fmt.Sprintf("path parameter %s is used by the path but not declared", name), map[string]any{
				"parameters": []any{map[string]any{"name": name, "in": "path", "required": true, "schema": map[string]any{"type": "string"}}},
			})
		}
	})
}

// enumFits reports whether every enum value has the schema's JSON type.
func enumFits(s *openapi3.Schema) bool {
	for _, v := range s.Enum {
		switch v.(type) {
		case nil:
		case string:
			if s.Type.Is("number") || s.Type.Is("integer") || s.Type.Is("boolean") {
				return false
			}
		case float64, int, int64:
			if s.Type.Is("string") || s.Type.Is("boolean") {
				return false
			}
		case bool:
			if s.Type.Is("string") || s.Type.Is("number") || s.Type.Is("integer") {
				return false
			}
		}
	}
	return true
}
