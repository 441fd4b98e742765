package samples

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/apigen-dev/apigen/generator/load"
	"github.com/apigen-dev/apigen/generator/model"
	"github.com/apigen-dev/apigen/generator/overlay"
)

// overlaid loads a spec with its overlays (files matching overlayGlob),
// as generate does, and returns the model and the overlaid spec.
func overlaid(t *testing.T, path, overlayGlob string) (*model.API, []byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	spec, err := load.Load(path, data)
	if err != nil {
		t.Fatal(err)
	}
	names, err := filepath.Glob(overlayGlob)
	if err != nil {
		t.Fatal(err)
	}
	var files []overlay.File
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, overlay.File{Path: n, Data: b})
	}
	patched, _, err := overlay.Apply(spec.Bytes, files, overlay.Options{})
	if err != nil {
		t.Fatal(err)
	}
	api, err := model.Build(model.Input{Name: "x", Package: "x", SpecPath: path, Spec: patched})
	if err != nil {
		t.Fatal(err)
	}
	return api, patched
}

// awkward are sample sources whose YAML forms differ most: block text,
// strings that read as other types, quotes, text beyond ASCII, and
// leading white space (which go.yaml.in/yaml/v3 alone would write as YAML
// no parser reads).
var awkward = []string{
	"curl --request GET \\\n  --url 'https://x/'\n",
	"true", "123", "1e3", "null", "~", "- item", "key: value", "",
	"'single' \"double\" `back`", "# not a comment", "tab\there", "ünïcødé \u2028 line",
	"\nleading newline", " leading space\nx", "\tleading tab\n\ty", "trailing\n\n", "\r\n",
}

// The decorated spec is made by adding x-codeSamples to the parsed spec
// directly (decorate); the code-samples overlay, applied by the overlay
// engine, must give the same bytes for every operation of every vendor.
func TestDecorateMatchesTheEngine(t *testing.T) {
	cases := map[string][2]string{
		// JSON escapes YAML parsers reject (\/), surrogate pairs, big numbers.
		"json-escapes": {filepath.Join("testdata", "json-escapes.json"), ""},
	}
	for _, vendor := range []string{"stormwall", "wallarm", "admtools"} {
		cases[vendor] = [2]string{
			filepath.Join("..", "..", "specs", vendor, "openapi.yaml"),
			filepath.Join("..", "..", "overlays", vendor, "*.yaml"),
		}
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			api, patched := overlaid(t, c[0], c[1])
			// The root decorate works on is the one Prepare takes from
			// libopenapi, as generate does.
			p := Prepare(api, api.Operations, patched)
			if p.err != nil || p.root == nil {
				t.Fatalf("Prepare: %v (root %v)", p.err, p.root != nil)
			}
			ops := p.ops
			for i := range ops {
				ops[i].Samples = []Sample{
					{Lang: "Shell", Label: LabelCurl, Source: awkward[i%len(awkward)]},
					{Lang: "Go", Label: LabelGo, Source: awkward[(i+1)%len(awkward)] + "\n" + ops[i].Path},
				}
			}
			in := Input{API: api, Spec: patched}
			ov, err := overlayFile(api, ops)
			if err != nil {
				t.Fatal(err)
			}
			// The overlay file reads back as the samples written.
			var back struct {
				Actions []struct {
					Update struct {
						Samples []Sample `yaml:"x-codeSamples"`
					} `yaml:"update"`
				} `yaml:"actions"`
			}
			if err := yaml.Unmarshal(ov, &back); err != nil {
				t.Fatalf("the overlay does not parse: %v", err)
			}
			for i, a := range back.Actions {
				if !slices.Equal(a.Update.Samples, ops[i].Samples) {
					t.Fatalf("action %d reads back as %q, want %q", i, a.Update.Samples, ops[i].Samples)
				}
			}
			want, err := engineDecorated(in, ov)
			if err != nil {
				t.Fatal(err)
			}
			if !decorate(p.root, ops) {
				t.Fatal("decorate refused a spec with no x-codeSamples")
			}
			got, err := decoratedJSON(api, p.root)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				i := 0
				for i < len(got) && i < len(want) && got[i] == want[i] {
					i++
				}
				t.Errorf("decorate and the overlay engine differ from byte %d:\n want %q\n got  %q", i, want[i:min(i+120, len(want))], got[i:min(i+120, len(got))])
			}
			if n := strings.Count(string(got), `"x-codeSamples"`); n != len(ops) {
				t.Errorf("%d x-codeSamples members, want %d", n, len(ops))
			}
		})
	}
}

// An operation that already has x-codeSamples, or one the spec lacks, is
// left to the engine: decorate changes nothing and says so.
func TestDecorateDeclines(t *testing.T) {
	spec := []byte(`openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      x-codeSamples: [{lang: Shell, label: old, source: "echo"}]
      responses: {"200": {description: ok}}
  /b:
    get:
      responses: {"200": {description: ok}}
`)
	for name, ops := range map[string][]Operation{
		"has samples": {{Operation: model.Operation{Method: "GET", Path: "/b"}}, {Operation: model.Operation{Method: "GET", Path: "/a"}}},
		"missing":     {{Operation: model.Operation{Method: "GET", Path: "/b"}}, {Operation: model.Operation{Method: "POST", Path: "/b"}}},
	} {
		root, err := parseSpec(spec)
		if err != nil {
			t.Fatal(err)
		}
		var before bytes.Buffer
		_ = writeJSON(&before, root.Content[0], "")
		if decorate(root, ops) {
			t.Errorf("%s: decorate accepted", name)
		}
		var after bytes.Buffer
		_ = writeJSON(&after, root.Content[0], "")
		if before.String() != after.String() {
			t.Errorf("%s: decorate changed the spec while declining", name)
		}
	}
}
