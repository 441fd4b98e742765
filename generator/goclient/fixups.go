package goclient

import (
	"bytes"
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/apigen-dev/apigen/generator/model"
	"github.com/apigen-dev/apigen/generator/output"
)

// overlayDoc is an Overlay 1.0 document, fields in the spec's order.
type overlayDoc struct {
	Overlay string          `yaml:"overlay"`
	Info    overlayInfo     `yaml:"info"`
	Actions []overlayAction `yaml:"actions"`
}

type overlayInfo struct {
	Title   string `yaml:"title"`
	Version string `yaml:"version"`
}

type overlayAction struct {
	Target      string         `yaml:"target"`
	Description string         `yaml:"description"`
	Update      map[string]any `yaml:"update,omitempty"`
	Remove      bool           `yaml:"remove,omitempty"`
}

// fixupsFile writes the model's fix-ups as an overlay beside the package, so
// every change apigen made to the spec to keep oapi-codegen's output
// compiling is in the diff a reviewer reads. No fix-ups, no file.
func fixupsFile(api *model.API) (*output.File, error) {
	if len(api.Fixups) == 0 {
		return nil, nil
	}
	doc := overlayDoc{Overlay: "1.0.0", Info: overlayInfo{Title: "apigen fix-ups for " + api.SpecPath, Version: "1.0.0"}}
	for _, f := range api.Fixups {
		doc.Actions = append(doc.Actions, overlayAction{Target: f.Target, Description: f.Why, Update: f.Update, Remove: f.Remove})
	}
	var b bytes.Buffer
	b.WriteString(output.Header("#", api.SpecPath, api.SpecSHA256))
	b.WriteString("# The changes apigen made to the overlaid spec before oapi-codegen, as an overlay.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("fix-ups: %w", err)
	}
	return &output.File{Path: "fixups.overlay.yaml", Data: b.Bytes()}, nil
}
