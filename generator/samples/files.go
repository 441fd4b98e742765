package samples

import (
	"bytes"
	"fmt"
	"html"
	"slices"
	"strings"
	"sync"
	"text/template"

	"github.com/pb33f/go-yaml"
	yaml3 "go.yaml.in/yaml/v3"

	"github.com/apigen-dev/apigen/generator/model"
	"github.com/apigen-dev/apigen/generator/output"
	"github.com/apigen-dev/apigen/generator/overlay"
	"github.com/apigen-dev/apigen/internal/bug"
	"github.com/apigen-dev/apigen/templates"
)

// The files Generate writes.
const (
	OverlayFile   = "code-samples.overlay.yaml"
	DecoratedFile = "openapi.decorated.json"
	MarkdownFile  = "SAMPLES.md"
)

// files turns the samples into the overlay, the decorated spec and the
// Markdown index. root is the spec as parsed YAML (Prepare parses it beside
// oapi-codegen), or nil; files adds the samples to it.
func files(in Input, root *yaml.Node, ops []Operation) ([]output.File, error) {
	var ov, js, md []byte
	var ovErr, jsErr, mdErr error
	var wg sync.WaitGroup
	bug.Go(&wg, &ovErr, "samples", "", func() { ov, ovErr = overlayFile(in.API, ops) })
	bug.Go(&wg, &mdErr, "samples", "", func() { md, mdErr = markdown(in, ops) })
	if root != nil && decorate(root, ops) {
		js, jsErr = decoratedJSON(in.API, root)
		wg.Wait()
	} else {
		// Apply the overlay through the same engine as the vendor's own
		// overlays: a target that matches nothing is an error.
		wg.Wait()
		if ovErr == nil {
			js, jsErr = engineDecorated(in, ov)
		}
	}
	for _, err := range []error{ovErr, jsErr, mdErr} {
		if err != nil {
			return nil, err
		}
	}
	return []output.File{
		{Path: OverlayFile, Data: ov},
		{Path: DecoratedFile, Data: js},
		{Path: MarkdownFile, Data: md},
	}, nil
}

// engineDecorated applies the code-samples overlay ov to the spec with the
// overlay engine and prints the result as decoratedJSON does.
func engineDecorated(in Input, ov []byte) ([]byte, error) {
	decorated, _, err := overlay.Apply(in.Spec, []overlay.File{{Path: OverlayFile, Data: ov}}, overlay.Options{})
	if err != nil {
		return nil, err
	}
	root, err := parseSpec(decorated)
	if err != nil {
		return nil, err
	}
	return decoratedJSON(in.API, root)
}

// parseSpec parses a spec (JSON or YAML) into a YAML node tree whose
// document holds a mapping.
func parseSpec(spec []byte) (*yaml.Node, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(spec, &root); err != nil || len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("the spec is not a mapping: %v", err)
	}
	return &root, nil
}

// decorate does on root what the code-samples overlay does through the
// overlay engine, which would run one JSONPath query per operation (679 on
// adm.tools, a tenth of generate's time): each operation's mapping gets an
// x-codeSamples member at its end. TestDecorateMatchesTheEngine holds the
// two equal. It reports false, having changed nothing, when this road does
// not fit: an operation missing, reached through a YAML alias, or already
// carrying x-codeSamples (the engine's merge rules then apply).
func decorate(root *yaml.Node, ops []Operation) bool {
	targets := make([]*yaml.Node, len(ops))
	for i, o := range ops {
		n := member(root.Content[0], "paths")
		n = member(n, o.Path)
		n = member(n, strings.ToLower(o.Method))
		if n == nil || n.Kind != yaml.MappingNode || member(n, "x-codeSamples") != nil {
			return false
		}
		targets[i] = n
	}
	for i, n := range targets {
		seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for _, smp := range ops[i].Samples {
			seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{
				str("lang"), str(smp.Lang), str("label"), str(smp.Label), str("source"), str(smp.Source),
			}})
		}
		n.Content = append(n.Content, str("x-codeSamples"), seq)
	}
	return true
}

func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// MarshalYAML writes a sample as a mapping of lang, label and source. A
// value that starts with white space is double-quoted: go.yaml.in/yaml/v3
// (v3.0.4) writes such text as a block scalar whose indentation indicator
// is wrong inside nested sequences, which no parser reads back.
func (s Sample) MarshalYAML() (any, error) {
	m := &yaml3.Node{Kind: yaml3.MappingNode, Tag: "!!map"}
	for _, kv := range [][2]string{{"lang", s.Lang}, {"label", s.Label}, {"source", s.Source}} {
		k := &yaml3.Node{Kind: yaml3.ScalarNode, Tag: "!!str", Value: kv[0]}
		v := &yaml3.Node{Kind: yaml3.ScalarNode, Tag: "!!str", Value: kv[1]}
		if strings.IndexAny(kv[1], " \t\n\r") == 0 {
			v.Style = yaml3.DoubleQuotedStyle
		}
		m.Content = append(m.Content, k, v)
	}
	return m, nil
}

// member is the value of key in mapping m, or nil; aliases are not
// followed.
func member(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := m.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func overlayFile(api *model.API, ops []Operation) ([]byte, error) {
	var actions []overlay.Action
	for _, o := range ops {
		actions = append(actions, overlay.Action{Target: o.Target, Update: map[string]any{"x-codeSamples": o.Samples}})
	}
	return overlay.Write(output.Header("#", api.SpecPath, api.SpecSHA256), api.Title+": code samples", actions)
}

// decoratedJSON is the decorated spec as JSON, keys in document order. Its
// first member names apigen as the author, since JSON has no comments.
func decoratedJSON(api *model.API, root *yaml.Node) ([]byte, error) {
	var b bytes.Buffer
	header := strings.Join(strings.Fields(output.Header("", api.SpecPath, api.SpecSHA256)), " ")
	b.WriteString("{\"x-apigen\": ")
	writeJSONString(&b, header)
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "x-apigen" {
			continue
		}
		b.WriteString(",\n  ")
		writeJSONString(&b, m.Content[i].Value)
		b.WriteString(": ")
		if err := writeJSON(&b, m.Content[i+1], "  "); err != nil {
			return nil, err
		}
	}
	b.WriteString("\n}\n")
	return b.Bytes(), nil
}

type mdGroup struct {
	Tag        string
	Operations []mdOperation
}

type mdOperation struct {
	Heading string
	Samples []mdSample
}

type mdSample struct {
	Sample
	Fence string
	Info  string // the fence's language, as GitHub highlights it
}

var fenceInfo = map[string]string{"Shell": "bash", "PowerShell": "powershell", "Go": "go"}

var mdTemplate = template.Must(template.ParseFS(templates.FS, "samples.md.tmpl"))

func markdown(in Input, ops []Operation) ([]byte, error) {
	api := in.API
	var groups []mdGroup
	index := map[string]int{}
	for _, o := range ops {
		tag := o.Tag
		if tag == "" {
			tag = "Other operations"
		}
		i, ok := index[tag]
		if !ok {
			i = len(groups)
			index[tag] = i
			groups = append(groups, mdGroup{Tag: oneLine(tag)})
		}
		mo := mdOperation{Heading: fmt.Sprintf("`%s %s` %s", o.Method, strings.ReplaceAll(o.Path, "`", "%60"), oneLine(o.Summary))}
		for _, s := range o.Samples {
			mo.Samples = append(mo.Samples, mdSample{Sample: s, Fence: fence(s.Source), Info: fenceInfo[s.Lang]})
		}
		groups[i].Operations = append(groups[i].Operations, mo)
	}
	slices.SortStableFunc(groups, func(a, b mdGroup) int { return strings.Compare(a.Tag, b.Tag) })
	env := []string{api.BaseURLEnv}
	for _, s := range api.Runtime.Schemes {
		if !slices.Contains(env, s.Env) {
			env = append(env, s.Env)
		}
	}
	var b bytes.Buffer
	err := mdTemplate.Execute(&b, map[string]any{
		"Marker": output.Marker, "SpecPath": api.SpecPath, "SpecSHA256": api.SpecSHA256,
		"Title": oneLine(api.Title), "Count": len(ops), "ImportPath": in.ImportPath, "Env": env, "Groups": groups,
	})
	return b.Bytes(), err
}

// oneLine makes spec text safe for a Markdown heading: one line, no HTML.
func oneLine(s string) string {
	return html.EscapeString(strings.Join(strings.Fields(s), " "))
}

// fence is a code fence longer than any run of backticks in the source.
func fence(src string) string {
	longest, run := 0, 0
	for _, r := range src {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}
