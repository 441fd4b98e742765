// Package docs builds the static docs site: an index and one page per
// vendor rendering its decorated spec (samples included) with Redoc.
//
// Input: the site's branding, each vendor's name, title, snapshot date
// and decorated spec (JSON), plus the bytes of Redoc's standalone bundle.
// Output: []output.File for the site directory. The site needs no network
// at view time: the bundle and the logo are copied beside the pages and
// each spec is inlined into its page.
package docs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"path"
	"strings"

	"github.com/apigen-dev/apigen/generator/output"
	"github.com/apigen-dev/apigen/templates"
)

// Brand is how the site looks. Empty fields take the defaults below.
type Brand struct {
	Title            string // heads the index; every page's <title> ends with it
	Logo             *Asset // shown on the index and in each page's header; nil for none
	PrimaryColor     string // CSS hex colour
	SamplePanelWidth string // width of the sample panel: "46%" or "640px"
}

// Asset is a file copied into the site.
type Asset struct {
	Name string // the source file's name; only its extension is kept
	Data []byte
}

// The defaults of Brand.
const (
	DefaultTitle            = "API reference"
	DefaultPrimaryColor     = "#1f5fad"
	DefaultSamplePanelWidth = "800px"
)

// Vendor is one API on the site.
type Vendor struct {
	Name     string // file name stem, from the config: [a-z][a-z0-9_-]*
	Title    string
	Snapshot string // when the spec snapshot was taken, YYYY-MM-DD; "" if unknown
	Spec     []byte // the decorated spec, JSON
}

// BundleFile is where the site expects Redoc's standalone bundle.
const BundleFile = "redoc.standalone.js"

var pages = template.Must(template.ParseFS(templates.FS, "docs-*.html.tmpl"))

type entry struct {
	Title, Version, Snapshot, Page, SpecFile string
	Operations                               int
}

// Site returns the files of the site.
func Site(brand Brand, vendors []Vendor, bundle []byte) ([]output.File, error) {
	brand = withDefaults(brand)
	files := []output.File{{Path: BundleFile, Data: bundle}}
	logo := ""
	if brand.Logo != nil {
		logo = "logo" + strings.ToLower(path.Ext(brand.Logo.Name))
		files = append(files, output.File{Path: logo, Data: brand.Logo.Data})
	}
	var index []entry
	for _, v := range vendors {
		e, page, err := vendorPage(brand, logo, v)
		if err != nil {
			return nil, fmt.Errorf("docs: %s: %w", v.Name, err)
		}
		files = append(files,
			output.File{Path: e.Page, Data: page},
			output.File{Path: e.SpecFile, Data: v.Spec})
		index = append(index, e)
	}
	page, err := render("docs-index.html.tmpl", map[string]any{
		"Marker": output.Marker, "Brand": brand, "Logo": logo, "Vendors": index,
	})
	if err != nil {
		return nil, fmt.Errorf("docs: index: %w", err)
	}
	return append(files, output.File{Path: "index.html", Data: page}), nil
}

func withDefaults(b Brand) Brand {
	if b.Title == "" {
		b.Title = DefaultTitle
	}
	if b.PrimaryColor == "" {
		b.PrimaryColor = DefaultPrimaryColor
	}
	if b.SamplePanelWidth == "" {
		b.SamplePanelWidth = DefaultSamplePanelWidth
	}
	return b
}

// vendorPage renders one vendor's page and its index entry.
func vendorPage(brand Brand, logo string, v Vendor) (entry, []byte, error) {
	var doc struct {
		Info struct {
			Version string `json:"version"`
		} `json:"info"`
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(v.Spec, &doc); err != nil {
		return entry{}, nil, fmt.Errorf("the decorated spec is not JSON: %w", err)
	}
	e := entry{Title: v.Title, Version: doc.Info.Version, Snapshot: v.Snapshot,
		Page: v.Name + ".html", SpecFile: v.Name + ".openapi.json"}
	for _, item := range doc.Paths {
		for m := range item {
			if isMethod(m) {
				e.Operations++
			}
		}
	}
	var compact, safe bytes.Buffer
	if err := json.Compact(&compact, v.Spec); err != nil {
		return entry{}, nil, err
	}
	// <, > and & become \u escapes, so no text in the spec can end the
	// script element the JSON sits in or open a comment.
	json.HTMLEscape(&safe, compact.Bytes())
	page, err := render("docs-page.html.tmpl", map[string]any{
		"Marker": output.Marker, "Brand": brand, "Logo": logo, "Vendor": e,
		"Spec": template.JS(safe.String()),
	})
	return e, page, err
}

func render(name string, data any) ([]byte, error) {
	var b bytes.Buffer
	err := pages.ExecuteTemplate(&b, name, data)
	return b.Bytes(), err
}

func isMethod(m string) bool {
	switch m {
	case "get", "put", "post", "delete", "options", "head", "patch", "trace":
		return true
	}
	return false
}
