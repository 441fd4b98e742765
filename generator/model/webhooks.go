package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Webhooks (OpenAPI 3.1) and callbacks are requests the API makes to its
// users, which a client never makes. A receiver still decodes their
// payloads, so each JSON payload schema becomes a component schema (a
// Go type); the webhooks and callbacks themselves leave the document
// oapi-codegen sees, so nothing about them can break the client.

// fixWebhooks moves webhook and callback payloads into components and
// returns the names of the component schemas the payloads are.
func fixWebhooks(doc *openapi3.T, rec *recorder) []string {
	var roots []string
	used := map[string]bool{}
	if doc.Components != nil {
		for n := range doc.Components.Schemas {
			used[nameKey(n)] = true
		}
	}
	payloads := func(item *openapi3.PathItem, base string) {
		ops := item.Operations()
		for _, m := range slices.Sorted(maps.Keys(ops)) {
			name := base
			if len(ops) > 1 {
				name += " " + strings.ToLower(m)
			}
			if root := payload(doc, ops[m], Exported(name), used, rec); root != "" {
				roots = append(roots, root)
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(doc.Webhooks)) {
		if item := doc.Webhooks[name]; item != nil {
			payloads(item, name+" webhook")
		}
	}
	if len(doc.Webhooks) > 0 {
		doc.Webhooks = nil
		rec.drop("$.webhooks", "webhooks are requests the API sends; their payloads are component schemas, and a client has no methods for them")
	}
	forEachOperation(doc, func(path, method string, _ *openapi3.PathItem, op *openapi3.Operation) {
		if op == nil || len(op.Callbacks) == 0 {
			return
		}
		for _, cb := range slices.Sorted(maps.Keys(op.Callbacks)) {
			ref := op.Callbacks[cb]
			if ref == nil || ref.Value == nil {
				continue
			}
			items := ref.Value.Map()
			for _, expr := range slices.Sorted(maps.Keys(items)) {
				name := cb + " callback"
				if len(items) > 1 {
					name += " " + expr
				}
				payloads(items[expr], name)
			}
		}
		op.Callbacks = nil
		rec.drop(jpath("$.paths").Key(path).Key(strings.ToLower(method)).Key("callbacks"),
			"callbacks are requests the API sends; their payloads are component schemas, and a client has no methods for them")
	})
	if doc.Components != nil && len(doc.Components.Callbacks) > 0 {
		doc.Components.Callbacks = nil
		rec.drop("$.components.callbacks", "callbacks are requests the API sends, which a client does not make")
	}
	return roots
}

// payload makes the JSON request body of one webhook or callback
// operation a component schema, named name unless it is one already.
func payload(doc *openapi3.T, op *openapi3.Operation, name string, used map[string]bool, rec *recorder) string {
	if op == nil || op.RequestBody == nil || op.RequestBody.Value == nil {
		return ""
	}
	content := op.RequestBody.Value.Content
	var media *openapi3.MediaType
	for _, k := range slices.Sorted(maps.Keys(content)) {
		if media == nil || strings.Contains(k, "json") && content[k] != nil {
			media = content[k]
		}
	}
	if media == nil || media.Schema == nil || media.Schema.Value == nil {
		return ""
	}
	if componentRef.MatchString(media.Schema.Ref) {
		return strings.TrimPrefix(media.Schema.Ref, "#/components/schemas/")
	}
	if doc.Components == nil {
		doc.Components = &openapi3.Components{}
	}
	if doc.Components.Schemas == nil {
		doc.Components.Schemas = openapi3.Schemas{}
	}
	name = freeComponentName(name, used)
	doc.Components.Schemas[name] = &openapi3.SchemaRef{Value: media.Schema.Value}
	rec.update("$.components.schemas", fmt.Sprintf("the payload of a webhook or callback is component %s, so a receiver has a type for it", name),
		map[string]any{name: schemaJSON(media.Schema)})
	return name
}

var refIn = regexp.MustCompile(`"\$ref":"#/components/(schemas|parameters|requestBodies|responses|headers|examples|links|callbacks)/((?:[^"\\]|\\.)+)"`)

// prune drops the components nothing in the paths (or the payload schemas
// in roots) reaches, as oapi-codegen's own pruning would, but seeing the
// webhook payloads as used.
func prune(doc *openapi3.T, roots []string) {
	c := doc.Components
	if c == nil {
		return
	}
	type key struct{ kind, name string }
	reached := map[key]bool{}
	var queue []key
	scan := func(v any) {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false) // names hold < and > ("232967.<nil>.string")
		if enc.Encode(v) != nil {
			return
		}
		for _, m := range refIn.FindAllSubmatch(buf.Bytes(), -1) {
			var name string
			if json.Unmarshal(append(append([]byte{'"'}, m[2]...), '"'), &name) != nil {
				continue
			}
			k := key{string(m[1]), unescapeSegment(name)}
			if !reached[k] {
				reached[k] = true
				queue = append(queue, k)
			}
		}
	}
	scan(doc.Paths)
	for _, r := range roots {
		if k := (key{"schemas", r}); !reached[k] {
			reached[k] = true
			queue = append(queue, k)
		}
	}
	for len(queue) > 0 {
		k := queue[0]
		queue = queue[1:]
		scan(component(c, k.kind, k.name))
	}
	pruneMap(c.Schemas, func(n string) bool { return reached[key{"schemas", n}] })
	pruneMap(c.Parameters, func(n string) bool { return reached[key{"parameters", n}] })
	pruneMap(c.RequestBodies, func(n string) bool { return reached[key{"requestBodies", n}] })
	pruneMap(c.Responses, func(n string) bool { return reached[key{"responses", n}] })
	pruneMap(c.Headers, func(n string) bool { return reached[key{"headers", n}] })
	pruneMap(c.Examples, func(n string) bool { return reached[key{"examples", n}] })
	pruneMap(c.Links, func(n string) bool { return reached[key{"links", n}] })
}

func pruneMap[V any](m map[string]V, keep func(string) bool) {
	for n := range m {
		if !keep(n) {
			delete(m, n)
		}
	}
}

// component is one component, for scanning its references: the reference
// itself when it is one (an alias of another component keeps that one).
func component(c *openapi3.Components, kind, name string) any {
	switch kind {
	case "schemas":
		if r := c.Schemas[name]; r != nil {
			return r
		}
	case "parameters":
		if r := c.Parameters[name]; r != nil {
			return r
		}
	case "requestBodies":
		if r := c.RequestBodies[name]; r != nil {
			return r
		}
	case "responses":
		if r := c.Responses[name]; r != nil {
			return r
		}
	case "headers":
		if r := c.Headers[name]; r != nil {
			return r
		}
	case "links":
		if r := c.Links[name]; r != nil {
			return r
		}
	}
	return nil
}
