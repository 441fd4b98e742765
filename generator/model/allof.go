package model

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// oapi-codegen merges the members of an allOf into one Go struct, and
// refuses the whole document when two members disagree on anything it
// compares: format, type, a default (any default at all), readOnly,
// writeOnly, allowEmptyValue, uniqueItems, an exclusive bound, a second
// additionalProperties schema or a second discriminator. Real specs do
// all of these (a $ref to a date-time schema beside a member that only
// says readOnly: true). fixAllOf makes the members agree before the merge:
// annotations that do not shape the Go type are dropped from the members,
// and a real disagreement keeps the first member's word, as a lossy
// fix-up. A member that is a $ref to a shared schema is replaced by a copy
// of it, so no other use of that schema changes.

func fixAllOf(doc *openapi3.T, rec *recorder) {
	walkSchemas(doc, func(ref *openapi3.SchemaRef, at jpath) {
		s := ref.Value
		if len(s.AllOf) == 0 || len(s.AllOf) == 1 && !hasStructure(s) {
			return
		}
		members := flatAllOf(s.AllOf, map[string]bool{})
		if hasStructure(s) {
			members = append(members, allOfMember{ref: ref, owned: true, self: true})
		}
		if !conflicting(members) {
			return
		}
		fixed, notes, lossy := agree(members)
		s.AllOf = fixed
		why := "allOf members disagree, which oapi-codegen cannot merge: " + strings.Join(notes, "; ")
		update := map[string]any{"allOf": schemaJSONList(fixed)}
		if lossy {
			rec.loosen(at, why, update)
		} else {
			rec.update(at, why, update)
		}
	})
}

// hasStructure mirrors oapi-codegen: a schema with properties, required
// or additionalProperties beside its allOf is merged as one more member
// (itself, without the allOf).
func hasStructure(s *openapi3.Schema) bool {
	return len(s.Properties) > 0 || len(s.Required) > 0 || s.AdditionalProperties.Has != nil || s.AdditionalProperties.Schema != nil
}

// allOfMember is one schema the merge will see, and whether it may be changed
// in place (an inline member of the schema being fixed).
type allOfMember struct {
	ref   *openapi3.SchemaRef
	owned bool
	self  bool // the schema itself, which the merge adds last
}

// flatAllOf lists the members as the merge sees them: a member with an
// allOf of its own stands for that allOf's members (oapi-codegen merges
// those and ignores the rest of it), and a schema is merged once.
func flatAllOf(list openapi3.SchemaRefs, seen map[string]bool) []allOfMember {
	var out []allOfMember
	for _, r := range list {
		if r == nil || r.Value == nil || r.Ref != "" && seen[r.Ref] {
			continue
		}
		if r.Ref != "" {
			seen[r.Ref] = true
		}
		if len(r.Value.AllOf) > 0 {
			for _, m := range flatAllOf(r.Value.AllOf, seen) {
				out = append(out, allOfMember{ref: m.ref})
			}
			continue
		}
		out = append(out, allOfMember{ref: r, owned: r.Ref == ""})
	}
	return out
}

// conflicting reports whether oapi-codegen's merge would refuse members.
func conflicting(ms []allOfMember) bool {
	if len(ms) < 2 {
		return false
	}
	first := ms[0].ref.Value
	var types *openapi3.Types
	aps, discs := 0, 0
	for _, m := range ms {
		s := m.ref.Value
		if s.Default != nil || s.Format != first.Format || s.ReadOnly != first.ReadOnly || s.WriteOnly != first.WriteOnly ||
			s.AllowEmptyValue != first.AllowEmptyValue || s.UniqueItems != first.UniqueItems ||
			!reflect.DeepEqual(s.ExclusiveMin, first.ExclusiveMin) || !reflect.DeepEqual(s.ExclusiveMax, first.ExclusiveMax) {
			return true
		}
		if s.Type != nil && len(*s.Type) > 0 {
			if types != nil && !reflect.DeepEqual(*types, *s.Type) {
				return true
			}
			types = s.Type
		}
		if s.AdditionalProperties.Schema != nil {
			aps++
		}
		if s.Discriminator != nil {
			discs++
		}
	}
	return aps > 1 || discs > 1
}

// agree returns members that merge: annotations dropped, and where the
// members really disagree, the first one's word kept. lossy says a
// disagreement was settled.
func agree(ms []allOfMember) (openapi3.SchemaRefs, []string, bool) {
	format := ""
	var types *openapi3.Types
	formats := map[string]bool{}
	for _, m := range ms {
		s := m.ref.Value
		if s.Format != "" {
			formats[s.Format] = true
			if format == "" {
				format = s.Format
			}
		}
		if types == nil && s.Type != nil && len(*s.Type) > 0 {
			types = s.Type
		}
	}
	notes := map[string]bool{}
	lossy := false
	var out openapi3.SchemaRefs
	seenAP, seenDisc := false, false
	for _, m := range ms {
		s := *m.ref.Value
		changed := false
		set := func(note string, loses bool) {
			changed, notes[note] = true, true
			lossy = lossy || loses
		}
		if s.Default != nil {
			s.Default = nil
			set("defaults are dropped from the members", false)
		}
		if s.ReadOnly || s.WriteOnly || s.AllowEmptyValue || s.UniqueItems {
			s.ReadOnly, s.WriteOnly, s.AllowEmptyValue, s.UniqueItems = false, false, false, false
			set("readOnly, writeOnly, allowEmptyValue and uniqueItems are dropped from the members", false)
		}
		if s.ExclusiveMin != (openapi3.ExclusiveBound{}) || s.ExclusiveMax != (openapi3.ExclusiveBound{}) {
			s.ExclusiveMin, s.ExclusiveMax = openapi3.ExclusiveBound{}, openapi3.ExclusiveBound{}
			set("exclusive bounds are dropped from the members", false)
		}
		if s.Format != format {
			s.Format = format
			set(fmt.Sprintf("every member has format %q", format), len(formats) > 1)
		}
		if s.Type != nil && len(*s.Type) > 0 && !reflect.DeepEqual(*s.Type, *types) {
			s.Type = nil
			set(fmt.Sprintf("the members' type is %v, the first one given", *types), true)
		}
		if s.AdditionalProperties.Schema != nil {
			if seenAP {
				s.AdditionalProperties.Schema = nil
				set("only the first member's additionalProperties is kept", true)
			}
			seenAP = true
		}
		if s.Discriminator != nil {
			if seenDisc {
				s.Discriminator = nil
				set("only the first member's discriminator is kept", true)
			}
			seenDisc = true
		}
		switch {
		case m.self:
			*m.ref.Value = s // the merge adds it itself; not an allOf member
		case !changed:
			out = append(out, m.ref)
		case m.owned:
			*m.ref.Value = s
			out = append(out, m.ref)
		default:
			out = append(out, &openapi3.SchemaRef{Value: &s})
		}
	}
	return out, slices.Sorted(maps.Keys(notes)), lossy
}

func schemaJSONList(refs openapi3.SchemaRefs) []any {
	out := make([]any, len(refs))
	for i, r := range refs {
		out[i] = schemaJSON(r)
	}
	return out
}
