package load

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/pb33f/go-yaml"
	"github.com/pb33f/libopenapi/bundler"

	"github.com/apigen-dev/apigen/generator/spectree"
)

// Options tunes Load.
type Options struct {
	// AllowRefs lists the prefixes of external $refs that may be followed
	// (URLs, or paths relative to the spec). Any other external reference
	// is an error: a third-party spec must not make the generator read
	// local files or dial internal hosts.
	AllowRefs []string
	// Remote reads an allowed remote reference (generator/fetch.RefHandler).
	Remote func(url string) (*http.Response, error)
	// Allowed decides whether a reference matches AllowRefs.
	Allowed func(ref string, allow []string) bool
	// BaseDir is where relative file references resolve; "" means the
	// directory of the spec's path.
	BaseDir string
}

// externalRefs lists the $ref values under root that leave the document.
// A $ref is a reference only where the specification allows one (a
// schema, a parameter, a response, ...); inside example values, defaults,
// enums and extensions it is data, such as a SCIM resource's own "$ref".
func externalRefs(root *yaml.Node, out *[]*yaml.Node) {
	eachRef(root, func(m *yaml.Node, i int, isRef bool) {
		if v := m.Content[i+1]; isRef && v.Kind == yaml.ScalarNode && !strings.HasPrefix(v.Value, "#") {
			*out = append(*out, v)
		}
	})
}

// DataRefs lists the "$ref" members of data (example values, defaults,
// enums, extension values) under root, as the mapping holding each and the
// index of its key: libopenapi resolves some of them anyway, and a caller
// that needs its model built despite them can drop them from a copy.
func DataRefs(root *yaml.Node) (maps []*yaml.Node, keys []int) {
	eachRef(root, func(m *yaml.Node, i int, isRef bool) {
		if !isRef {
			maps, keys = append(maps, m), append(keys, i)
		}
	})
	return maps, keys
}

// eachRef calls f for every "$ref" key in the document, saying whether it
// is a reference or data.
func eachRef(root *yaml.Node, f func(m *yaml.Node, i int, isRef bool)) {
	doc := root
	if doc != nil && doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		doc = doc.Content[0]
	}
	if doc == nil {
		return
	}
	top := spectree.RootOf(hasKey(doc, "swagger"))
	var walk func(n *yaml.Node, role spectree.Role)
	walk = func(n *yaml.Node, role spectree.Role) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if k.Value == "$ref" {
					f(n, i, spectree.Refable(role))
				}
				walk(v, spectree.ChildIn(top, role, k.Value))
			}
		case yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c, spectree.Elem(role))
			}
		}
	}
	walk(doc, top)
}

func hasKey(n *yaml.Node, key string) bool {
	if n == nil || n.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}

// bundleExternal checks every external reference and, when there are any,
// inlines them so later stages see one document. A relative file reference
// is followed when the file is inside the spec's own folder (no "..", no
// absolute path, no symbolic link leading out), and so are the references
// of that file, by the same rule; anything else (a URL, a file elsewhere)
// only when a prefix of it is in the vendor's allow-refs.
func bundleExternal(path string, data []byte, root *yaml.Node, opts Options) ([]byte, error) {
	var refs []*yaml.Node
	externalRefs(root, &refs)
	if len(refs) == 0 {
		return data, nil
	}
	base := opts.BaseDir
	if base == "" {
		base = filepath.Dir(path)
	}
	p := refPolicy{base: base, opts: opts, seen: map[string]bool{}}
	for _, r := range refs {
		if err := p.check(path, r, base); err != nil {
			return nil, err
		}
	}
	cfg, _ := newConfig()
	cfg.AllowRemoteReferences = opts.Remote != nil
	cfg.RemoteURLHandler = opts.Remote
	cfg.AllowFileReferences = true
	cfg.BasePath = base
	out, err := bundler.BundleBytes(data, cfg)
	if err != nil {
		return nil, &Error{File: path, Msg: "resolve external references: " + err.Error()}
	}
	return out, nil
}

// refPolicy decides which external references are followed.
type refPolicy struct {
	base string
	opts Options
	seen map[string]bool // local files already checked
}

// check vets the reference r, found in file (whose folder is dir), and
// the references of the local file it names.
func (p *refPolicy) check(file string, r *yaml.Node, dir string) error {
	allowed := p.opts.Allowed != nil && p.opts.Allowed(r.Value, p.opts.AllowRefs)
	target, isFile := p.localFile(dir, r.Value)
	if !isFile {
		if allowed {
			return nil
		}
		return AtNode(file, r, "$ref %q points outside the spec; only files in the spec's folder are followed, and other references only when a prefix of them is listed in the vendor's allow-refs", r.Value)
	}
	fi, err := os.Stat(target)
	if err != nil || fi.IsDir() {
		return AtNode(file, r, "$ref %q: the file %s does not exist", r.Value, target)
	}
	if p.seen[target] {
		return nil
	}
	p.seen[target] = true
	return p.nested(target)
}

// nested checks the references of a referenced local file. Its roles in
// the document are not known, so every "$ref" in it counts.
func (p *refPolicy) nested(target string) error {
	data, err := os.ReadFile(target)
	if err != nil {
		return &Error{File: target, Msg: err.Error()}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return Positioned(target, err)
	}
	var refs []*yaml.Node
	var walk func(*yaml.Node)
	walk = func(n *yaml.Node) {
		for i, c := range n.Content {
			if n.Kind == yaml.MappingNode && i%2 == 0 && c.Value == "$ref" && i+1 < len(n.Content) &&
				n.Content[i+1].Kind == yaml.ScalarNode && !strings.HasPrefix(n.Content[i+1].Value, "#") {
				refs = append(refs, n.Content[i+1])
			}
			walk(c)
		}
	}
	walk(&root)
	for _, r := range refs {
		if err := p.check(target, r, filepath.Dir(target)); err != nil {
			return err
		}
	}
	return nil
}

// localFile resolves a reference to a file under the spec's folder; false
// for a URL, an absolute path, a path with "..", or one whose symbolic
// links lead out of the folder.
func (p *refPolicy) localFile(dir, ref string) (string, bool) {
	file, _, _ := strings.Cut(ref, "#")
	if file == "" || strings.Contains(file, ":") || strings.HasPrefix(file, "/") || strings.HasPrefix(file, `\`) || filepath.IsAbs(file) {
		return "", false
	}
	target := filepath.Join(dir, filepath.FromSlash(file))
	base, err := filepath.Abs(p.base)
	if err != nil {
		return "", false
	}
	abs, err := filepath.Abs(target)
	if err != nil || !within(base, abs) {
		return "", false
	}
	// Symbolic links are judged by where they lead.
	realBase, err := filepath.EvalSymlinks(base)
	if err != nil {
		return "", false
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil && !within(realBase, real) {
		return "", false
	}
	return abs, true
}

// within reports whether path is dir or inside it.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
