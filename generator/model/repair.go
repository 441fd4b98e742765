package model

import (
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"

	"github.com/apigen-dev/apigen/generator/spectree"
)

// loadKin loads the document with kin-openapi, the loader oapi-codegen
// consumes. Real documents make that loader fail on shapes it cannot read
// (a parameter with both schema and content, a keyword of the wrong type,
// a $ref to nothing, links to components that do not exist) and it then
// refuses the whole document. When it does, repair those on the YAML tree,
// recording each repair as a fix-up, and load again; the repaired bytes are
// returned, for the stages that read the document after the model. A
// document kin loads as it is pays nothing for this, unless repair asks
// for the repairs anyway (libopenapi, which the samples read the document
// with, found a problem kin let pass, such as a $ref to a missing header).
func loadKin(spec []byte, repair bool, rec *recorder) (*openapi3.T, []byte, error) {
	load := func(b []byte) (*openapi3.T, error) {
		l := openapi3.NewLoader()
		l.IsExternalRefsAllowed = false // remote refs are an SSRF risk in third-party specs
		return l.LoadFromData(b)
	}
	doc, err := load(spec)
	if err == nil && !repair {
		return doc, nil, nil
	}
	var root yaml.Node
	if yaml.Unmarshal(spec, &root) != nil || len(root.Content) == 0 {
		return doc, nil, err
	}
	var fixes recorder
	repairNode(root.Content[0], "$", &fixes)
	repairKeywords(&root, &fixes)
	repairRefs(&root, &fixes)
	if len(fixes.list) == 0 {
		return doc, nil, err
	}
	repaired, merr := spectree.JSON(&root)
	if merr != nil {
		return nil, nil, err
	}
	doc, err2 := load(repaired)
	if err2 != nil {
		return nil, nil, fmt.Errorf("%w (and after %d repairs: %v)", err, len(fixes.list), err2)
	}
	rec.list = append(rec.list, fixes.list...)
	return doc, repaired, nil
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
