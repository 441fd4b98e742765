package ext

import (
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pb33f/go-yaml"
)

// TestReferencePage keeps docs/EXTENSIONS.md in step with the Go types:
// one section per extension, its place and value type, one table row per
// key with the key's type, and examples that Walk accepts.
func TestReferencePage(t *testing.T) {
	data, err := os.ReadFile("../../docs/EXTENSIONS.md")
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]string{}
	for _, s := range strings.Split(string(data), "\n## ")[1:] {
		head, body, _ := strings.Cut(s, "\n")
		sections[strings.TrimSpace(head)] = body
	}
	for _, d := range Defs() {
		body, ok := sections[d.Key]
		if !ok {
			t.Errorf("docs/EXTENSIONS.md has no section for %s", d.Key)
			continue
		}
		delete(sections, d.Key)
		if want := "Where: " + d.Places() + "."; !strings.Contains(body, want) {
			t.Errorf("%s: want the line %q", d.Key, want)
		}
		if want := "Value: " + TypeName(d.Type) + "."; !strings.Contains(body, want) {
			t.Errorf("%s: want the line %q", d.Key, want)
		}
		if got, want := tableRows(body), flatten("", d.Type); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the table's keys and types\n got %v\nwant %v (from the Go type)", d.Key, got, want)
		}
		examples := codeBlocks(body, "yaml")
		if len(examples) == 0 {
			t.Errorf("%s: no yaml example", d.Key)
		}
		for _, ex := range examples {
			var n yaml.Node
			if err := yaml.Unmarshal([]byte(ex), &n); err != nil {
				t.Errorf("%s: example: %v", d.Key, err)
				continue
			}
			if !strings.Contains(ex, d.Key+":") {
				t.Errorf("%s: the example does not use it:\n%s", d.Key, ex)
			}
			if err := Walk("EXTENSIONS.md", &n, Root); err != nil {
				t.Errorf("%s: example rejected: %v\n%s", d.Key, err, ex)
			}
		}
	}
	for k := range sections {
		t.Errorf("docs/EXTENSIONS.md documents %q, which apigen does not read", k)
	}
}

var row = regexp.MustCompile("(?m)^\\| (`?[^|`]+`?) \\| ([^|]+) \\|")

// tableRows lists "key: type" for every row of the section's table.
func tableRows(body string) []string {
	var out []string
	for _, m := range row.FindAllStringSubmatch(body, -1) {
		key := strings.Trim(m[1], "` ")
		if key == "key" {
			continue
		}
		out = append(out, key+": "+strings.TrimSpace(m[2]))
	}
	return out
}

// flatten lists "key: type" for every key the Go type accepts, nested keys
// as parent.key and parent[].key.
func flatten(prefix string, t reflect.Type) []string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Slice && prefix == "" {
		return flatten("", t.Elem()) // a list at the top: its entries' keys
	}
	if t.Kind() != reflect.Struct {
		return []string{"(value): " + TypeName(t)}
	}
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _ := jsonName(f)
		out = append(out, prefix+name+": "+TypeName(f.Type))
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch {
		case ft.Kind() == reflect.Struct:
			out = append(out, flatten(prefix+name+".", ft)...)
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			out = append(out, flatten(prefix+name+"[].", ft.Elem())...)
		}
	}
	return out
}

func codeBlocks(body, lang string) []string {
	var out []string
	parts := strings.Split(body, "```")
	for i := 1; i < len(parts); i += 2 {
		if rest, ok := strings.CutPrefix(parts[i], lang+"\n"); ok {
			out = append(out, rest)
		}
	}
	return out
}

func TestTarget(t *testing.T) {
	for target, want := range map[string]string{
		"$":                                   "$ " + string(Document),
		"$.components.securitySchemes.key":    "$.components.securitySchemes.key " + string(SecurityScheme),
		"$.components.securitySchemes['a b']": "$.components.securitySchemes['a b'] " + string(SecurityScheme),
		"$.servers[0]":                        "$.servers[0] " + string(Server),
		"$.servers.*":                         "$.servers[*] " + string(Server),
		"$.paths['/pets'].get":                "$.paths['/pets'].get " + string(Operation),
		"$.paths.*.*":                         "$.paths[*][*] " + string(Operation),
		"$.info":                              "$.info " + string(Elsewhere),
		"$.*":                                 "$[*] " + string(Elsewhere),
		"$..get":                              "an overlay target ",
		"$.paths[?(@.get)]":                   "$.paths[*] " + string(Elsewhere),
		"$.tags[?(@.name == 'mysql')]":        "$.tags[*] " + string(Tag),
		"$.paths[1:2]":                        "an overlay target ",
	} {
		p := Target(target)
		if got := p.String() + " " + string(p.Where()); got != want {
			t.Errorf("Target(%q) = %q, want %q", target, got, want)
		}
	}
}

func TestSuggest(t *testing.T) {
	known := keys(reflect.TypeFor[Retry]())
	for got, want := range map[string]string{"retry_after": "retry-after", "Statuses": "statuses", "statues": "statuses", "pause": ""} {
		if s := suggest(got, known); s != want {
			t.Errorf("suggest(%q) = %q, want %q", got, s, want)
		}
	}
	if !slices.Equal(known, []string{"statuses", "retry-after", "pause-pattern"}) {
		t.Errorf("keys = %v", known)
	}
}

// TestCheckMistakes: each kind of mistake is reported at the node that is
// wrong (the golden cases in generator/testdata/ext-* show the same
// through overlays and specs).
func TestCheckMistakes(t *testing.T) {
	for doc, want := range map[string]string{
		"x-apigen-envelope: {payload: data, extra: 1}":                                `f.yaml:1:36: x-apigen-envelope: unknown key "extra" (want payload, none or failure-is-data)`,
		"x-apigen-envelope: {payload: a..b}":                                          `f.yaml:1:30: x-apigen-envelope.payload: "a..b": want keys separated by single dots`,
		"x-apigen-envelope: {none: true}":                                             "f.yaml:1:21: x-apigen-envelope: on the document only payload is allowed",
		"paths: {/a: {get: {x-apigen-envelope: {}}}}":                                 "f.yaml:1:39: x-apigen-envelope: say where the payload is",
		"tags: [{name: mysql, x-apigen-name: my-sql}]":                                `f.yaml:1:37: x-apigen-name: "my-sql": a tag's name is its service's Go name`,
		"servers: [{url: 'https://a', x-apigen-name: my-sql}]":                        "",
		"x-apigen-limits: {max-body-bytes: -1}":                                       `f.yaml:1:35: x-apigen-limits.max-body-bytes: "-1": want a positive number of bytes`,
		"x-apigen-retry: {statuses: [429]}":                                           `f.yaml:1:29: x-apigen-retry.statuses[0]: want a string, got 429 (quote it: "429")`,
		"x-apigen-retry: {pause-pattern: 'Pause \\d+'}":                               "first group ( ) captures the seconds",
		"info: {x-apigen-retry: {}}":                                                  "x-apigen-retry at $.info: apigen reads it only on the document root",
		"info: {x-apigen-note: fine}":                                                 "",
		"x-apigen-errors: {failure: [{path: ok}]}":                                    `f.yaml:1:29: x-apigen-errors.failure[0]: missing key "equals"`,
		"components: {securitySchemes: {k: {x-apigen-credential: {field: api_key}}}}": `x-apigen-credential.field: "api_key": want an exported Go name`,
	} {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(doc), &n); err != nil {
			t.Fatalf("%s: %v", doc, err)
		}
		err := Walk("f.yaml", &n, Root)
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v, want no error", doc, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%s:\n got %v\nwant %q", doc, err, want)
		}
	}
}
