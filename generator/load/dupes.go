package load

import (
	"fmt"

	"github.com/pb33f/go-yaml"
)

// dropDuplicateKeys removes all but the last occurrence of each key in every
// mapping under n, and says where. YAML forbids duplicate keys but real specs
// have them (Stripe's, at one time); libopenapi reads such a file, while the
// loader oapi-codegen uses rejects it. The last value wins, as in every JSON
// parser, and the warning names both lines.
func dropDuplicateKeys(file string, n *yaml.Node) []string {
	var warnings []string
	var walk func(*yaml.Node)
	walk = func(n *yaml.Node) {
		if n == nil {
			return
		}
		if n.Kind == yaml.MappingNode {
			last := map[string]int{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				last[n.Content[i].Value] = i
			}
			kept := n.Content[:0]
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				if j := last[k.Value]; j != i {
					warnings = append(warnings, fmt.Sprintf("%s:%d:%d: duplicate key %q: the value at line %d is used",
						file, k.Line, k.Column, k.Value, n.Content[j].Line))
					continue
				}
				kept = append(kept, n.Content[i], n.Content[i+1])
			}
			n.Content = kept
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(n)
	return warnings
}
