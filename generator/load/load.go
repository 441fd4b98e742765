// Package load is the first pipeline stage: spec bytes in, a validated
// OpenAPI 3 document out.
//
// Input: a file name (for messages) and its bytes, JSON or YAML, in Swagger
// 2.0, OpenAPI 3.0 or OpenAPI 3.1. Output: a Spec whose Bytes are always an
// OpenAPI 3.x document, so every later stage (overlays included) speaks one
// dialect. Swagger 2.0 is validated as 2.0 by libopenapi first, so mistakes
// point at lines of the file the user wrote, then upgraded with kin-openapi's
// openapi2conv, the converter oapi-codegen's own loader is built on.
package load

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/pb33f/go-yaml"
	"github.com/pb33f/libopenapi"
	yaml3 "go.yaml.in/yaml/v3"

	"github.com/apigen-dev/apigen/generator/ext"
	"github.com/apigen-dev/apigen/generator/spectree"
)

// Spec is a loaded specification.
type Spec struct {
	// Path names the file in messages and generated headers, as the user gave it.
	Path string
	// SHA256 is the hex digest of the original bytes, which generated files cite.
	SHA256 string
	// Version is the document's own version field: "2.0", "3.0.3", "3.1.0", ...
	Version string
	// Bytes is an OpenAPI 3.x document: the original bytes, or the JSON
	// upgrade of a Swagger 2.0 document.
	Bytes []byte
	// Problems are what libopenapi found wrong while building its model
	// (a dangling $ref in an unused link, say), with positions. They do not
	// stop generation; if a later stage fails, the first one is the likely
	// cause and is reported instead.
	Problems []*Error
	// Warnings are repairs load made, such as dropped duplicate keys.
	Warnings []string
	// Dangling counts the local $refs to nothing libopenapi found: not
	// problems (the model degrades what uses each, with a warning), but a
	// sign the model must repair the document even where kin-openapi, which
	// ignores some of them, loads it as it is.
	Dangling int
}

// Load parses and validates data. Errors name path and, where the parser
// knows it, the line and column. External references are refused.
func Load(path string, data []byte) (*Spec, error) {
	return LoadWith(path, data, Options{})
}

// LoadWith is Load with options, such as external references to follow.
func LoadWith(path string, data []byte, opts Options) (*Spec, error) {
	sum := sha256.Sum256(data)
	spec := &Spec{Path: path, SHA256: hex.EncodeToString(sum[:]), Bytes: yamlSafeJSON(data)}
	doc, err := Parse(path, spec.Bytes)
	if err != nil && strings.Contains(err.Error(), "already defined at line") {
		// libopenapi converts some documents to JSON first, which rejects
		// duplicate keys; repair them and parse again.
		var root yaml.Node
		if yaml.Unmarshal(spec.Bytes, &root) == nil {
			spec.Warnings = dropDuplicateKeys(path, &root)
			if spec.Bytes, err = yaml.Marshal(&root); err == nil {
				doc, err = Parse(path, spec.Bytes)
			}
		}
	}
	if err != nil {
		return nil, err
	}
	spec.Version = doc.GetVersion()
	info := doc.GetSpecInfo()
	bundled, err := bundleExternal(path, spec.Bytes, info.RootNode, opts)
	if err != nil {
		return nil, err
	}
	if len(bundled) != len(spec.Bytes) || string(bundled) != string(spec.Bytes) {
		spec.Bytes = bundled
		if doc, err = Parse(path, spec.Bytes); err != nil {
			return nil, err
		}
		info = doc.GetSpecInfo()
	}
	if info.RootNode != nil && info.SpecFileType != "json" {
		if spec.Warnings = dropDuplicateKeys(path, info.RootNode); len(spec.Warnings) > 0 {
			if spec.Bytes, err = yaml.Marshal(info.RootNode); err != nil {
				return nil, &Error{File: path, Msg: "rewrite without duplicate keys: " + err.Error()}
			}
			if doc, err = Parse(path, spec.Bytes); err != nil {
				return nil, err
			}
		}
	}
	if info.RootNode != nil {
		// apigen's own extensions are checked here, where their lines are
		// still those of the file the user edits.
		if err := ext.Walk(path, info.RootNode, ext.Root); err != nil {
			return nil, err
		}
	}
	if info.SpecType != "swagger" {
		_, dangling, err := buildV3(path, doc)
		spec.Problems, spec.Dangling = problems(err), dangling
		return spec, nil
	}
	// The upgrade repairs the 2.0 document's dangling references itself.
	spec.Problems = problems(buildV2(path, doc))
	var repairs []string
	if spec.Bytes, repairs, err = upgrade(path, spec.Bytes); err != nil {
		return nil, &Error{File: path, Msg: "upgrade Swagger 2.0 to OpenAPI 3: " + err.Error()}
	}
	spec.Warnings = append(spec.Warnings, repairs...)
	return spec, nil
}

// Upgrade converts a Swagger 2.0 document to OpenAPI 3.0 JSON exactly as
// LoadWith does, with the warnings of its repairs; for tools that compare
// apigen with another generator on the same input.
func Upgrade(path string, data []byte) ([]byte, []string, error) { return upgrade(path, data) }

// upgrade converts a Swagger 2.0 document to OpenAPI 3.0 JSON. A local
// $ref to nothing, which makes the converter refuse the whole document, is
// repaired first (the schema that uses it is free-form, a parameter or
// response using it is left out or untyped), with a warning at its line.
func upgrade(path string, data []byte) ([]byte, []string, error) {
	var v2 openapi2.T
	var root yaml3.Node
	if err := yaml3.Unmarshal(data, &root); err != nil {
		return nil, nil, err
	}
	warnings := repairDangling(path, &root)
	js, err := spectree.JSON(&root)
	if err != nil {
		return nil, nil, err
	}
	if js, err = dropPathExtensions(js); err != nil {
		return nil, nil, err
	}
	if err := json.Unmarshal(js, &v2); err != nil {
		// A keyword of the wrong type somewhere: find it, leave it out
		// and try once more.
		dropped := dropMistyped(path, &root)
		if len(dropped) == 0 {
			return nil, nil, err
		}
		warnings = append(warnings, dropped...)
		if js, err = spectree.JSON(&root); err != nil {
			return nil, nil, err
		}
		if js, err = dropPathExtensions(js); err != nil {
			return nil, nil, err
		}
		v2 = openapi2.T{}
		if err := json.Unmarshal(js, &v2); err != nil {
			return nil, nil, err
		}
	}
	v3, err := openapi2conv.ToV3(&v2)
	if err != nil {
		return nil, nil, err
	}
	out, err := json.MarshalIndent(v3, "", "  ")
	return []byte(v2Refs.Replace(string(out))), warnings, err
}

// v2Refs rewrites the Swagger 2.0 references the converter leaves in
// schemas nested under a response or parameter.
var v2Refs = strings.NewReplacer(
	`"$ref": "#/definitions/`, `"$ref": "#/components/schemas/`,
	`"$ref": "#/parameters/`, `"$ref": "#/components/parameters/`,
	`"$ref": "#/responses/`, `"$ref": "#/components/responses/`)

// repairDangling fixes what uses a local $ref to nothing in a Swagger 2.0
// tree and says so, at the line of each $ref.
func repairDangling(path string, root *yaml3.Node) []string {
	var warnings, drops = []string(nil), []spectree.Dangling(nil)
	for _, d := range spectree.FindDangling(root) {
		var ref *yaml3.Node
		for i := 0; i+1 < len(d.Node.Content); i += 2 {
			if d.Node.Content[i].Value == "$ref" {
				ref = d.Node.Content[i+1]
				d.Node.Content = append(d.Node.Content[:i], d.Node.Content[i+2:]...)
				break
			}
		}
		effect := "it is left out"
		switch d.Role {
		case spectree.Schema:
			effect = "any value is accepted here"
		case spectree.Response2:
			d.Node.Content = append(d.Node.Content, &yaml3.Node{Kind: yaml3.ScalarNode, Tag: "!!str", Value: "description"},
				&yaml3.Node{Kind: yaml3.ScalarNode, Tag: "!!str", Value: "a response of unknown shape"})
			effect = "the response's body is not typed"
		default:
			drops = append(drops, d)
		}
		e := &Error{File: path, Line: ref.Line, Col: ref.Column, Msg: fmt.Sprintf("$ref %q at %s %s; %s", d.Ref, d.At, d.Why, effect)}
		warnings = append(warnings, e.Error())
	}
	spectree.Drop(drops)
	return warnings
}

// Parse reads data into a libopenapi document without building a model.
// Remote and file references are not followed: a spec is a single file, and
// fetching what a third-party spec points at is an SSRF risk.
func Parse(path string, data []byte) (libopenapi.Document, error) {
	cfg, _ := newConfig()
	doc, err := libopenapi.NewDocumentWithConfiguration(data, cfg)
	if err != nil {
		return nil, Positioned(path, err)
	}
	return doc, nil
}

// dropPathExtensions removes x- keys from a Swagger 2.0 paths object: legal,
// but kin-openapi reads every key there as a path. They carry nothing a
// client needs.
func dropPathExtensions(js []byte) ([]byte, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(js, &doc); err != nil {
		return nil, err
	}
	var paths map[string]json.RawMessage
	if err := json.Unmarshal(doc["paths"], &paths); err != nil || paths == nil {
		return js, nil
	}
	changed := false
	for k := range paths {
		if strings.HasPrefix(k, "x-") {
			delete(paths, k)
			changed = true
		}
	}
	if !changed {
		return js, nil
	}
	raw, err := json.Marshal(paths)
	if err != nil {
		return nil, err
	}
	doc["paths"] = raw
	return json.Marshal(doc)
}

// problems turns a build error into the list of positioned problems.
func problems(err error) []*Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return []*Error{e}
	}
	return []*Error{{Msg: err.Error()}}
}
