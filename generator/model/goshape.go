package model

import (
	"fmt"
	"go/token"
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
)

// oapiName is the Go name oapi-codegen derives from a spec name (a
// property, a parameter, a schema) with apigen's configuration: a word for
// leading punctuation ("-" is Minus), "N" before a digit, then camel case.
// The model predicts it to settle names oapi-codegen would get wrong.
func oapiName(s string) string {
	return oapiPrefix(s) + codegen.ToCamelCase(s)
}

// oapiPrefix mirrors oapi-codegen's typeNamePrefix.
func oapiPrefix(s string) string {
	if s == "" {
		return "Empty"
	}
	words := map[rune]string{'-': "Minus", '+': "Plus", '&': "And", '|': "Or", '~': "Tilde", '=': "Equal",
		'>': "GreaterThan", '<': "LessThan", '#': "Hash", '.': "Dot", '*': "Asterisk", '^': "Caret", '%': "Percent", '_': "Underscore"}
	prefix := ""
	for _, r := range s {
		if r == '$' {
			if len(s) == 1 {
				return "DollarSign"
			}
			continue
		}
		w, ok := words[r]
		if !ok {
			if prefix == "" && unicode.IsDigit(r) {
				return "N"
			}
			return prefix
		}
		prefix += w
	}
	return prefix
}

// goExported reports whether s is an exported Go identifier.
func goExported(s string) bool { return token.IsIdentifier(s) && token.IsExported(s) }

func isIdent(s string) bool { return token.IsIdentifier(s) }

// fixComponentNames renames component schemas whose names oapi-codegen
// cannot build the names of their inline types from: it prefixes the
// schema's own type ("400" is N400) but not the types of its properties
// ("400_Details_Item"), which then do not parse. The new name is the Go
// name the schema had, so its own type keeps its name; every $ref moves.
func fixComponentNames(doc *openapi3.T, rec *recorder) {
	if doc.Components == nil {
		return
	}
	used := map[string]bool{}
	for n := range doc.Components.Schemas {
		used[nameKey(n)] = true
	}
	moved := map[string]string{}
	for _, n := range slices.Sorted(maps.Keys(doc.Components.Schemas)) {
		if camel := codegen.ToCamelCase(n); camel != "" && unicode.IsLetter([]rune(camel)[0]) && !strings.ContainsFunc(n, unicode.IsControl) {
			continue
		}
		name := oapiName(n)
		if !goExported(name) {
			name = Exported(n)
		}
		delete(used, nameKey(n))
		name = freeComponentName(name, used)
		ref := doc.Components.Schemas[n]
		delete(doc.Components.Schemas, n)
		doc.Components.Schemas[name] = ref
		moved["#/components/schemas/"+n] = "#/components/schemas/" + name
		why := fmt.Sprintf("schema %q becomes %s: oapi-codegen cannot name the types inside it after %q", n, name, n)
		rec.drop(jpath("$.components.schemas").Key(n), why)
		rec.update("$.components.schemas", why, map[string]any{name: schemaJSON(ref)})
	}
	if len(moved) == 0 {
		return
	}
	walkSchemaSites(doc, func(r *openapi3.SchemaRef, at jpath) {
		if to, ok := moved[r.Ref]; ok {
			r.Ref = to
			rec.update(at, "the schema it refers to was renamed", map[string]any{"$ref": to})
		}
	}, func(r *openapi3.SchemaRef, _ jpath) {
		if d := r.Value.Discriminator; d != nil {
			for k, m := range d.Mapping {
				if to, ok := moved[m.Ref]; ok {
					m.Ref = to
					d.Mapping[k] = m
				}
			}
		}
	})
}

// freeComponentName returns name, or name with a number, so it does not
// fold to the same Go name as a name in used; it marks it used.
func freeComponentName(name string, used map[string]bool) string {
	out := name
	for n := 2; used[nameKey(out)]; n++ {
		out = fmt.Sprintf("%s%d", name, n)
	}
	used[nameKey(out)] = true
	return out
}
