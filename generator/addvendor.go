package generator

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"text/template"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/apigen-dev/apigen/generator/fetch"
	"github.com/apigen-dev/apigen/generator/load"
	"github.com/apigen-dev/apigen/generator/model"
	"github.com/apigen-dev/apigen/generator/output"
	"github.com/apigen-dev/apigen/templates"
)

// NewVendor is what AddVendor needs: a name, and the spec as a file, a
// URL to fetch it from now, or both (the file is the snapshot, the URL is
// where fetch finds the live spec later).
type NewVendor struct {
	Name, Package string
	SpecFile      string
	Source        string
	SourceKind    string
	Fetch         fetch.Options
	Now           time.Time
}

// overlayStubs are the overlays a new vendor starts with, in order.
var overlayStubs = []string{"10-servers", "20-auth", "30-errors", "40-limits"}

// AddVendor adds a vendor to the repository of the config at configPath
// (creating the config when there is none): the spec snapshot, its lock,
// commented overlay stubs that change nothing until edited, and the
// config entry; in a repository where no //go:generate line runs apigen
// yet, also gen/generate.go with one (see directiveFile). Nothing is
// written unless the spec loads and every file is new. It returns the
// files written, relative to the config.
func AddVendor(ctx context.Context, configPath string, nv NewVendor) ([]string, error) {
	cfgData, err := os.ReadFile(configPath)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	if err := nv.validate(configPath, cfgData); err != nil {
		return nil, err
	}
	data, lock, err := nv.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	spec, err := load.Load(nv.SpecFile+nv.Source, data)
	if err != nil {
		return nil, fmt.Errorf("add-vendor %s: not a usable spec: %w", nv.Name, err)
	}
	ext := ".yaml"
	if b := bytes.TrimSpace(data); len(b) > 0 && b[0] == '{' {
		ext = ".json"
	}
	specRel := path.Join("specs", nv.Name, "openapi"+ext)
	files := map[string][]byte{specRel: data}
	lockData, err := lock.Marshal(specRel)
	if err != nil {
		return nil, err
	}
	files[path.Join("specs", nv.Name, "lock.yaml")] = lockData
	var overlays []string
	facts := factsOf(nv.Name, spec.Bytes)
	for _, stub := range overlayStubs {
		var b bytes.Buffer
		if err := stubTemplate.ExecuteTemplate(&b, stub, facts); err != nil {
			return nil, err
		}
		rel := path.Join("overlays", nv.Name, stub+".yaml")
		files[rel] = b.Bytes()
		overlays = append(overlays, rel)
	}
	// A new repository also needs the line that makes go generate run
	// apigen.
	rel, directive, err := directiveFile(filepath.Dir(configPath), configPath)
	if err != nil {
		return nil, err
	}
	if rel != "" {
		files[rel] = directive
	}
	entry := nv.entry(specRel, overlays)
	newCfg, err := insertVendor(cfgData, entry)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", configPath, err)
	}
	if _, err := ParseConfig(configPath, newCfg); err != nil {
		return nil, fmt.Errorf("add-vendor %s: the new config entry does not parse (a bug): %w", nv.Name, err)
	}
	dir := filepath.Dir(configPath)
	var written []string
	for _, rel := range slices.Sorted(func(yield func(string) bool) {
		for k := range files {
			if !yield(k) {
				return
			}
		}
	}) {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(rel))); err == nil {
			return nil, fmt.Errorf("add-vendor %s: %s exists already; nothing was written", nv.Name, rel)
		}
		written = append(written, rel)
	}
	for _, rel := range written {
		if err := output.WriteFile(filepath.Join(dir, filepath.FromSlash(rel)), files[rel]); err != nil {
			return nil, err
		}
	}
	if err := output.WriteFile(configPath, newCfg); err != nil {
		return nil, err
	}
	return append(written, filepath.Base(configPath)), nil
}

func (nv *NewVendor) validate(configPath string, cfgData []byte) error {
	if !vendorName.MatchString(nv.Name) {
		return fmt.Errorf("add-vendor %q: want a name of lower-case letters, digits, '-' or '_', starting with a letter", nv.Name)
	}
	if nv.Package == "" {
		nv.Package = strings.NewReplacer("-", "", "_", "").Replace(nv.Name)
	}
	if !token.IsIdentifier(nv.Package) || token.IsKeyword(nv.Package) || strings.ToLower(nv.Package) != nv.Package {
		return fmt.Errorf("add-vendor %s: package %q is not a lower-case Go name; give one with --package", nv.Name, nv.Package)
	}
	if nv.SpecFile == "" && nv.Source == "" {
		return fmt.Errorf("add-vendor %s: give --spec FILE, --source URL, or both", nv.Name)
	}
	if nv.Source != "" {
		if err := CheckURL(nv.Source); err != nil {
			return fmt.Errorf("add-vendor %s: --source %w", nv.Name, err)
		}
	}
	if cfgData != nil {
		cfg, err := ParseConfig(configPath, cfgData)
		if err != nil {
			return err
		}
		if _, err := cfg.Vendor(nv.Name); err == nil {
			return fmt.Errorf("add-vendor %s: %s has a vendor of that name already", nv.Name, configPath)
		}
	}
	return nil
}

// snapshot reads or downloads the spec and makes its lock.
func (nv *NewVendor) snapshot(ctx context.Context) ([]byte, fetch.Lock, error) {
	lock := fetch.Lock{Source: nv.Source, Date: nv.Now.UTC().Format(time.DateOnly)}
	var data []byte
	if nv.SpecFile != "" {
		var err error
		if data, err = os.ReadFile(nv.SpecFile); err != nil {
			return nil, lock, fmt.Errorf("add-vendor %s: --spec: %w", nv.Name, err)
		}
		lock.Origin = fetch.OriginCopied
		lock.Notes = "copied from " + filepath.Base(nv.SpecFile) + " by apigen add-vendor"
	} else {
		dl, err := fetch.Spec(ctx, nv.Source, fetch.Validators{}, nv.Fetch)
		if err != nil {
			return nil, lock, fmt.Errorf("add-vendor %s: fetch %w", nv.Name, err)
		}
		data, lock.Origin = dl.Body, fetch.OriginFetched
		lock.URL, lock.ETag, lock.LastModified = dl.URL, dl.Validators.ETag, dl.Validators.LastModified
	}
	sum := sha256.Sum256(data)
	lock.SHA256 = hex.EncodeToString(sum[:])
	return data, lock, nil
}

// entry is the vendor's block for apigen.yaml, indented as a list item at
// column zero; insertVendor shifts it.
func (nv *NewVendor) entry(spec string, overlays []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "- name: %s\n  package: %s\n  spec: %s\n", nv.Name, nv.Package, spec)
	if nv.Source != "" {
		fmt.Fprintf(&b, "  source: %s\n", nv.Source)
		if nv.SourceKind != "" {
			fmt.Fprintf(&b, "  source-kind: %s\n", nv.SourceKind)
		}
	}
	b.WriteString("  overlays:\n")
	for _, o := range overlays {
		fmt.Fprintf(&b, "    - %s\n", o)
	}
	fmt.Fprintf(&b, "  output: gen/%s\n", nv.Name)
	return b.String()
}

// insertVendor adds entry at the end of the vendors list of a config's
// text, keeping every comment and key as it was; with no config, it makes
// one.
func insertVendor(cfg []byte, entry string) ([]byte, error) {
	if len(bytes.TrimSpace(cfg)) == 0 {
		return []byte("# yaml-language-server: $schema=./apigen.schema.json\n#\n# What `apigen generate` builds; paths are relative to this file.\nvendors:\n" + indent(entry, "  ")), nil
	}
	var root yaml.Node
	if err := yaml.Unmarshal(cfg, &root); err != nil || len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("not a mapping with a vendors list: %v", err)
	}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != "vendors" || m.Content[i+1].Kind != yaml.SequenceNode || len(m.Content[i+1].Content) == 0 {
			continue
		}
		lines := strings.SplitAfter(string(cfg), "\n")
		// The new item is indented as the first one's dash is.
		first := lines[m.Content[i+1].Content[0].Line-1]
		pad := first[:len(first)-len(strings.TrimLeft(first, " "))]
		at := len(lines)
		if i+2 < len(m.Content) {
			at = m.Content[i+2].Line - 1
			// Comments and blank lines just above the next key belong to it.
			for at > 0 && (strings.TrimSpace(lines[at-1]) == "" || strings.HasPrefix(strings.TrimSpace(lines[at-1]), "#")) {
				at--
			}
		}
		head := strings.Join(lines[:at], "")
		if !strings.HasSuffix(head, "\n") {
			head += "\n"
		}
		return []byte(head + "\n" + indent(entry, pad) + strings.Join(lines[at:], "")), nil
	}
	return nil, fmt.Errorf("no vendors list to add to")
}

func indent(s, pad string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		if l != "" {
			b.WriteString(pad + l)
		}
	}
	return b.String()
}

var stubTemplate = template.Must(template.ParseFS(templates.FS, "vendor-overlays.yaml.tmpl"))

// stubFacts is what the overlay stubs say about the spec.
type stubFacts struct {
	Name, Title, EnvPrefix string
	Servers, Schemes       string
}

func factsOf(name string, openapi3 []byte) stubFacts {
	var doc struct {
		Info struct {
			Title string `yaml:"title"`
		} `yaml:"info"`
		Servers []struct {
			URL string `yaml:"url"`
		} `yaml:"servers"`
		Components struct {
			SecuritySchemes map[string]any `yaml:"securitySchemes"`
		} `yaml:"components"`
	}
	_ = yaml.Unmarshal(openapi3, &doc) // loaded already; missing facts read "none"
	f := stubFacts{Name: name, Title: model.OneLine(doc.Info.Title), EnvPrefix: model.EnvPrefix(name), Servers: "none", Schemes: "none"}
	if f.Title == "" {
		f.Title = name
	}
	var urls []string
	for _, s := range doc.Servers {
		urls = append(urls, s.URL)
	}
	if len(urls) > 0 {
		f.Servers = strings.Join(urls, ", ")
	}
	if len(doc.Components.SecuritySchemes) > 0 {
		var names []string
		for n := range doc.Components.SecuritySchemes {
			names = append(names, n)
		}
		slices.Sort(names)
		f.Schemes = strings.Join(names, ", ")
	}
	return f
}
