// Package docs builds the static docs site: an index and one page per
// vendor rendering its decorated spec (samples included) with Redoc.
//
// Input: each vendor's name, title and decorated spec (JSON), plus the
// bytes of Redoc's standalone bundle. Output: []output.File for the site
// directory. The site needs no network at view time: the bundle is copied
// beside the pages and each spec is inlined into its page.
package docs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"

	"github.com/apigen-dev/apigen/generator/output"
	"github.com/apigen-dev/apigen/templates"
)

// Vendor is one API on the site.
type Vendor struct {
	Name  string // file name stem, from the config: [a-z][a-z0-9_-]*
	Title string
	Spec  []byte // the decorated spec, JSON
}

// BundleFile is where the site expects Redoc's standalone bundle.
const BundleFile = "redoc.standalone.js"

var pages = template.Must(template.ParseFS(templates.FS, "docs-*.html.tmpl"))

type indexEntry struct {
	Title, Page, SpecFile string
	Operations            int
}

// Site returns the files of the site.
func Site(vendors []Vendor, bundle []byte) ([]output.File, error) {
	files := []output.File{{Path: BundleFile, Data: bundle}}
	var index []indexEntry
	for _, v := range vendors {
		var doc struct {
			Paths map[string]map[string]json.RawMessage `json:"paths"`
		}
		if err := json.Unmarshal(v.Spec, &doc); err != nil {
			return nil, fmt.Errorf("docs: %s: the decorated spec is not JSON: %w", v.Name, err)
		}
		ops := 0
		for _, item := range doc.Paths {
			for m := range item {
				if isMethod(m) {
					ops++
				}
			}
		}
		var compact, safe bytes.Buffer
		if err := json.Compact(&compact, v.Spec); err != nil {
			return nil, fmt.Errorf("docs: %s: %w", v.Name, err)
		}
		// <, > and & become \u escapes, so no text in the spec can end the
		// script element the JSON sits in or open a comment.
		json.HTMLEscape(&safe, compact.Bytes())
		page, err := render("docs-page.html.tmpl", map[string]any{
			"Marker": output.Marker, "Title": v.Title, "Operations": ops,
			"Spec": template.JS(safe.String()),
		})
		if err != nil {
			return nil, fmt.Errorf("docs: %s: %w", v.Name, err)
		}
		files = append(files,
			output.File{Path: v.Name + ".html", Data: page},
			output.File{Path: v.Name + ".json", Data: v.Spec})
		index = append(index, indexEntry{Title: v.Title, Page: v.Name + ".html", SpecFile: v.Name + ".json", Operations: ops})
	}
	page, err := render("docs-index.html.tmpl", map[string]any{"Marker": output.Marker, "Vendors": index})
	if err != nil {
		return nil, fmt.Errorf("docs: index: %w", err)
	}
	return append(files, output.File{Path: "index.html", Data: page}), nil
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
