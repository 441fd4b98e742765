package model

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// componentRef is a reference oapi-codegen can turn into a Go type name:
// one to a component schema itself.
var componentRef = regexp.MustCompile(`^#/components/schemas/[^/]+$`)

// hoistDeepRefs gives every schema that a $ref reaches inside something
// else (an operation's body, a property of another schema) a component of
// its own, and points the references there. JSON Schema allows such
// references; oapi-codegen only names components, and refuses the rest
// ("unexpected reference depth").
func hoistDeepRefs(doc *openapi3.T, rec *recorder) {
	sites := map[string][]*openapi3.SchemaRef{}
	at := map[*openapi3.SchemaRef]jpath{}
	walkSchemaSites(doc, func(ref *openapi3.SchemaRef, p jpath) {
		if strings.HasPrefix(ref.Ref, "#/") && !componentRef.MatchString(ref.Ref) {
			sites[ref.Ref] = append(sites[ref.Ref], ref)
			at[ref] = p
		}
	}, func(*openapi3.SchemaRef, jpath) {})
	if len(sites) == 0 {
		return
	}
	if doc.Components == nil {
		doc.Components = &openapi3.Components{}
	}
	if doc.Components.Schemas == nil {
		doc.Components.Schemas = openapi3.Schemas{}
	}
	used := map[string]bool{}
	for n := range doc.Components.Schemas {
		used[nameKey(n)] = true
	}
	for _, ref := range slices.Sorted(maps.Keys(sites)) {
		refs := sites[ref]
		name := freeComponentName(hoistName(ref), used)
		doc.Components.Schemas[name] = &openapi3.SchemaRef{Value: refs[0].Value}
		target := "#/components/schemas/" + name
		why := fmt.Sprintf("the schema at %s, which a $ref reaches, becomes component %s: oapi-codegen names only components", ref, name)
		rec.update(jpath("$.components.schemas"), why, map[string]any{name: schemaJSON(&openapi3.SchemaRef{Value: refs[0].Value})})
		for _, r := range refs {
			r.Ref = target
			rec.update(at[r], why, map[string]any{"$ref": target})
		}
		// Where it was written, it refers to the component too: one
		// schema, one Go type.
		value := refs[0].Value
		walkSchemaSites(doc, func(r *openapi3.SchemaRef, site jpath) {
			if r.Value == value && r.Ref == "" && site != jpath("$.components.schemas").Key(name) {
				r.Ref = target
				rec.update(site, why, map[string]any{"$ref": target})
			}
		}, func(*openapi3.SchemaRef, jpath) {})
	}
}

// hoistName derives a component name from a reference's path, leaving out
// the words of the document's structure.
func hoistName(ref string) string {
	var words []string
	for _, seg := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		seg = unescapeSegment(seg)
		switch seg {
		case "paths", "components", "schemas", "content", "schema", "properties", "responses", "requestBodies",
			"parameters", "requestBody", "application/json":
			continue
		case "items":
			seg = "item"
		}
		words = append(words, seg)
	}
	return Exported(strings.Join(words, " "))
}

func unescapeSegment(s string) string {
	return strings.NewReplacer("~1", "/", "~0", "~", "%7B", "{", "%7D", "}").Replace(s)
}
