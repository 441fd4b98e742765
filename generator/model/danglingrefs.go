package model

import (
	"fmt"
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/apigen-dev/apigen/generator/spectree"
)

// repairRefs degrades what uses a local $ref to nothing: a schema becomes
// free-form, a response one of unknown shape, and a parameter, header,
// request body, example, link or callback is left out. kin-openapi
// refuses a whole document for one such reference.
func repairRefs(doc *yaml.Node, rec *recorder) {
	var drops []spectree.Dangling
	for _, d := range spectree.FindDangling(doc) {
		why := fmt.Sprintf("$ref %q %s", d.Ref, d.Why)
		i := keyIndex(d.Node, "$ref")
		switch {
		case d.Role == spectree.Schema:
			d.Node.Content = slices.Delete(d.Node.Content, i, i+2)
			rec.remove(d.At.Key("$ref"), why+"; any value is accepted here")
		case d.Role == spectree.Response || d.Role == spectree.Response2:
			d.Node.Content = []*yaml.Node{scalar("!!str", "description"), scalar("!!str", "a response of unknown shape")}
			rec.remove(d.At.Key("$ref"), why+"; the response's body is not typed")
		case d.Parent != nil:
			drops = append(drops, d)
			rec.remove(d.At, why+"; it is left out")
		}
	}
	spectree.Drop(drops)
}
