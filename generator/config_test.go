package generator

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func TestParseConfigErrors(t *testing.T) {
	base := "vendors:\n  - name: acme\n    package: acme\n    spec: s.yaml\n    output: gen/acme\n"
	for _, tc := range []struct{ name, yaml, want string }{
		{"unknown key", base + "    colour: blue\n", `apigen.yaml:6: unknown key "colour" in vendor`},
		{"unknown top key", "vendorz: []\n", `apigen.yaml:1: unknown key "vendorz" in config`},
		{"empty", "", "empty file"},
		{"no vendors", "vendors: []\n", "no vendors"},
		{"bad name", strings.Replace(base, "name: acme", "name: Acme!", 1), `apigen.yaml:2: vendor "Acme!": name`},
		{"keyword package", strings.Replace(base, "package: acme", "package: func", 1), `package "func": want a lower-case Go identifier`},
		{"escaping output", strings.Replace(base, "gen/acme", "../elsewhere", 1), `output "../elsewhere": want a directory inside`},
		{"duplicate", base + strings.TrimPrefix(base, "vendors:\n"), `apigen.yaml:6: vendor "acme" is listed twice`},
		{"bad server", base + "    servers:\n      - name: x\n        url: ftp://x\n", `server "x": url "ftp://x"`},
		{"syntax", "vendors: [\n", "apigen.yaml:"},
		{"docs unknown key", base + "docs:\n  colour: red\n", `apigen.yaml:7: unknown key "colour" in docs`},
		{"docs colour", base + "docs:\n  title: Acme\n  primary-color: blue\n", `apigen.yaml:8: docs: primary-color "blue": want a hex colour`},
		{"docs width", base + "docs:\n  sample-panel-width: 90%\n", `apigen.yaml:7: docs: sample-panel-width "90%": want between 25% and 70%`},
		{"docs width unit", base + "docs:\n  sample-panel-width: 40em\n", `apigen.yaml:7: docs: sample-panel-width "40em": want a percentage`},
		{"docs logo type", base + "docs:\n  logo: logo.txt\n", `apigen.yaml:7: docs: logo "logo.txt": want an image file`},
		{"docs vendor", base + "docs:\n  vendors:\n    - acme\n    - acne\n", `apigen.yaml:9: docs: vendors: "acne" is not a vendor of this config`},
		{"docs vendor twice", base + "docs:\n  vendors: [acme, acme]\n", `docs: vendors: "acme" is listed twice`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseConfig("apigen.yaml", []byte(tc.yaml))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestLoadConfigMissingFile(t *testing.T) {
	dir := t.TempDir()
	cfg := "vendors:\n  - name: acme\n    package: acme\n    spec: spec.yaml\n    overlays: [o/10-a.yaml]\n    output: gen\n"
	if err := os.WriteFile(filepath.Join(dir, "apigen.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "spec.yaml"), []byte("openapi: 3.0.3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadConfig(filepath.Join(dir, "apigen.yaml"))
	if err == nil || !strings.Contains(err.Error(), `overlays[0] "o/10-a.yaml": no such file or directory`) {
		t.Fatalf("got %v, want the missing overlay named", err)
	}
}

// TestSchemaMatchesConfig keeps apigen.schema.json and the Go types in step:
// every yaml key the decoder accepts is in the schema and the other way round.
func TestSchemaMatchesConfig(t *testing.T) {
	data, err := os.ReadFile("../apigen.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema struct {
		Properties map[string]any `json:"properties"`
		Defs       map[string]struct {
			Properties map[string]any `json:"properties"`
			Required   []string       `json:"required"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	check := func(name string, typ reflect.Type, props map[string]any) {
		var keys []string
		for i := range typ.NumField() {
			tag := strings.Split(typ.Field(i).Tag.Get("yaml"), ",")[0]
			if tag != "" && tag != "-" {
				keys = append(keys, tag)
			}
		}
		var inSchema []string
		for k := range props {
			inSchema = append(inSchema, k)
		}
		sort.Strings(keys)
		sort.Strings(inSchema)
		if !reflect.DeepEqual(keys, inSchema) {
			t.Errorf("%s: Go keys %v, schema keys %v", name, keys, inSchema)
		}
	}
	check("config", reflect.TypeFor[Config](), schema.Properties)
	check("vendor", reflect.TypeFor[Vendor](), schema.Defs["vendor"].Properties)
	check("server", reflect.TypeFor[Server](), schema.Defs["server"].Properties)
	check("docs", reflect.TypeFor[DocsConfig](), schema.Defs["docs"].Properties)
}

// TestRepoConfig checks the shipped apigen.yaml loads and references its schema.
func TestRepoConfig(t *testing.T) {
	cfg, err := LoadConfig("../apigen.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, v := range cfg.Vendors {
		names = append(names, v.Name)
	}
	// The three shipped vendors come first; add-vendor appends a user's own
	// after them, and go test ./... must still pass then.
	if got := strings.Join(names, ","); got != "stormwall,wallarm,admtools" && !strings.HasPrefix(got, "stormwall,wallarm,admtools,") {
		t.Errorf("vendors %s: want stormwall, wallarm, admtools first", got)
	}
	raw, _ := os.ReadFile("../apigen.yaml")
	if !strings.HasPrefix(string(raw), "# yaml-language-server: $schema=./apigen.schema.json") {
		t.Error("apigen.yaml must start with the yaml-language-server schema reference so editors complete it")
	}
}

// TestLoadConfigMissingLogo: the docs logo is a file the config names, so a
// missing one is an error at its line.
func TestLoadConfigMissingLogo(t *testing.T) {
	dir := t.TempDir()
	cfg := "vendors:\n  - name: acme\n    package: acme\n    spec: spec.yaml\n    output: gen\ndocs:\n  title: Acme\n  logo: art/logo.svg\n"
	if err := os.WriteFile(filepath.Join(dir, "apigen.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "spec.yaml"), []byte("openapi: 3.0.3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadConfig(filepath.Join(dir, "apigen.yaml"))
	if err == nil || !strings.Contains(err.Error(), `apigen.yaml:8: docs: logo "art/logo.svg": no such file or directory`) {
		t.Fatalf("got %v, want the missing logo named with its line", err)
	}
}
