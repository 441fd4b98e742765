package generator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/apigen-dev/apigen/generator/docs"
	"github.com/apigen-dev/apigen/generator/fetch"
	"github.com/apigen-dev/apigen/generator/output"
	"github.com/apigen-dev/apigen/generator/samples"
)

// DefaultRedoc is where Docs looks for Redoc's bundle, relative to the
// config: web/package.json pins the redoc package and `npm ci --prefix web`
// installs it.
const DefaultRedoc = "web/node_modules/redoc/bundles/redoc.standalone.js"

// DocsOptions selects what Docs builds.
type DocsOptions struct {
	Vendors []string // "" means the config's docs.vendors, else every vendor
	Out     string   // the site directory
	Redoc   string   // Redoc's standalone bundle; "" means DefaultRedoc
}

// Docs writes the static docs site for the selected vendors from the
// decorated specs the last generate wrote.
func Docs(cfg *Config, opts DocsOptions) (output.Result, error) {
	names := opts.Vendors
	if len(names) == 0 && cfg.Docs != nil {
		names = cfg.Docs.Vendors
	}
	vendors, err := cfg.Selected(names)
	if err != nil {
		return output.Result{}, err
	}
	brand, err := cfg.brand()
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
		pages = append(pages, docs.Vendor{Name: v.Name, Title: vendorTitle(v, spec), Snapshot: snapshotDate(cfg.Resolve(v.Spec)), Spec: spec})
	}
	files, err := docs.Site(brand, pages, bundle)
	if err != nil {
		return output.Result{}, err
	}
	return output.Write(opts.Out, files)
}

// brand reads the docs section of the config into the site's branding.
func (c *Config) brand() (docs.Brand, error) {
	if c.Docs == nil {
		return docs.Brand{}, nil
	}
	b := docs.Brand{Title: c.Docs.Title, PrimaryColor: c.Docs.PrimaryColor, SamplePanelWidth: c.Docs.SamplePanelWidth}
	if c.Docs.Logo != "" {
		data, err := os.ReadFile(c.Resolve(c.Docs.Logo))
		if err != nil {
			return b, fmt.Errorf("docs: logo: %w", err)
		}
		b.Logo = &docs.Asset{Name: c.Docs.Logo, Data: data}
	}
	return b, nil
}

// vendorTitle is the vendor's configured title, else its spec's
// info.title, else its name.
func vendorTitle(v Vendor, spec []byte) string {
	if v.Title != "" {
		return v.Title
	}
	var doc struct {
		Info struct{ Title string } `json:"info"`
	}
	if json.Unmarshal(spec, &doc) == nil && strings.TrimSpace(doc.Info.Title) != "" {
		return strings.TrimSpace(doc.Info.Title)
	}
	return v.Name
}

// snapshotDate is the date lock.yaml beside the spec records, or "" when
// there is no readable lock (an ad-hoc spec).
func snapshotDate(specPath string) string {
	lock, err := fetch.ReadLock(filepath.Join(filepath.Dir(specPath), "lock.yaml"))
	if err != nil {
		return ""
	}
	return lock.Date
}
