package corpus

import (
	"os"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/apigen-dev/apigen/generator/spectree"
)

// Info is what a spec holds, counted from the file as written.
type Info struct {
	Version string // "2.0", "3.0.3", "3.1.0", ...
	// PathOps lists each path's operations, "METHOD /path".
	PathOps map[string][]string
	Ops     int
	Schemas int // component schemas (definitions in Swagger 2.0)
}

// Describe counts spec's operations and schemas.
func Describe(spec string) (Info, error) {
	data, err := os.ReadFile(spec)
	if err != nil {
		return Info{}, err
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return Info{}, err
	}
	info := Info{PathOps: map[string][]string{}}
	doc := &root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		doc = doc.Content[0]
	}
	if v := spectree.Member(doc, "openapi"); v != nil {
		info.Version = v.Value
	} else if v := spectree.Member(doc, "swagger"); v != nil {
		info.Version = v.Value
	}
	if paths := spectree.Member(doc, "paths"); paths != nil {
		for i := 0; i+1 < len(paths.Content); i += 2 {
			p, item := paths.Content[i].Value, paths.Content[i+1]
			for j := 0; j+1 < len(item.Content); j += 2 {
				if m := item.Content[j].Value; methods[m] {
					info.PathOps[p] = append(info.PathOps[p], strings.ToUpper(m)+" "+p)
					info.Ops++
				}
			}
		}
	}
	schemas := spectree.Member(spectree.Member(doc, "components"), "schemas")
	if schemas == nil {
		schemas = spectree.Member(doc, "definitions")
	}
	if schemas != nil {
		info.Schemas = len(schemas.Content) / 2
	}
	return info, nil
}
