package model

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
)

// oapi-codegen prints some of the spec's text inside Go string literals
// and struct tags (parameter names and styles, formats, property names,
// enum values, status codes), and refuses a document whose text would
// break out of them, or prints a file that does not parse when its own
// check misses a character (a backslash in a format). And encoding/json
// ignores a tag name it cannot hold, and go vet refuses two fields with one
// JSON name. sanitize
// repairs what a slip explains (whitespace around a name, "2xx" for 2XX)
// and leaves out the smallest part that holds what cannot be printed: the
// property, the parameter, the header, or the operation when a required
// parameter or its path cannot be.

// unprintable reports a character oapi-codegen cannot print in a Go
// string literal or struct tag.
func unprintable(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return r == '"' || r == '`' || r == '\\' || unicode.IsControl(r)
	})
}

// untaggable reports a name a JSON struct tag cannot hold: a comma ends
// the name, and encoding/json ignores a name with a character other than a
// letter, a digit, a space or the punctuation it allows (it would then
// decode the field by its Go name, silently).
func untaggable(s string) bool {
	return unprintable(s) || s == "" || strings.ContainsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(tagPunct, r)
	})
}

// tagPunct is the punctuation encoding/json allows in a field name.
const tagPunct = "!#$%&()*+-./:;<=>?@[]^_{|}~ "

var (
	responseKey = regexp.MustCompile(`^(default|[1-5]XX|[1-9][0-9][0-9])$`)
	styles      = map[string]bool{"": true, "matrix": true, "label": true, "form": true, "simple": true,
		"spaceDelimited": true, "pipeDelimited": true, "deepObject": true}
	// formatName is what a format looks like; anything else (a regular
	// expression, a sentence) is not one.
	formatName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._+:/ -]*$`)
)

func sanitize(doc *openapi3.T, rec *recorder) {
	for _, p := range slices.Sorted(maps.Keys(doc.Paths.Map())) {
		if unprintable(p) {
			doc.Paths.Delete(p)
			rec.remove(jpath("$.paths").Key(p), fmt.Sprintf("path %q has characters a Go string cannot hold as written; its operations are left out", p))
		}
	}
	forEachOperation(doc, func(path, method string, item *openapi3.PathItem, op *openapi3.Operation) {
		at := jpath("$.paths").Key(path)
		if op == nil {
			item.Parameters, _ = sanitizeParams(item.Parameters, at, rec)
			return
		}
		at = at.Key(strings.ToLower(method))
		var ok bool
		if op.Parameters, ok = sanitizeParams(op.Parameters, at, rec); !ok {
			item.SetOperation(method, nil)
			rec.remove(at, "a required parameter cannot be printed in Go; the operation is left out")
			return
		}
		if v := repeatedVar(path); v != "" {
			item.SetOperation(method, nil)
			rec.remove(at, fmt.Sprintf("the path uses {%s} twice, which one parameter cannot fill; the operation is left out", v))
			return
		}
		sharedNames(item, op, at, rec)
		if op.Responses != nil {
			sanitizeResponses(op.Responses, at.Key("responses"), rec)
		}
		if op.RequestBody != nil && op.RequestBody.Value != nil && op.RequestBody.Ref == "" {
			sanitizeContent(op.RequestBody.Value.Content, at.Key("requestBody"), rec)
		}
	})
	walkSchemas(doc, func(ref *openapi3.SchemaRef, at jpath) { sanitizeSchema(ref, at, rec) })
}

// trimName drops what a slip leaves around a name: whitespace, and quotes
// left over from the text it was copied out of (optionType").
func trimName(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '"' || r == '\'' || r == '`' })
}

// sanitizeParams trims whitespace around names and drops parameters whose
// name or style cannot be printed; false when a required one had to go.
func sanitizeParams(ps openapi3.Parameters, at jpath, rec *recorder) (openapi3.Parameters, bool) {
	ok := true
	kept := ps[:0]
	for i, p := range ps {
		if p == nil || p.Value == nil {
			kept = append(kept, p)
			continue
		}
		pat := at.Key("parameters").Index(i)
		if t, isRef := refPath(p.Ref); isRef {
			pat = t
		}
		v := p.Value
		if trimmed := trimName(v.Name); trimmed != v.Name && trimmed != "" && !unprintable(trimmed) {
			rec.loosen(pat, fmt.Sprintf("parameter name %q has whitespace or quotes around it; %q is sent", v.Name, trimmed), map[string]any{"name": trimmed})
			v.Name = trimmed
		}
		if !styles[v.Style] {
			rec.remove(pat.Key("style"), fmt.Sprintf("style %q is not an OpenAPI style; the default is used", v.Style))
			v.Style = ""
		}
		if unprintable(v.Name) || v.Name == "" {
			if v.Required || v.In == "path" {
				ok = false
			}
			rec.remove(pat, fmt.Sprintf("parameter name %q has characters a Go string cannot hold; the parameter is left out", v.Name))
			continue
		}
		kept = append(kept, p)
	}
	return kept, ok
}

// sharedNames leaves out all but the first of the query, header and
// cookie parameters that share a name: they become fields of one struct
// whose JSON tags go vet requires to differ. The first usually says it
// all (a version sent in a header or, equally, in the query).
func sharedNames(item *openapi3.PathItem, op *openapi3.Operation, at jpath, rec *recorder) {
	seen := map[string]string{}
	for _, p := range item.Parameters {
		if p != nil && p.Value != nil && p.Value.In != "path" && !overridden(op, p.Value) {
			seen[p.Value.Name] = p.Value.In
		}
	}
	kept := op.Parameters[:0]
	for i, p := range op.Parameters {
		if p == nil || p.Value == nil || p.Value.In == "path" {
			kept = append(kept, p)
			continue
		}
		if in, dup := seen[p.Value.Name]; dup && in != p.Value.In {
			rec.remove(at.Key("parameters").Index(i), fmt.Sprintf("%s parameter %s has the name of a %s parameter, which the request's one struct cannot hold twice; the %s one is sent",
				p.Value.In, p.Value.Name, in, in))
			continue
		}
		seen[p.Value.Name] = p.Value.In
		kept = append(kept, p)
	}
	op.Parameters = kept
}

// overridden reports whether op declares the path-level parameter p itself.
func overridden(op *openapi3.Operation, p *openapi3.Parameter) bool {
	return slices.ContainsFunc(op.Parameters, func(q *openapi3.ParameterRef) bool {
		return q != nil && q.Value != nil && q.Value.Name == p.Name && q.Value.In == p.In
	})
}

// repeatedVar is a path template variable used twice, or "".
func repeatedVar(path string) string {
	seen := map[string]bool{}
	for _, m := range templateVar.FindAllStringSubmatch(path, -1) {
		if seen[m[1]] {
			return m[1]
		}
		seen[m[1]] = true
	}
	return ""
}

// sanitizeResponses spells status codes as oapi-codegen needs them and
// drops what cannot be printed.
func sanitizeResponses(rs *openapi3.Responses, at jpath, rec *recorder) {
	for _, code := range slices.Sorted(maps.Keys(rs.Map())) {
		r := rs.Value(code)
		fixed := strings.ToUpper(strings.TrimSpace(code))
		if fixed == "DEFAULT" {
			fixed = "default"
		}
		if fixed != code {
			rs.Delete(code)
			if responseKey.MatchString(fixed) && rs.Value(fixed) == nil {
				rs.Set(fixed, r)
				why := fmt.Sprintf("status %q is written %q", code, fixed)
				rec.drop(at.Key(code), why)
				rec.update(at, why, map[string]any{fixed: asJSON(r)})
				code = fixed
			} else {
				rec.remove(at.Key(code), fmt.Sprintf("%q is not a status code; the response is left out", code))
				continue
			}
		} else if !responseKey.MatchString(code) {
			rs.Delete(code)
			rec.remove(at.Key(code), fmt.Sprintf("%q is not a status code; the response is left out", code))
			continue
		}
		if r == nil || r.Value == nil || r.Ref != "" {
			continue
		}
		rat := at.Key(code)
		for _, h := range slices.Sorted(maps.Keys(r.Value.Headers)) {
			if unprintable(h) {
				delete(r.Value.Headers, h)
				rec.remove(rat.Key("headers").Key(h), fmt.Sprintf("header name %q has characters a Go string cannot hold; it is left out", h))
			}
		}
		sanitizeContent(r.Value.Content, rat, rec)
	}
}

func sanitizeContent(c openapi3.Content, at jpath, rec *recorder) {
	for _, mt := range slices.Sorted(maps.Keys(c)) {
		if strings.ContainsFunc(mt, unicode.IsControl) {
			delete(c, mt)
			rec.remove(at.Key("content").Key(mt), fmt.Sprintf("media type %q has control characters; it is left out", mt))
		}
	}
}

// sanitizeSchema fixes one schema's printed text.
func sanitizeSchema(ref *openapi3.SchemaRef, at jpath, rec *recorder) {
	s := ref.Value
	for _, k := range slices.Sorted(maps.Keys(s.Properties)) {
		trimmed := trimName(k)
		switch {
		case !untaggable(k):
			continue
		case trimmed != k && !untaggable(trimmed) && s.Properties[trimmed] == nil:
			s.Properties[trimmed] = s.Properties[k]
			rec.drop(at.Key("properties").Key(k), fmt.Sprintf("property name %q has whitespace or quotes around it; it is %q", k, trimmed))
			rec.loosen(at.Key("properties"), fmt.Sprintf("property name %q has whitespace or quotes around it; it is %q", k, trimmed),
				map[string]any{trimmed: schemaJSON(s.Properties[k])})
			s.Required = replace(s.Required, k, trimmed)
		default:
			rec.remove(at.Key("properties").Key(k), fmt.Sprintf("property name %q cannot be a Go struct tag (encoding/json needs a name without quotes, backslashes, commas or control characters); the property is left out", k))
			s.Required = slices.DeleteFunc(s.Required, func(r string) bool { return r == k })
		}
		delete(s.Properties, k)
	}
	if slices.ContainsFunc(s.Enum, func(v any) bool { str, ok := v.(string); return ok && strings.ContainsFunc(str, unicode.IsControl) }) {
		s.Enum = nil
		rec.remove(at.Key("enum"), "an enum value has control characters, which a Go constant cannot be named after; any value is allowed")
	}
	if s.Format != "" && !formatName.MatchString(s.Format) {
		why := fmt.Sprintf("format %q is not a format name; it is left out", s.Format)
		if s.Pattern == "" && strings.ContainsAny(s.Format, `^$\[]()*+?`) {
			s.Pattern = s.Format
			why = fmt.Sprintf("format %q is a pattern; it moves there", s.Format)
			rec.update(at, why, map[string]any{"pattern": s.Format})
		}
		s.Format = ""
		rec.remove(at.Key("format"), why)
	}
	if d := s.Discriminator; d != nil && (unprintable(d.PropertyName) || slices.ContainsFunc(slices.Collect(maps.Keys(d.Mapping)), unprintable)) {
		s.Discriminator = nil
		rec.remove(at.Key("discriminator"), "the discriminator has characters a Go string cannot hold; the union is decoded by trying each member")
	}
	for _, g := range []struct {
		name string
		list *openapi3.SchemaRefs
	}{{"oneOf", &s.OneOf}, {"anyOf", &s.AnyOf}, {"allOf", &s.AllOf}} {
		if *g.list != nil && len(*g.list) == 0 {
			*g.list = nil
			rec.drop(at.Key(g.name), g.name+" lists no schemas")
		}
		// A union naming one schema twice would get its methods twice.
		seen := map[string]bool{}
		for i := len(*g.list) - 1; i >= 0; i-- {
			if r := (*g.list)[i]; r != nil && r.Ref != "" {
				if seen[r.Ref] || slices.ContainsFunc((*g.list)[:i], func(o *openapi3.SchemaRef) bool { return o != nil && o.Ref == r.Ref }) {
					*g.list = slices.Delete(*g.list, i, i+1)
					rec.drop(at.Key(g.name).Index(i), fmt.Sprintf("%s names %s twice", g.name, r.Ref))
				}
				seen[r.Ref] = true
			}
		}
	}
	for _, exts := range []map[string]any{ref.Extensions, ref.Value.Extensions} {
		for _, ext := range []string{"x-go-name", "x-go-type-name", "x-go-type", "x-go-type-import"} {
			if v, ok := exts[ext]; ok && !goExtensionOK(ext, v, exts) {
				delete(exts, ext)
				rec.remove(at.Key(ext), fmt.Sprintf("%s %v is not usable Go in an apigen client; it is left out", ext, v))
			}
		}
	}
}

// goExtensionOK checks the x-go-* extensions a third-party spec may carry:
// names must be identifiers; a type must be built in, or from a standard
// library package its x-go-type-import names (json.Number from
// encoding/json): a module path would make the client depend on code
// apigen cannot see.
func goExtensionOK(ext string, v any, exts map[string]any) bool {
	s, _ := v.(string)
	switch ext {
	case "x-go-name", "x-go-type-name":
		return isIdent(s)
	case "x-go-type":
		if builtinType.MatchString(s) {
			return true
		}
		m := qualifiedType.FindStringSubmatch(s)
		return m != nil && stdImport(exts["x-go-type-import"]) == m[1]
	case "x-go-type-import":
		return stdImport(v) != ""
	}
	return false
}

var (
	builtinType   = regexp.MustCompile(`^(\*|\[\])*(any|bool|string|byte|rune|u?int(8|16|32|64)?|float(32|64)|interface\{\}|json\.RawMessage|time\.Time)$`)
	qualifiedType = regexp.MustCompile(`^(?:\*|\[\])*([a-z][a-z0-9]*)\.[A-Z][A-Za-z0-9_]*$`)
	stdPath       = regexp.MustCompile(`^[a-z][a-z0-9]*(/[a-z][a-z0-9]*)*$`) // no dot: not a module
)

// stdImport is the name an x-go-type-import of a standard library package
// is used by, or "" when it is not one.
func stdImport(v any) string {
	m, _ := v.(map[string]any)
	path, _ := m["path"].(string)
	if !stdPath.MatchString(path) {
		return ""
	}
	if name, ok := m["name"].(string); ok && name != "" {
		if !isIdent(name) {
			return ""
		}
		return name
	}
	return path[strings.LastIndex(path, "/")+1:]
}

func replace(list []string, old, new string) []string {
	for i, v := range list {
		if v == old {
			list[i] = new
		}
	}
	return list
}
