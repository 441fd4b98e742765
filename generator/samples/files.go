package samples

import (
	"bytes"
	"fmt"
	"html"
	"slices"
	"strings"
	"text/template"

	"go.yaml.in/yaml/v3"

	"github.com/apigen-dev/apigen/generator/model"
	"github.com/apigen-dev/apigen/generator/output"
	"github.com/apigen-dev/apigen/generator/overlay"
	"github.com/apigen-dev/apigen/templates"
)

// The files Generate writes.
const (
	OverlayFile   = "code-samples.overlay.yaml"
	DecoratedFile = "openapi.decorated.json"
	MarkdownFile  = "SAMPLES.md"
)

// Files turns the samples into the overlay, the decorated spec and the
// Markdown index.
func Files(in Input, ops []Operation) ([]output.File, error) {
	ov, err := overlayFile(in.API, ops)
	if err != nil {
		return nil, err
	}
	// Applying the overlay through the same engine as the vendor's own
	// overlays proves every target matches: a miss is an error here.
	decorated, _, err := overlay.Apply(in.Spec, []overlay.File{{Path: OverlayFile, Data: ov}}, overlay.Options{})
	if err != nil {
		return nil, fmt.Errorf("samples: %s: %w", in.API.Name, err)
	}
	js, err := decoratedJSON(in.API, decorated)
	if err != nil {
		return nil, fmt.Errorf("samples: %s: %w", in.API.Name, err)
	}
	md, err := markdown(in, ops)
	if err != nil {
		return nil, fmt.Errorf("samples: %s: %w", in.API.Name, err)
	}
	return []output.File{
		{Path: OverlayFile, Data: ov},
		{Path: DecoratedFile, Data: js},
		{Path: MarkdownFile, Data: md},
	}, nil
}

type overlayDoc struct {
	Overlay string `yaml:"overlay"`
	Info    struct {
		Title   string `yaml:"title"`
		Version string `yaml:"version"`
	} `yaml:"info"`
	Actions []overlayAction `yaml:"actions"`
}

type overlayAction struct {
	Target string `yaml:"target"`
	Update struct {
		Samples []Sample `yaml:"x-codeSamples"`
	} `yaml:"update"`
}

func overlayFile(api *model.API, ops []Operation) ([]byte, error) {
	doc := overlayDoc{Overlay: "1.0.0"}
	doc.Info.Title = api.Title + ": code samples"
	doc.Info.Version = "1.0.0"
	for _, o := range ops {
		a := overlayAction{Target: o.Target}
		a.Update.Samples = o.Samples
		doc.Actions = append(doc.Actions, a)
	}
	var b bytes.Buffer
	b.WriteString(output.Header("#", api.SpecPath, api.SpecSHA256))
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("samples: %s: %w", api.Name, err)
	}
	return b.Bytes(), enc.Close()
}

// decoratedJSON is the decorated spec as JSON, keys in document order. Its
// first member names apigen as the author, since JSON has no comments.
func decoratedJSON(api *model.API, spec []byte) ([]byte, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(spec, &root); err != nil || len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("the decorated spec is not a mapping: %v", err)
	}
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
