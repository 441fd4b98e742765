package load

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	yaml3 "go.yaml.in/yaml/v3"

	"github.com/apigen-dev/apigen/generator/spectree"
)

// kin2Types maps the Swagger 2.0 objects kin-openapi decodes, by role, to a
// fresh value of the type it decodes them into.
var kin2Types = map[spectree.Role]func() any{
	spectree.PathItem:   func() any { return new(openapi2.PathItem) },
	spectree.Operation:  func() any { return new(openapi2.Operation) },
	spectree.Parameter2: func() any { return new(openapi2.Parameter) },
	spectree.Items2:     func() any { return new(openapi2.Schema) },
	spectree.Response2:  func() any { return new(openapi2.Response) },
	spectree.Header2:    func() any { return new(openapi2.Header) },
	spectree.Schema:     func() any { return new(openapi2.Schema) },
}

// dropMistyped removes from a Swagger 2.0 tree each keyword whose value is
// not of the type kin-openapi decodes it into (a parameter's items written
// as a list, a maximum as a word), which would make the upgrade refuse the
// whole document without saying where, and says so at its line. Objects
// are judged innermost first, so one bad keyword costs only itself.
func dropMistyped(path string, root *yaml3.Node) []string {
	type object struct {
		n    *yaml3.Node
		newT func() any
		at   spectree.Path
	}
	var objects []object
	spectree.Walk(root, func(n *yaml3.Node, role spectree.Role, at spectree.Path, _ *yaml3.Node, _ int) bool {
		if n.Kind == yaml3.MappingNode && kin2Types[role] != nil {
			objects = append(objects, object{n, kin2Types[role], at})
		}
		return role != spectree.Data && role != spectree.Other
	})
	var warnings []string
	for _, o := range slices.Backward(objects) {
		for i := 0; i+1 < len(o.n.Content); {
			k, v := o.n.Content[i], o.n.Content[i+1]
			if k.Value == "$ref" || strings.HasPrefix(k.Value, "x-") || decodes2(o.newT, k, v) {
				i += 2
				continue
			}
			e := &Error{File: path, Line: k.Line, Col: k.Column,
				Msg: fmt.Sprintf("%s at %s is not of the type Swagger 2.0 gives it; it is left out", k.Value, o.at)}
			warnings = append(warnings, e.Error())
			o.n.Content = slices.Delete(o.n.Content, i, i+2)
		}
	}
	return warnings
}

// decodes2 asks kin whether one keyword alone decodes.
func decodes2(newT func() any, k, v *yaml3.Node) bool {
	js, err := spectree.JSON(&yaml3.Node{Kind: yaml3.MappingNode, Tag: "!!map", Content: []*yaml3.Node{k, v}})
	return err == nil && json.Unmarshal(js, newT()) == nil
}
