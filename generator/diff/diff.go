// Package diff says what changed between two versions of a spec and whether
// the change breaks callers: at the API (libopenapi's what-changed, which
// classifies each change as breaking or not) and in the generated Go
// package (exported identifiers that disappear or change).
//
// Input: two specs' bytes. Output: a Result; nothing is written.
package diff

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/pb33f/libopenapi"
	"github.com/pb33f/libopenapi/what-changed/model"

	"github.com/apigen-dev/apigen/generator/load"
)

// Change is one difference between the two specs.
type Change struct {
	Location string // "GET /pets", "schema Pet", "paths", "document"
	What     string // "property removed: name" etc.
	Breaking bool
	// InOld says Line is in the old spec: the change takes something away,
	// and the removed lines are only there. Otherwise it is in the new one.
	InOld bool
	Line  int // 0 if unknown
}

// Result is the whole comparison.
type Result struct {
	Vendor string // the vendor compared, "" for two files
	// Old and New name the sides for readers: a file, or the URL the live
	// spec was fetched from.
	Old, New string
	// OldFile and NewFile are the files a change's line is in, for
	// annotations. For a vendor both are the committed snapshot: the old
	// side is what it holds now, the new side what it holds after fetch.
	OldFile, NewFile string
	Changes          []Change
	GoAPI            []APIGroup // filled by the caller that generated both packages
	// Skipped, when set, says why the vendor was not compared at all (its
	// source is documentation, not a spec).
	Skipped string
}

// File is the file c's line is in.
func (r *Result) File(c Change) string {
	if c.InOld {
		return r.OldFile
	}
	return r.NewFile
}

// Breaking counts the breaking findings: API changes, and Go API groups
// (one removed operation is one finding, however many identifiers go).
func (r *Result) Breaking() int {
	n := 0
	for _, c := range r.Changes {
		if c.Breaking {
			n++
		}
	}
	for _, g := range r.GoAPI {
		if g.Breaking() {
			n++
		}
	}
	return n
}

// Specs compares two specs. Either may be Swagger 2.0 or OpenAPI 3.x: both
// are compared in their OpenAPI 3 form, as apigen generates from it.
func Specs(oldName string, oldData []byte, newName string, newData []byte) (*Result, error) {
	oldDoc, err := openapi3(oldName, oldData)
	if err != nil {
		return nil, err
	}
	newDoc, err := openapi3(newName, newData)
	if err != nil {
		return nil, err
	}
	dc, err := libopenapi.CompareDocuments(oldDoc, newDoc)
	if dc == nil {
		// No changes, or no models to compare. err also carries what
		// building the models reported (an infinite circular $ref, which
		// load accepts with a warning), so only a missing model is fatal.
		if err != nil && !built(oldDoc, newDoc) {
			return nil, fmt.Errorf("diff: %w", err)
		}
		return &Result{Old: oldName, New: newName, OldFile: oldName, NewFile: newName}, nil
	}
	return &Result{Old: oldName, New: newName, OldFile: oldName, NewFile: newName, Changes: collect(dc)}, nil
}

// built says both documents have a model (libopenapi keeps the one
// CompareDocuments built).
func built(docs ...libopenapi.Document) bool {
	for _, d := range docs {
		if m, _ := d.BuildV3Model(); m == nil {
			return false
		}
	}
	return true
}

func openapi3(name string, data []byte) (libopenapi.Document, error) {
	spec, err := load.Load(name, data)
	if err != nil {
		return nil, fmt.Errorf("diff: load %w", err)
	}
	return load.Parse(name, spec.Bytes)
}

// collect flattens the change tree, labelling each change with the
// operation or schema it belongs to.
func collect(dc *model.DocumentChanges) []Change {
	seen := map[*model.Change]bool{}
	var out []Change
	add := func(loc string, cs []*model.Change) {
		for _, c := range cs {
			if c == nil || seen[c] {
				continue
			}
			seen[c] = true
			out = append(out, convert(loc, c))
		}
	}
	if pc := dc.PathsChanges; pc != nil {
		for _, path := range slices.Sorted(maps.Keys(pc.PathItemsChanges)) {
			pic := pc.PathItemsChanges[path]
			for method, oc := range map[string]*model.OperationChanges{
				"GET": pic.GetChanges, "PUT": pic.PutChanges, "POST": pic.PostChanges, "DELETE": pic.DeleteChanges,
				"PATCH": pic.PatchChanges, "HEAD": pic.HeadChanges, "OPTIONS": pic.OptionsChanges, "TRACE": pic.TraceChanges,
			} {
				if oc != nil {
					add(method+" "+path, oc.GetAllChanges())
				}
			}
			add(path, pic.GetAllChanges())
		}
		add("paths", pc.GetAllChanges())
	}
	if cc := dc.ComponentsChanges; cc != nil {
		for _, name := range slices.Sorted(maps.Keys(cc.SchemaChanges)) {
			add("schema "+name, cc.SchemaChanges[name].GetAllChanges())
		}
		for _, name := range slices.Sorted(maps.Keys(cc.SecuritySchemeChanges)) {
			add("securityScheme "+name, cc.SecuritySchemeChanges[name].GetAllChanges())
		}
		add("components", cc.GetAllChanges())
	}
	add("document", dc.GetAllChanges())
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Breaking != out[j].Breaking {
			return out[i].Breaking
		}
		return out[i].Location < out[j].Location
	})
	return out
}

func convert(loc string, c *model.Change) Change {
	kind := map[int]string{model.Modified: "modified", model.PropertyAdded: "added", model.PropertyRemoved: "removed",
		model.ObjectAdded: "added", model.ObjectRemoved: "removed"}[c.ChangeType]
	what := fmt.Sprintf("%s %s", c.Property, kind)
	switch {
	case c.ChangeType == model.Modified && (c.Original != "" || c.New != ""):
		what += fmt.Sprintf(": %s → %s", short(c.Original), short(c.New))
	case c.New != "" && kind == "added":
		what += ": " + short(c.New)
	case c.Original != "" && kind == "removed":
		what += ": " + short(c.Original)
	}
	out := Change{Location: loc, What: what, Breaking: c.Breaking}
	if ctx := c.Context; ctx != nil {
		switch {
		case kind == "removed" && ctx.OriginalLine != nil, ctx.NewLine == nil && ctx.OriginalLine != nil:
			out.Line, out.InOld = *ctx.OriginalLine, true
		case ctx.NewLine != nil:
			out.Line = *ctx.NewLine
		}
	}
	return out
}

func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return s
}
