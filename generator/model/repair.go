package model

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"
)

// loadKin loads the document with kin-openapi, the loader oapi-codegen
// consumes. Some legal or near-legal shapes make that loader itself fail
// (a parameter with both schema and content; links to components that do
// not exist); when it does, repair those on the YAML tree, recording each
// repair as a fix-up, and load again. A document kin loads as it is pays
// nothing for this.
func loadKin(spec []byte, rec *recorder) (*openapi3.T, error) {
	load := func(b []byte) (*openapi3.T, error) {
		l := openapi3.NewLoader()
		l.IsExternalRefsAllowed = false // remote refs are an SSRF risk in third-party specs
		return l.LoadFromData(b)
	}
	doc, err := load(spec)
	if err == nil {
		return doc, nil
	}
	var root yaml.Node
	if yaml.Unmarshal(spec, &root) != nil || len(root.Content) == 0 {
		return nil, err
	}
	var fixes recorder
	repairNode(root.Content[0], "$", &fixes)
	if len(fixes.list) == 0 {
		return nil, err
	}
	repaired, merr := yaml.Marshal(&root)
	if merr != nil {
		return nil, err
	}
	doc, err2 := load(repaired)
	if err2 != nil {
		return nil, err // the original complaint is the one to fix first
	}
	rec.list = append(rec.list, fixes.list...)
	return doc, nil
}

// repairNode walks the tree: a parameter (a mapping with "in") carrying
// both schema and content keeps its schema; links, which a client never
// uses, are dropped (kin fails on a dangling link reference).
func repairNode(n *yaml.Node, at jpath, rec *recorder) {
	switch n.Kind {
	case yaml.MappingNode:
		keys := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			keys[n.Content[i].Value] = i
		}
		_, hasSchema := keys["schema"]
		_, isSchema := keys["properties"]
		drop := map[int]string{}
		// Only a parameter or header can have both (and may not): media
		// types have no content, responses no schema.
		if c, ok := keys["content"]; ok && hasSchema {
			drop[c] = "a parameter or header with both schema and content keeps its schema"
		}
		if l, ok := keys["links"]; ok && !isSchema && !strings.HasSuffix(string(at), "properties") && n.Content[l+1].Kind == yaml.MappingNode {
			drop[l] = "links are not used by a client, and kin-openapi rejects dangling ones"
		}
		kept := n.Content[:0]
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if why, ok := drop[i]; ok {
				rec.remove(at.Key(k.Value), why)
				continue
			}
			if strings.HasSuffix(string(at), "responses") {
				wrapSchemaRef(v, at, k.Value, rec)
			}
			repairNode(v, at.Key(k.Value), rec)
			kept = append(kept, k, v)
		}
		n.Content = kept
	case yaml.SequenceNode:
		for i, c := range n.Content {
			repairNode(c, at.Index(i), rec)
		}
	}
}

// wrapSchemaRef turns a response that is only a $ref to a schema (a common
// slip; a response must be a response object) into a response whose JSON
// content is that schema.
func wrapSchemaRef(n *yaml.Node, responses jpath, code string, rec *recorder) {
	if n.Kind != yaml.MappingNode || len(n.Content) != 2 || n.Content[0].Value != "$ref" ||
		!strings.HasPrefix(n.Content[1].Value, "#/components/schemas/") {
		return
	}
	resp := map[string]any{
		"description": "Response",
		"content":     map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": n.Content[1].Value}}},
	}
	var repl yaml.Node
	_ = repl.Encode(resp)
	*n = repl
	// An overlay update merges, so the replacement is a removal and an addition.
	why := "a response that is a $ref to a schema becomes a response with that JSON schema"
	rec.remove(responses.Key(code), why)
	rec.update(responses, why, map[string]any{code: resp})
}
