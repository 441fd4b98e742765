package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/apigen-dev/apigen/generator/docs"
	"github.com/apigen-dev/apigen/generator/output"
	"github.com/apigen-dev/apigen/generator/samples"
)

// DefaultRedoc is where Docs looks for Redoc's bundle, relative to the
// config: web/package.json pins the redoc package and `npm ci --prefix web`
// installs it.
const DefaultRedoc = "web/node_modules/redoc/bundles/redoc.standalone.js"

// DocsOptions selects what Docs builds.
type DocsOptions struct {
	Vendors []string
	Out     string // the site directory
	Redoc   string // Redoc's standalone bundle; "" means DefaultRedoc
}

// Docs writes the static docs site for the selected vendors from the
// decorated specs the last generate wrote.
func Docs(cfg *Config, opts DocsOptions) (output.Result, error) {
	vendors, err := cfg.selected(opts.Vendors)
	if err != nil {
		return output.Result{}, err
	}
	redoc := opts.Redoc
	if redoc == "" {
		redoc = cfg.Resolve(DefaultRedoc)
	}
	bundle, err := os.ReadFile(redoc)
	if errors.Is(err, fs.ErrNotExist) {
		return output.Result{}, fmt.Errorf("docs: Redoc's bundle %s is missing: run `npm ci --prefix %s` (or pass --redoc FILE)",
			redoc, filepath.Join(cfg.Dir, "web"))
	}
	if err != nil {
		return output.Result{}, fmt.Errorf("docs: %w", err)
	}
	var pages []docs.Vendor
	for _, v := range vendors {
		path := filepath.Join(cfg.Resolve(v.Output), samples.DecoratedFile)
		spec, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			return output.Result{}, fmt.Errorf("docs: %s: %s is missing: run `apigen generate` first", v.Name, path)
		}
		if err != nil {
			return output.Result{}, fmt.Errorf("docs: %s: %w", v.Name, err)
		}
		title := v.Title
		if title == "" {
			title = v.Name
		}
		pages = append(pages, docs.Vendor{Name: v.Name, Title: title, Spec: spec})
	}
	files, err := docs.Site(pages, bundle)
	if err != nil {
		return output.Result{}, err
	}
	return output.Write(opts.Out, files)
}
