package model

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/apigen-dev/apigen/generator/spectree"
)

// Fix-ups are changes to the document handed to oapi-codegen that keep its
// output compiling. Each is recorded as an Overlay action (Fixup), so the
// whole set can be written out as an overlay and reviewed like any other;
// names are set with the standard x-go-name and change only for an item that
// collides, never for its neighbours.

// Fixup is one change, as an Overlay 1.0 action on the overlaid spec.
type Fixup struct {
	Target string         // JSONPath
	Update map[string]any // merged into the target (nil with Remove)
	Remove bool
	Why    string
	// Lossy fix-ups drop or loosen something the spec said (an enum, a
	// type, a content description); they are also warnings, so --strict
	// refuses them. Renames lose nothing.
	Lossy bool
}

// recorder collects fix-ups in the order they are made.
type recorder struct{ list []Fixup }

func (r *recorder) update(target jpath, why string, update map[string]any) {
	r.list = append(r.list, Fixup{Target: string(target), Update: update, Why: why})
}

func (r *recorder) remove(target jpath, why string) {
	r.list = append(r.list, Fixup{Target: string(target), Remove: true, Why: why, Lossy: true})
}

// drop records a removal that changes only the Go type, not what is sent.
func (r *recorder) drop(target jpath, why string) {
	r.list = append(r.list, Fixup{Target: string(target), Remove: true, Why: why})
}

// loosen records an update that gives up part of what the spec said.
func (r *recorder) loosen(target jpath, why string, update map[string]any) {
	r.list = append(r.list, Fixup{Target: string(target), Update: update, Why: why, Lossy: true})
}

// jpath is a normalized JSONPath, as fix-ups target it.
type jpath = spectree.Path

// refPath turns an internal $ref ("#/components/schemas/A") into a JSONPath.
func refPath(ref string) (jpath, bool) { return spectree.FromRef(ref) }

// nameKey folds a name the way Go-name derivation does (punctuation and case
// dropped), so two names with equal keys would become the same identifier.
func nameKey(s string) string {
	return strings.Map(func(r rune) rune {
		if r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// fixSchemaNames renames component schemas whose Go type would clash with
// an identifier the client package declares (reserved, folded by nameKey:
// Wallarm's "Client" schema, the tenant, against the Client type).
func fixSchemaNames(doc *openapi3.T, rec *recorder, reserved map[string]bool) {
	if doc.Components == nil {
		return
	}
	names := make([]string, 0, len(doc.Components.Schemas))
	for n := range doc.Components.Schemas {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		ref := doc.Components.Schemas[n]
		if !reserved[nameKey(n)] || ref == nil || ref.Value == nil {
			continue
		}
		if _, set := ref.Value.Extensions["x-go-name"]; set {
			continue
		}
		name := Exported(n) + "Model"
		setExt(&ref.Value.Extensions, "x-go-name", name)
		rec.update(jpath("$.components.schemas").Key(n), fmt.Sprintf("schema %s would clash with the client's own %s", n, Exported(n)),
			map[string]any{"x-go-name": name})
	}
}

// fixParamNames gives parameters of one operation distinct Go field names:
// Wallarm's filter[type] and filter[!type] would both be FilterType. The
// first keeps its name; later ones spell punctuation that carries meaning
// ("!" is "not") and, if still taken, get a number.
func fixParamNames(item *openapi3.PathItem, op *openapi3.Operation, path, method string, rec *recorder) {
	used := map[string]bool{}
	all := append(append(openapi3.Parameters{}, item.Parameters...), op.Parameters...)
	for i, p := range all {
		if p == nil || p.Value == nil {
			continue
		}
		key := nameKey(p.Value.Name)
		if _, set := p.Value.Extensions["x-go-name"]; set {
			used[nameKey(fmt.Sprint(p.Value.Extensions["x-go-name"]))] = true
			continue
		}
		if !used[key] {
			used[key] = true
			continue
		}
		name := freeName(p.Value.Name, used)
		setExt(&p.Value.Extensions, "x-go-name", name)
		target := jpath("$.paths").Key(path).Key("parameters").Index(i)
		if i >= len(item.Parameters) {
			target = jpath("$.paths").Key(path).Key(strings.ToLower(method)).Key("parameters").Index(i - len(item.Parameters))
		}
		if t, ok := refPath(p.Ref); ok {
			target = t
		}
		rec.update(target, fmt.Sprintf("parameter %s would be the same Go field as another", p.Value.Name), map[string]any{"x-go-name": name})
	}
}

func setExt(m *map[string]any, k string, v any) {
	if *m == nil {
		*m = map[string]any{}
	}
	(*m)[k] = v
}

// fixPropertyNames gives properties whose Go field names would collide
// (AttackFilter's "type" and "!type") distinct x-go-names. The name goes on
// the property's own SchemaRef, which oapi-codegen merges over the schema's
// extensions, so a shared $ref'd schema is never renamed as a side effect.
func fixPropertyNames(doc *openapi3.T, rec *recorder) {
	walkSchemas(doc, func(ref *openapi3.SchemaRef, at jpath) { renameProperties(ref.Value, at, rec) })
}

func renameProperties(s *openapi3.Schema, at jpath, rec *recorder) {
	keys := slices.Sorted(maps.Keys(s.Properties))
	// Plain names claim their Go name first: "type" stays Type, "!type" moves.
	sort.SliceStable(keys, func(i, j int) bool {
		return !strings.Contains(keys[i], "!") && strings.Contains(keys[j], "!")
	})
	used := map[string]bool{}
	for _, k := range keys {
		ref := s.Properties[k]
		if name, ok := goNameExt(ref); ok {
			used[nameKey(name)] = true
			continue
		}
		if !used[nameKey(k)] && goExported(oapiName(k)) {
			used[nameKey(k)] = true
			continue
		}
		// Taken, or oapi-codegen's name for it would not be an exported
		// identifier ("@1x" is 1x, "'os.features'" is osFeatures).
		name := freeName(k, used)
		setExt(&ref.Extensions, "x-go-name", name)
		why := fmt.Sprintf("property %s would be the same Go field as another", k)
		if !goExported(oapiName(k)) {
			why = fmt.Sprintf("property %s would be Go field %s, which is not an exported identifier", k, oapiName(k))
		}
		rec.update(at.Key("properties").Key(k), why, map[string]any{"x-go-name": name})
	}
}

// freeName derives a Go name for a colliding key, spelling "!" as "not"
// and numbering when that is taken too, and marks it used.
func freeName(key string, used map[string]bool) string {
	base := Exported(strings.ReplaceAll(key, "!", " not "))
	name := base
	for n := 2; used[nameKey(name)]; n++ {
		name = fmt.Sprintf("%s%d", base, n)
	}
	used[nameKey(name)] = true
	return name
}

// goNameExt returns an x-go-name already set on the property or its schema.
func goNameExt(ref *openapi3.SchemaRef) (string, bool) {
	if v, ok := ref.Extensions["x-go-name"]; ok {
		return fmt.Sprint(v), true
	}
	if ref.Value != nil {
		if v, ok := ref.Value.Extensions["x-go-name"]; ok {
			return fmt.Sprint(v), true
		}
	}
	return "", false
}
