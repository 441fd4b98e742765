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
	Line     int // in the new spec (or the old one, for a removal); 0 if unknown
}

// Result is the whole comparison.
type Result struct {
	Old, New string // names, for reports
	Changes  []Change
	GoAPI    []APIChange // filled by the caller that generated both packages
}

// Breaking counts the breaking changes, API and Go.
func (r *Result) Breaking() int {
	n := 0
	for _, c := range r.Changes {
		if c.Breaking {
			n++
		}
	}
	for _, c := range r.GoAPI {
		if c.Breaking {
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
		return &Result{Old: oldName, New: newName}, nil
	}
	return &Result{Old: oldName, New: newName, Changes: collect(dc)}, nil
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
	line := 0
	if ctx := c.Context; ctx != nil {
		if ctx.NewLine != nil {
			line = *ctx.NewLine
		} else if ctx.OriginalLine != nil {
			line = *ctx.OriginalLine
		}
	}
	return Change{Location: loc, What: what, Breaking: c.Breaking, Line: line}
}

func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return s
}
