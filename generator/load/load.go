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
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/oasdiff/yaml"
	"github.com/pb33f/libopenapi"
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
}

// Upgraded reports whether the original was Swagger 2.0.
func (s *Spec) Upgraded() bool { return s.Version == "2.0" }

// Load parses and validates data. Errors name path and, where the parser
// knows it, the line and column.
func Load(path string, data []byte) (*Spec, error) {
	sum := sha256.Sum256(data)
	spec := &Spec{Path: path, SHA256: hex.EncodeToString(sum[:]), Bytes: data}
	doc, err := Parse(path, data)
	if err != nil {
		return nil, err
	}
	spec.Version = doc.GetVersion()
	info := doc.GetSpecInfo()
	if info.SpecType != "swagger" {
		if _, err := BuildV3(path, doc); err != nil {
			return nil, err
		}
		return spec, nil
	}
	if err := buildV2(path, doc); err != nil {
		return nil, err
	}
	if spec.Bytes, err = upgrade(data); err != nil {
		return nil, fmt.Errorf("%s: upgrade Swagger 2.0 to OpenAPI 3: %w", path, err)
	}
	return spec, nil
}

// upgrade converts a Swagger 2.0 document to OpenAPI 3.0 JSON.
func upgrade(data []byte) ([]byte, error) {
	var v2 openapi2.T
	// oasdiff/yaml reads YAML or JSON into kin-openapi's JSON-tagged types,
	// as kin-openapi's own loader does.
	js, err := yaml.YAMLToJSON(data)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(js, &v2); err != nil {
		return nil, err
	}
	v3, err := openapi2conv.ToV3(&v2)
	if err != nil {
		return nil, err
	}
	if err := v3.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("upgraded document is invalid: %w", err)
	}
	return json.MarshalIndent(v3, "", "  ")
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
