package model

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// answer decides what a successful call of op returns: the JSON payload of
// its first 2xx response with content, inside the envelope; the raw body
// when that content is not JSON; nothing when no 2xx has content. An
// operation that declares no 2xx response at all is answered by its
// default response, which covers every status not declared (the petstore's
// POST /user returns the User it made that way). An envelope whose
// payload the response does not have is a warning, and the whole body is
// the answer.
func answer(o *Operation, op *openapi3.Operation, env EnvelopeExt) (Answer, string) {
	a := Answer{FailureIsData: env.FailureIsData}
	if op.Responses == nil {
		return a, ""
	}
	rs := op.Responses.Map()
	codes := slices.DeleteFunc(slices.Sorted(maps.Keys(rs)), func(c string) bool { return !strings.HasPrefix(c, "2") })
	if len(codes) == 0 && rs["default"] != nil {
		codes = []string{"default"}
	}
	for _, code := range codes {
		r := rs[code]
		if r == nil || r.Value == nil || len(r.Value.Content) == 0 {
			continue
		}
		at := jpath(o.Target).Key("responses").Key(code)
		if t, ok := refPath(r.Ref); ok {
			at = t
		}
		a.shared, _ = strings.CutPrefix(r.Ref, "#/components/responses/")
		media := jsonMedia(r.Value.Content)
		a.Status = code
		if media == "" {
			a.Kind, a.Media = AnswerBytes, slices.Sorted(maps.Keys(r.Value.Content))[0]
			return a, ""
		}
		a.Kind, a.Media = AnswerJSON, media
		a.Schema, a.parent, a.key = r.Value.Content[media].Schema, at.Key("content").Key(media), "schema"
		a.target = a.parent.Key(a.key)
		if t, ok := refPathOf(a.Schema); ok {
			a.target = t
		}
		if env.None || env.Payload == "" {
			return a, ""
		}
		payload, parent, key := property(a.Schema, a.target, env.Payload)
		if payload == nil {
			return a, fmt.Sprintf("%s %s: x-apigen-envelope: the %s response has no %s; the whole body is the answer", o.Method, o.Path, code, env.Payload)
		}
		a.Schema, a.parent, a.key, a.Envelope = payload, parent, key, env.Payload
		a.target = parent.Key(key)
		if t, ok := refPathOf(payload); ok {
			a.target = t
		}
		return a, ""
	}
	return a, ""
}

// jsonMedia picks the JSON media type of a content map: application/json
// first, then any other JSON type, in order.
func jsonMedia(c openapi3.Content) string {
	if _, ok := c["application/json"]; ok {
		return "application/json"
	}
	for _, m := range slices.Sorted(maps.Keys(c)) {
		base, _, _ := strings.Cut(m, ";")
		if strings.HasSuffix(base, "+json") || strings.HasSuffix(base, "/json") {
			return m
		}
	}
	return ""
}

// property follows a dot path of property names through a schema and its
// allOf parts, returning the schema found, the JSONPath of the properties
// object holding it and its key there.
func property(ref *openapi3.SchemaRef, at jpath, path string) (*openapi3.SchemaRef, jpath, string) {
	var parent jpath
	keys := strings.Split(path, ".")
	for i, key := range keys {
		ref, parent = member(ref, at, key, 0)
		if ref == nil {
			return nil, "", ""
		}
		if at = parent.Key(key); i < len(keys)-1 {
			if t, ok := refPathOf(ref); ok {
				at = t
			}
		}
	}
	return ref, parent, keys[len(keys)-1]
}

// member finds the property key of a schema (or of one of its allOf
// parts) and the JSONPath of the properties object that holds it.
func member(ref *openapi3.SchemaRef, at jpath, key string, depth int) (*openapi3.SchemaRef, jpath) {
	if ref == nil || ref.Value == nil || depth > 8 {
		return nil, ""
	}
	if t, ok := refPathOf(ref); ok {
		at = t
	}
	if p := ref.Value.Properties[key]; p != nil {
		return p, at.Key("properties")
	}
	for i, part := range ref.Value.AllOf {
		if p, parent := member(part, at.Key("allOf").Index(i), key, depth+1); p != nil {
			return p, parent
		}
	}
	return nil, ""
}

// refPathOf is the JSONPath a $ref'd schema lives at.
func refPathOf(ref *openapi3.SchemaRef) (jpath, bool) {
	if ref == nil {
		return "", false
	}
	return refPath(ref.Ref)
}

// nameAnswers gives a Go name to every answer schema written inline (an
// object with properties or parts, or a list of such objects), so the
// method can return it: GetStatsResult, ListHitsItem. A name already set
// in the spec (x-go-type-name) is kept. An answer in a shared response
// (components.responses) is named after the response, not after whichever
// operation comes first, so an operation added to the spec renames
// nothing: NotFoundResult. The name is oapi-codegen's x-go-type-name,
// except where oapi-codegen would lose or repeat it: inside
// components.responses it declares the named type once per operation
// using the response, and its allOf merge drops the extension. There the
// schema moves to components.schemas under that name. taken holds the
// type names of the component schemas and responses, so a new name
// clashes with none.
func (api *API) nameAnswers(rec *recorder) {
	taken := map[string]bool{}
	if c := api.Doc.Components; c != nil {
		for name, s := range c.Schemas {
			taken[Exported(name)] = true
			if s != nil && s.Value != nil {
				if n, ok := s.Value.Extensions["x-go-name"].(string); ok {
					taken[n] = true
				}
			}
		}
		for name := range c.Responses {
			taken[Exported(name)] = true
		}
	}
	for _, o := range api.Operations {
		a := o.Answer
		if a.Kind != AnswerJSON || a.Schema == nil || a.Schema.Value == nil {
			continue
		}
		base := o.GoName
		if a.shared != "" {
			base = Exported(a.shared)
		}
		s, parent, key, suffix := a.Schema, a.parent, a.key, api.Names.ResultSuffix
		if s.Ref == "" && s.Value.Type.Is("array") && s.Value.Items != nil {
			s, parent, key, suffix = s.Value.Items, parent.Key(key), "items", api.Names.ItemSuffix
		}
		api.nameInline(s, parent, key, base+suffix, taken, rec)
		if p := o.Paging; p != nil && p.Item != nil && p.Item != s {
			api.nameInline(p.Item, p.list, "items", base+api.Names.ItemSuffix, taken, rec)
		}
	}
}

// nameInline names one inline object schema s, held by parent under key.
func (api *API) nameInline(s *openapi3.SchemaRef, parent jpath, key, want string, taken map[string]bool, rec *recorder) {
	if s.Ref != "" || s.Value == nil || !objectLike(s.Value) {
		return
	}
	if _, set := s.Value.Extensions["x-go-type-name"]; set {
		return
	}
	name := free(want, taken)
	at := parent.Key(key)
	var why string
	switch {
	case strings.HasPrefix(string(at), "$.components.responses"):
		why = fmt.Sprintf("an answer written inline in a shared response; it becomes schema %s", name)
	case len(s.Value.AllOf) > 0: // oapi-codegen's merge of the parts drops x-go-type-name
		why = fmt.Sprintf("an answer written inline as allOf; it becomes schema %s", name)
	default:
		setExt(&s.Value.Extensions, "x-go-type-name", name)
		rec.update(at, fmt.Sprintf("an answer written inline; Go type %s names it", name), map[string]any{"x-go-type-name": name})
		return
	}
	rec.update("$.components.schemas", why, map[string]any{name: schemaJSON(s)})
	rec.drop(at, why)
	s.Ref = "#/components/schemas/" + name
	if api.Doc.Components.Schemas == nil {
		api.Doc.Components.Schemas = openapi3.Schemas{}
	}
	api.Doc.Components.Schemas[name] = &openapi3.SchemaRef{Value: s.Value}
	rec.update(parent, why, map[string]any{key: map[string]any{"$ref": s.Ref}})
}

// objectLike: an inline schema oapi-codegen would print as an anonymous
// struct.
func objectLike(s *openapi3.Schema) bool {
	return len(s.Properties) > 0 || len(s.AllOf) > 0 || len(s.OneOf) > 0 || len(s.AnyOf) > 0
}
