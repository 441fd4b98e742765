package generator

import (
	"bytes"
	"errors"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/apigen-dev/apigen/generator/pos"
	"github.com/apigen-dev/apigen/generator/weburl"
)

// Config is apigen.yaml: the vendors to generate and where everything lives.
// Its JSON Schema is apigen.schema.json at the repository root; a test keeps
// the two in step.
type Config struct {
	// Path is the config file as named by the user, for messages.
	Path string `yaml:"-"`
	// Dir is the directory relative paths in the config resolve against: the
	// config file's own directory.
	Dir     string   `yaml:"-"`
	Vendors []Vendor `yaml:"vendors"`
	// Docs brands the docs site; nil when the config has no docs section.
	Docs *DocsConfig `yaml:"docs,omitempty"`

	// adHoc marks a config made from the command line: it has no project
	// to keep a fast-path record in, so none is read or written.
	adHoc bool
}

// Vendor is one API to generate a client for.
type Vendor struct {
	Name    string `yaml:"name"`             // short id: [a-z][a-z0-9_-]*
	Title   string `yaml:"title,omitempty"`  // human name; defaults to the spec's info.title
	Package string `yaml:"package"`          // Go package name of the client
	Spec    string `yaml:"spec"`             // vendored snapshot, relative to the config
	Source  string `yaml:"source,omitempty"` // live spec or Swagger UI URL, for fetch
	// SourceKind says what Source is: "spec" (a spec, or a Swagger UI page
	// that names one; the default) or "docs" (documentation a person
	// reads: no machine-readable spec, so fetch and diff skip the vendor).
	SourceKind string   `yaml:"source-kind,omitempty"`
	Overlays   []string `yaml:"overlays,omitempty"` // applied in this order
	Output     string   `yaml:"output"`             // output directory, relative to the config
	Servers    []Server `yaml:"servers,omitempty"`  // named base URLs; the first is the default
	Lenient    bool     `yaml:"lenient,omitempty"`  // overlay targets that match nothing only warn
	// AllowRefs lists prefixes of external $refs that may be followed (URLs,
	// or paths relative to the spec); all others are refused.
	AllowRefs []string `yaml:"allow-refs,omitempty"`

	line int // where the entry starts in the config, for messages
}

// Server is a named base URL.
type Server struct {
	Name        string `yaml:"name"`
	URL         string `yaml:"url"`
	Description string `yaml:"description,omitempty"`
}

// LoadConfig reads and validates a config file, including that every file it
// names exists.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	cfg, err := ParseConfig(path, data)
	if err != nil {
		return nil, err
	}
	cfg.Dir = filepath.Dir(path)
	if err := cfg.checkFiles(); err != nil {
		return nil, err
	}
	return cfg, cfg.checkDocsFiles()
}

var unknownField = regexp.MustCompile(`line (\d+): field (\S+) not found in type generator\.(\w+)`)
var yamlLine = regexp.MustCompile(`^yaml: (?:unmarshal errors:\n\s*)?line (\d+): `)

// ParseConfig decodes and validates config bytes; path is only for messages.
// Unknown keys are errors, so a typo never silently drops a setting.
func ParseConfig(path string, data []byte) (*Config, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	cfg := &Config{Path: path}
	if err := dec.Decode(cfg); err != nil {
		if m := unknownField.FindStringSubmatch(err.Error()); m != nil {
			where := strings.ToLower(m[3])
			if where == "docsconfig" {
				where = "docs"
			}
			return nil, configError(path, atoi(m[1]), "unknown key %q in %s", m[2], where)
		}
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			return nil, configError(path, atoi(m[1]), "%s", yamlLine.ReplaceAllString(err.Error(), ""))
		}
		if errors.Is(err, io.EOF) {
			return nil, configError(path, 0, "empty file: expected a vendors list")
		}
		return nil, configError(path, 0, "%s", err)
	}
	var root yaml.Node
	_ = yaml.Unmarshal(data, &root) // decoded once already; this pass is for line numbers
	cfg.locate(&root)
	cfg.locateDocs(&root)
	if err := cfg.validate(); err != nil {
		return cfg, err
	}
	return cfg, cfg.validateDocs()
}

// locate records the line each vendor entry starts on.
func (c *Config) locate(root *yaml.Node) {
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return
	}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != "vendors" || m.Content[i+1].Kind != yaml.SequenceNode {
			continue
		}
		for j, item := range m.Content[i+1].Content {
			if j < len(c.Vendors) {
				c.Vendors[j].line = item.Line
			}
		}
	}
}

var vendorName = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)

func (c *Config) validate() error {
	if len(c.Vendors) == 0 {
		return configError(c.Path, 0, "no vendors: expected a non-empty \"vendors\" list")
	}
	seen := map[string]bool{}
	for i := range c.Vendors {
		v := &c.Vendors[i]
		err := v.validate()
		if err == nil && !filepath.IsLocal(v.Output) {
			// A shared config must not make generate write (or prune!)
			// outside the repository it lives in.
			err = fmt.Errorf("output %q: want a directory inside the config's directory", v.Output)
		}
		if err != nil {
			return configError(c.Path, v.line, "vendor %q: %s", v.Name, err)
		}
		if seen[v.Name] {
			return configError(c.Path, v.line, "vendor %q is listed twice", v.Name)
		}
		seen[v.Name] = true
	}
	return nil
}

func (v *Vendor) validate() error {
	switch {
	case !vendorName.MatchString(v.Name):
		return fmt.Errorf("name: want lower-case letters, digits, '-' or '_', starting with a letter")
	case !token.IsIdentifier(v.Package) || token.IsKeyword(v.Package) || strings.ToLower(v.Package) != v.Package:
		return fmt.Errorf("package %q: want a lower-case Go identifier", v.Package)
	case v.Spec == "":
		return fmt.Errorf("spec: missing; want the path of the spec snapshot")
	case v.Output == "":
		return fmt.Errorf("output: missing; want the directory of the generated package")
	}
	if v.Source != "" {
		if err := CheckURL(v.Source); err != nil {
			return fmt.Errorf("source: %w", err)
		}
	}
	switch v.SourceKind {
	case "", SourceSpec, SourceDocs:
	default:
		return fmt.Errorf("source-kind %q: want %s (a spec, or a Swagger UI page naming one) or %s (a documentation page: fetch and diff skip the vendor)", v.SourceKind, SourceSpec, SourceDocs)
	}
	names := map[string]bool{}
	for _, s := range v.Servers {
		if s.Name == "" || names[s.Name] {
			return fmt.Errorf("servers: name %q is empty or repeated", s.Name)
		}
		names[s.Name] = true
		if err := CheckURL(s.URL); err != nil {
			return fmt.Errorf("server %q: url %w", s.Name, err)
		}
	}
	return nil
}

// The kinds of source.
const (
	SourceSpec = "spec"
	SourceDocs = "docs"
)

// CheckURL is the one check of a URL a user writes (a source, a server):
// absolute, http or https, with a host (weburl.Check).
func CheckURL(raw string) error {
	_, err := weburl.Check(raw)
	return err
}

// Skip says why fetch and diff pass v by ("" when they do not): it has
// no source, or its source is documentation, not a spec.
func (v Vendor) Skip() string {
	switch {
	case v.Source == "":
		return "no source in the config: nothing to fetch"
	case v.SourceKind == SourceDocs:
		return "documented only (source-kind: docs): " + v.Source + " is a page for people, not a spec"
	}
	return ""
}

// ErrUnknownVendor is wrapped by every lookup of a vendor the config does
// not have: a usage error.
var ErrUnknownVendor = errors.New("unknown vendor")

// Vendor returns the vendor called name.
func (c *Config) Vendor(name string) (Vendor, error) {
	for _, v := range c.Vendors {
		if v.Name == name {
			return v, nil
		}
	}
	known := make([]string, len(c.Vendors))
	for i, v := range c.Vendors {
		known[i] = v.Name
	}
	return Vendor{}, fmt.Errorf("%w %q: %s has %s", ErrUnknownVendor, name, c.Path, strings.Join(known, ", "))
}

// Selected returns the named vendors in the order named, each once; no
// names means all of them.
func (c *Config) Selected(names []string) ([]Vendor, error) {
	if len(names) == 0 {
		return c.Vendors, nil
	}
	var out []Vendor
	for _, n := range names {
		v, err := c.Vendor(n)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(out, func(w Vendor) bool { return w.Name == n }) {
			out = append(out, v)
		}
	}
	return out, nil
}

// checkFiles reports the first spec or overlay that does not exist.
func (c *Config) checkFiles() error {
	for _, v := range c.Vendors {
		for _, in := range v.inputs() {
			if _, err := os.Stat(c.Resolve(in.path)); err != nil {
				return configError(c.Path, v.line, "vendor %q: %s %q: %s", v.Name, in.key, in.path, unwrapPath(err))
			}
		}
	}
	return nil
}

type input struct{ key, path string }

// inputs lists the files a vendor reads, in order, with the config key that
// names each (for messages).
func (v Vendor) inputs() []input {
	in := []input{{"spec", v.Spec}}
	for i, o := range v.Overlays {
		in = append(in, input{fmt.Sprintf("overlays[%d]", i), o})
	}
	return in
}

// Resolve returns p as a path usable from the working directory: relative
// paths in the config are relative to the config file.
func (c *Config) Resolve(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.Dir, filepath.FromSlash(p))
}

// configError is a problem in the config at line (0: unknown), positioned
// so CI reports can annotate the line.
func configError(path string, line int, format string, args ...any) error {
	return fmt.Errorf("config %w", pos.At(path, line, 0, format, args...))
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// AdHoc builds a one-vendor config for a spec given on the command line
// (apigen generate --spec FILE --package NAME --out DIR), with paths relative
// to the working directory.
func AdHoc(spec string, overlays []string, pkg, out string) (*Config, error) {
	c := &Config{Path: "command line", Dir: ".", adHoc: true, Vendors: []Vendor{{
		Name: "adhoc", Package: pkg, Spec: spec, Overlays: overlays, Output: out,
	}}}
	v := &c.Vendors[0]
	if err := v.validate(); err != nil {
		return nil, fmt.Errorf("--package/--out: %w", err)
	}
	for i, p := range append([]string{spec}, overlays...) {
		flag := "--spec"
		if i > 0 {
			flag = "--overlay"
		}
		if _, err := os.Stat(c.Resolve(p)); err != nil {
			return nil, fmt.Errorf("%s %s: %w", flag, p, unwrapPath(err))
		}
	}
	return c, nil
}
