package model

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
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
		fixTypes(s, at, rec)
		if s.Type.Is("array") && s.Items == nil {
			s.Items = &openapi3.SchemaRef{Value: &openapi3.Schema{}}
			rec.loosen(at, "an array without items holds values of any type", map[string]any{"items": map[string]any{}})
		}
		fixEnum(s, at, rec)
	})
	walkSchemas(doc, fixMapValues(rec))
}

// fixMapValues keeps the values of an additionalProperties map from being
// nullable: oapi-codegen then declares the map of pointers but reads it
// as a map of values, which does not compile. A JSON null still decodes
// (to the zero value); a shared schema is wrapped in an allOf, so it keeps
// its Go type and its other uses their nullability.
func fixMapValues(rec *recorder) schemaVisitor {
	return func(ref *openapi3.SchemaRef, at jpath) {
		ap := ref.Value.AdditionalProperties.Schema
		if ap == nil || ap.Value == nil || !ap.Value.Nullable {
			return
		}
		if ap.Ref == "" {
			ap.Value.Nullable = false
			rec.update(at.Key("additionalProperties"), "map values are not nullable in Go; a null decodes to the zero value", map[string]any{"nullable": false})
			return
		}
		ref.Value.AdditionalProperties.Schema = &openapi3.SchemaRef{Value: &openapi3.Schema{AllOf: openapi3.SchemaRefs{ap}}}
		why := "map values are not nullable in Go; the nullable schema is wrapped so a null decodes to the zero value"
		rec.drop(at.Key("additionalProperties"), why)
		rec.update(at, why, map[string]any{"additionalProperties": map[string]any{"allOf": []any{map[string]any{"$ref": ap.Ref}}}})
	}
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
var typeAliases = map[string]string{"float": "number", "double": "number", "decimal": "number", "int": "integer",
	"int32": "integer", "int64": "integer", "long": "integer", "long integer": "integer", "bigint": "integer",
	"bool": "boolean", "str": "string", "text": "string", "char": "string", "date": "string", "datetime": "string",
	"date-time": "string", "timestamp": "string", "uuid": "string", "byte": "string", "binary": "string",
	"file": "string", "list": "array", "map": "object", "dictionary": "object"}

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
	return asJSON(ref.Value)
}

// asJSON renders part of the document as the overlay would write it.
func asJSON(v any) any {
	var out any
	b, _ := json.Marshal(v)
	_ = json.Unmarshal(b, &out)
	return out
}

var templateVar = regexp.MustCompile(`\{([^{}]+)\}`)

// fixPathParams makes each operation declare exactly the path parameters its
// path template uses, each (location, name) once, each with a schema:
// oapi-codegen refuses any mismatch, duplicate or missing schema. A used
// but undeclared variable becomes a required string parameter; a declared
// one the template does not use is dropped, at the path or the operation.
func fixPathParams(doc *openapi3.T, rec *recorder) {
	forEachOperation(doc, func(path, method string, item *openapi3.PathItem, op *openapi3.Operation) {
		used := map[string]bool{}
		for _, m := range templateVar.FindAllStringSubmatch(path, -1) {
			used[m[1]] = true
		}
		at := jpath("$.paths").Key(path)
		if op == nil {
			item.Parameters = fixParamList(item.Parameters, used, at, rec)
			return
		}
		at = at.Key(strings.ToLower(method))
		op.Parameters = fixParamList(op.Parameters, used, at, rec)
		declared := map[string]bool{}
		for _, ps := range []openapi3.Parameters{item.Parameters, op.Parameters} {
			for _, p := range ps {
				if p != nil && p.Value != nil && p.Value.In == "path" {
					declared[p.Value.Name] = true
				}
			}
		}
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

// fixParamList drops path parameters the template does not use and
// repeats of a (location, name) pair, and gives a parameter with neither
// schema nor content a string schema.
func fixParamList(ps openapi3.Parameters, used map[string]bool, at jpath, rec *recorder) openapi3.Parameters {
	seen := map[[2]string]bool{}
	kept := ps[:0]
	for i, p := range ps {
		pat := at.Key("parameters").Index(i)
		if p == nil || p.Value == nil {
			kept = append(kept, p)
			continue
		}
		v := p.Value
		key := [2]string{v.In, v.Name}
		switch {
		case v.In == "path" && !used[v.Name]:
			rec.remove(pat, fmt.Sprintf("path parameter %s is not in the path", v.Name))
			continue
		case seen[key]:
			rec.remove(pat, fmt.Sprintf("%s parameter %s is declared twice; the first is kept", v.In, v.Name))
			continue
		}
		seen[key] = true
		if v.Schema != nil && isUnion(v.Schema.Value) {
			// A parameter travels as text: a union of its possible types
			// is a string the caller writes, which oapi-codegen's union
			// types (meant for JSON) do not serialise anyway.
			v.Schema = &openapi3.SchemaRef{Value: openapi3.NewStringSchema()}
			sat := pat
			if t, ok := refPath(p.Ref); ok {
				sat = t
			}
			why := fmt.Sprintf("parameter %s may have one of several types; it is written as a string", v.Name)
			rec.remove(sat.Key("schema"), why)
			rec.update(sat, why, map[string]any{"schema": map[string]any{"type": "string"}})
		}
		if v.Schema == nil && len(v.Content) == 0 {
			v.Schema = &openapi3.SchemaRef{Value: openapi3.NewStringSchema()}
			if t, ok := refPath(p.Ref); ok {
				pat = t
			}
			rec.loosen(pat, fmt.Sprintf("parameter %s has no schema; it is sent as a string", v.Name), map[string]any{"schema": map[string]any{"type": "string"}})
		}
		kept = append(kept, p)
	}
	return kept
}

// fixTypes makes type one JSON Schema type, as oapi-codegen needs: a
// format name or a capitalised name becomes the type meant; OpenAPI 3.1's
// list of types becomes one type that is nullable when the list has
// "null", or, when it names several, no type at all (any JSON value).
func fixTypes(s *openapi3.Schema, at jpath, rec *recorder) {
	if s.Type == nil || len(*s.Type) == 0 {
		return
	}
	was := slices.Clone(*s.Type)
	var kept, renamed, unknown []string
	null := false
	for _, t := range was {
		fixed, ok := jsonType(t)
		switch {
		case !ok:
			unknown = append(unknown, t)
			continue
		case fixed != t:
			renamed = append(renamed, fmt.Sprintf("type %q is not a JSON Schema type; %q is meant", t, fixed))
		}
		if fixed == "null" {
			null = true
		} else if !slices.Contains(kept, fixed) {
			kept = append(kept, fixed)
		}
	}
	if len(kept) > 1 && !slices.ContainsFunc(kept, func(t string) bool { return t != "integer" && t != "number" }) {
		kept = []string{"number"}
	}
	if len(was) == 1 && len(kept) == 1 && kept[0] == was[0] {
		return
	}
	var why string
	switch {
	case len(unknown) > 0:
		why = fmt.Sprintf("type %q is not a JSON Schema type; the value may be anything", strings.Join(unknown, ", "))
		if len(kept) == 1 {
			why = fmt.Sprintf("type %q is not a JSON Schema type; the value is a %s", strings.Join(unknown, ", "), kept[0])
		}
	case len(kept) > 1:
		why = fmt.Sprintf("type %v allows values of several types; the Go type holds any JSON value", was)
	case len(renamed) > 0:
		why = strings.Join(renamed, "; ")
	}
	if null {
		s.Nullable = true
	}
	if len(kept) != 1 {
		s.Type = nil
		if why == "" && null && len(unknown) == 0 {
			// type: null alone (a oneOf member saying "or null"): Go has
			// no null type, and a nullable schema of no type holds null.
			rec.drop(at.Key("type"), "type null has no Go type; the schema is nullable instead")
		} else {
			rec.remove(at.Key("type"), why)
		}
		if null {
			rec.update(at, "a null type makes the schema nullable", map[string]any{"nullable": true})
		}
		return
	}
	*s.Type = openapi3.Types{kept[0]}
	update := map[string]any{"type": kept[0]}
	if null {
		update["nullable"] = true
	}
	switch {
	case why == "":
		rec.update(at, fmt.Sprintf("type %v is one type that may be null", was), update)
	case len(unknown) == 0:
		rec.update(at, why, update) // a spelling of the type meant: nothing is lost
	default:
		rec.loosen(at, why, update)
	}
}

func typeValue(t *openapi3.Types) any {
	if t == nil || len(*t) == 0 {
		return nil
	}
	return (*t)[0]
}

// jsonType is the JSON Schema type t names, if any.
func jsonType(t string) (string, bool) {
	if jsonTypes[t] {
		return t, true
	}
	if l := strings.ToLower(strings.TrimSpace(t)); jsonTypes[l] {
		return l, true
	} else if a, ok := typeAliases[l]; ok && a != "" {
		return a, true
	}
	return "", false
}

// fixEnum makes an enum fit its type: values written as strings of the
// type ("true", "1") are converted, a null value makes the schema nullable,
// and an enum that still does not fit (or one on binary data, which has no
// constants) is dropped: any value of the type is then allowed.
func fixEnum(s *openapi3.Schema, at jpath, rec *recorder) {
	if len(s.Enum) == 0 {
		return
	}
	if s.Format == "binary" || s.Type.Is("array") || s.Type.Is("object") {
		s.Enum = nil
		rec.remove(at.Key("enum"), "an enum on "+describeType(s)+" has no Go constants; any value is allowed")
		return
	}
	if slices.Contains(s.Enum, nil) {
		s.Enum = slices.DeleteFunc(s.Enum, func(v any) bool { return v == nil })
		s.Nullable = true
		rec.update(at, "a null enum value makes the schema nullable", map[string]any{"enum": s.Enum, "nullable": true})
		if len(s.Enum) == 0 {
			s.Enum = nil
			return
		}
	}
	if enumFits(s) {
		return
	}
	if fixed, ok := coerceEnum(s); ok {
		s.Enum = fixed
		rec.update(at, "enum values are written as another type than the schema's; they are converted", map[string]any{"enum": fixed})
		return
	}
	s.Enum = nil
	rec.remove(at.Key("enum"), "enum values do not fit the schema's type; any value of the type is allowed")
}

func describeType(s *openapi3.Schema) string {
	if s.Format == "binary" {
		return "binary data"
	}
	return "a value of type " + fmt.Sprint(typeValue(s.Type))
}

// coerceEnum converts every enum value to the schema's type, or fails.
func coerceEnum(s *openapi3.Schema) ([]any, bool) {
	out := make([]any, 0, len(s.Enum))
	for _, v := range s.Enum {
		text := fmt.Sprint(v)
		switch {
		case s.Type.Is("string"):
			out = append(out, text)
		case s.Type.Is("boolean"):
			b, err := strconv.ParseBool(text)
			if err != nil {
				return nil, false
			}
			out = append(out, b)
		case s.Type.Is("integer"):
			i, err := strconv.ParseInt(text, 10, 64)
			if err != nil {
				return nil, false
			}
			out = append(out, i)
		case s.Type.Is("number"):
			f, err := strconv.ParseFloat(text, 64)
			if err != nil {
				return nil, false
			}
			out = append(out, f)
		default:
			return nil, false
		}
	}
	return out, true
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

// isUnion reports a oneOf or anyOf, at the top of s or in its allOf.
func isUnion(s *openapi3.Schema) bool {
	if s == nil {
		return false
	}
	return len(s.OneOf) > 0 || len(s.AnyOf) > 0 || slices.ContainsFunc(s.AllOf, func(m *openapi3.SchemaRef) bool {
		return m != nil && isUnion(m.Value)
	})
}
