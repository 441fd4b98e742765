package samples

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/pb33f/go-yaml"
)

// NoteExtension marks maintainers' notes in a spec or overlay (where a
// snapshot's facts came from, why it is shaped so). The decorated spec, and
// so the docs site, leaves every such member out: it is never published.
const NoteExtension = "x-apigen-note"

// writeJSON prints a YAML node as indented JSON, keeping key order (a
// map-based conversion would sort every object of the spec), without the
// members named NoteExtension. The nodes are libopenapi's
// (github.com/pb33f/go-yaml), so the samples print the tree libopenapi
// already parsed instead of parsing the spec again.
func writeJSON(b *bytes.Buffer, n *yaml.Node, indent string) error {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	inner := indent + "  "
	switch n.Kind {
	case yaml.MappingNode:
		if len(n.Content) == 0 {
			b.WriteString("{}")
			return nil
		}
		b.WriteString("{")
		first := true
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == NoteExtension {
				continue
			}
			if !first {
				b.WriteString(",")
			}
			first = false
			b.WriteString("\n" + inner)
			writeJSONString(b, n.Content[i].Value)
			b.WriteString(": ")
			if err := writeJSON(b, n.Content[i+1], inner); err != nil {
				return err
			}
		}
		if first {
			b.WriteString("}")
			return nil
		}
		b.WriteString("\n" + indent + "}")
	case yaml.SequenceNode:
		if len(n.Content) == 0 {
			b.WriteString("[]")
			return nil
		}
		b.WriteString("[")
		for i, c := range n.Content {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString("\n" + inner)
			if err := writeJSON(b, c, inner); err != nil {
				return err
			}
		}
		b.WriteString("\n" + indent + "]")
	case yaml.ScalarNode:
		writeScalar(b, n)
	default:
		return fmt.Errorf("line %d: unexpected YAML node kind %d", n.Line, n.Kind)
	}
	return nil
}

var jsonNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

func writeScalar(b *bytes.Buffer, n *yaml.Node) {
	switch n.ShortTag() {
	case "!!null":
		b.WriteString("null")
		return
	case "!!bool":
		if v, err := strconv.ParseBool(strings.ToLower(n.Value)); err == nil {
			b.WriteString(strconv.FormatBool(v))
			return
		}
	case "!!int", "!!float":
		if jsonNumber.MatchString(n.Value) {
			b.WriteString(n.Value)
			return
		}
		if i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil {
			b.WriteString(strconv.FormatInt(i, 10))
			return
		}
	}
	writeJSONString(b, n.Value) // strings, and numbers JSON cannot hold (.inf)
}

func writeJSONString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	b.Truncate(b.Len() - 1)
}
