package load

import (
	"net/http"
	"path/filepath"
	"strings"

	"github.com/pb33f/go-yaml"
	"github.com/pb33f/libopenapi/bundler"
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

// externalRefs lists the $ref values under n that leave the document.
func externalRefs(n *yaml.Node, out *[]*yaml.Node) {
	if n == nil {
		return
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Value == "$ref" && v.Kind == yaml.ScalarNode && !strings.HasPrefix(v.Value, "#") {
				*out = append(*out, v)
			}
		}
	}
	for _, c := range n.Content {
		externalRefs(c, out)
	}
}

// bundleExternal checks every external reference against the allow-list and,
// when there are any, inlines them so later stages see one document.
func bundleExternal(path string, data []byte, root *yaml.Node, opts Options) ([]byte, error) {
	var refs []*yaml.Node
	externalRefs(root, &refs)
	if len(refs) == 0 {
		return data, nil
	}
	for _, r := range refs {
		if opts.Allowed == nil || !opts.Allowed(r.Value, opts.AllowRefs) {
			return nil, AtNode(path, r, "$ref %q points outside the spec; external references are not followed unless a prefix of it is listed in the vendor's allow-refs", r.Value)
		}
	}
	cfg, _ := newConfig()
	cfg.AllowRemoteReferences = opts.Remote != nil
	cfg.RemoteURLHandler = opts.Remote
	cfg.AllowFileReferences = true
	cfg.BasePath = opts.BaseDir
	if cfg.BasePath == "" {
		cfg.BasePath = filepath.Dir(path)
	}
	out, err := bundler.BundleBytes(data, cfg)
	if err != nil {
		return nil, &Error{File: path, Msg: "resolve allowed external references: " + err.Error()}
	}
	return out, nil
}
