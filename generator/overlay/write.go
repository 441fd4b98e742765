package overlay

import (
	"bytes"

	"go.yaml.in/yaml/v3"
)

// Action is one action of an overlay apigen writes.
type Action struct {
	Target      string `yaml:"target"`
	Description string `yaml:"description,omitempty"`
	Update      any    `yaml:"update,omitempty"`
	Remove      bool   `yaml:"remove,omitempty"`
}

// Write renders an Overlay 1.0 document, the one shape every overlay apigen
// writes has (the fix-ups beside a package, the code samples for a docs
// site): header first (comment lines, each ending in a newline), then
// overlay, info and actions in the specification's order, indented by two.
func Write(header, title string, actions []Action) ([]byte, error) {
	type info struct {
		Title   string `yaml:"title"`
		Version string `yaml:"version"`
	}
	doc := struct {
		Overlay string   `yaml:"overlay"`
		Info    info     `yaml:"info"`
		Actions []Action `yaml:"actions"`
	}{Overlay: "1.0.0", Info: info{Title: title, Version: "1.0.0"}, Actions: actions}
	var b bytes.Buffer
	b.WriteString(header)
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
