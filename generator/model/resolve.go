package model

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Resolve answers compile errors the Go emitter traced back to the spec: a
// schema whose type clashes with another identifier (Stripe's
// source_type_ach_credit_transfer against the enum constant
// SourceTypeAchCreditTransfer) gets its own name; an operation whose code
// still does not compile is left out, so one bad operation does not cost
// the whole package. Both maps go from the spec's name to the compiler's
// message. It returns warnings naming what it changed, and false when it
// could change nothing more.
func Resolve(api *API, schemas, operations map[string]string) ([]string, bool) {
	rec := &recorder{}
	var notes []string
	for _, name := range slices.Sorted(maps.Keys(schemas)) {
		if api.Doc.Components == nil {
			break
		}
		ref := api.Doc.Components.Schemas[name]
		if ref == nil || ref.Value == nil {
			continue
		}
		if cur, ok := ref.Value.Extensions["x-go-name"]; ok && strings.HasSuffix(fmt.Sprint(cur), "Model") {
			continue // renamed once already
		}
		goName := Exported(name) + "Model"
		setExt(&ref.Value.Extensions, "x-go-name", goName)
		rec.update(jpath("$.components.schemas").Key(name), "its Go type clashed with another identifier in the generated code", map[string]any{"x-go-name": goName})
		notes = append(notes, fmt.Sprintf("schema %s is Go type %s: %s", name, goName, schemas[name]))
	}
	for _, goName := range slices.Sorted(maps.Keys(operations)) {
		for i, o := range api.Operations {
			if o.GoName != goName {
				continue
			}
			if item := api.Doc.Paths.Value(o.Path); item != nil {
				item.SetOperation(o.Method, nil)
			}
			api.Operations = append(api.Operations[:i:i], api.Operations[i+1:]...)
			rec.remove(jpath("$.paths").Key(o.Path).Key(strings.ToLower(o.Method)), "its generated code does not compile: "+operations[goName])
			notes = append(notes, fmt.Sprintf("operation %s %s (%s) is left out: its generated code does not compile: %s", o.Method, o.Path, goName, operations[goName]))
			break
		}
	}
	api.Fixups = append(api.Fixups, rec.list...)
	return notes, len(rec.list) > 0
}
