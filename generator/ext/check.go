package ext

import (
	"fmt"
	"go/token"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pb33f/go-yaml"

	"github.com/apigen-dev/apigen/generator/pos"
)

// Check validates value, the YAML value of extension key in file, found at
// where ("" when the place cannot be told, as under a filter target). The
// error, a *pos.Error, is at the node that is wrong: the misspelt key, the
// value of the wrong type, the extension in a place nothing reads it from.
func Check(file, key string, where Location, at string, keyNode, value *yaml.Node) error {
	def, ok := Lookup(key)
	if !ok {
		if s := suggest(key, defKeys()); s != "" {
			return posAt(file, keyNode, "%s: unknown extension: did you mean %q?", key, s)
		}
		return posAt(file, keyNode, "%s: unknown extension (apigen reads %s)", key, strings.Join(defKeys(), ", "))
	}
	if where != "" && !def.readAt(where) {
		return posAt(file, keyNode, "%s at %s: apigen reads it only on %s; here it would be ignored", key, at, def.Places())
	}
	if err := checkValue(file, key, def.Type, value, ""); err != nil {
		return err
	}
	if def.Rules != nil {
		if problem, n := def.Rules(where, value); problem != "" {
			return posAt(file, n, "%s: %s", key, problem)
		}
	}
	return nil
}

// member is the key and value nodes of key in mapping m, or nils.
func member(m *yaml.Node, key string) (k, v *yaml.Node) {
	for i := 0; m.Kind == yaml.MappingNode && i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

// nameRules: a tag's name becomes a Go identifier (c.MySQL, MySQLService).
func nameRules(where Location, n *yaml.Node) (string, *yaml.Node) {
	if where == Tag && checkRule("", "", n, "goname") != nil {
		return fmt.Sprintf("%q: a tag's name is its service's Go name: want an exported Go name like MySQL", n.Value), n
	}
	return "", nil
}

// envelopeRules: the document says only where the payload is; an
// operation says where, or that there is none, or only failure-is-data.
func envelopeRules(where Location, n *yaml.Node) (string, *yaml.Node) {
	pk, pv := member(n, "payload")
	nk, nv := member(n, "none")
	fk, _ := member(n, "failure-is-data")
	switch where {
	case Document:
		if nk != nil || fk != nil {
			return "on the document only payload is allowed (none and failure-is-data belong on an operation)", firstOf(nk, fk)
		}
	case Operation:
		none := nv != nil && nv.Value == "true"
		switch {
		case none && pk != nil && pv.Value != "":
			return "payload and none exclude each other", pk
		case !none && (pk == nil || pv.Value == "") && fk == nil:
			return "say where the payload is (payload) or that there is no envelope (none: true)", n
		}
	}
	return "", nil
}

// paginationRules: each style takes its own keys.
func paginationRules(_ Location, n *yaml.Node) (string, *yaml.Node) {
	allowed := map[string][]string{
		"offset": {"style", "offset", "limit", "items", "total"},
		"page":   {"style", "page", "per-page", "items", "total", "start"},
		"cursor": {"style", "cursor", "next", "limit", "items"},
	}
	required := map[string][]string{"offset": {"offset"}, "page": {"page"}, "cursor": {"cursor", "next"}}
	_, style := member(n, "style")
	keys, ok := allowed[style.Value]
	if !ok {
		return fmt.Sprintf("style %q: want offset, page or cursor", style.Value), style
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; !slices.Contains(keys, k.Value) {
			return fmt.Sprintf("style %s takes %s; not %s", style.Value, orList(keys[1:]), k.Value), k
		}
	}
	for _, r := range required[style.Value] {
		if k, _ := member(n, r); k == nil {
			return fmt.Sprintf("style %s needs %s", style.Value, r), n
		}
	}
	if k, v := member(n, "start"); k != nil && strings.HasPrefix(v.Value, "-") {
		return "start is the first page number: want 0 or more", v
	}
	return "", nil
}

func firstOf(nodes ...*yaml.Node) *yaml.Node {
	for _, n := range nodes {
		if n != nil {
			return n
		}
	}
	return nil
}

func defKeys() []string {
	var out []string
	for _, d := range Defs() {
		out = append(out, d.Key)
	}
	return out
}

func posAt(file string, n *yaml.Node, format string, args ...any) error {
	if n == nil {
		return pos.At(file, 0, 0, format, args...)
	}
	return pos.At(file, n.Line, n.Column, format, args...)
}

// checkValue checks n against Go type t; path names the value in messages
// ("x-apigen-retry.statuses[1]") and rule is the field's check tag.
func checkValue(file, path string, t reflect.Type, n *yaml.Node, rule string) error {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	switch t.Kind() {
	case reflect.Pointer:
		return checkValue(file, path, t.Elem(), n, rule)
	case reflect.Struct:
		return checkStruct(file, path, t, n)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return posAt(file, n, "%s: want a list of %s, got %s", path, TypeName(t.Elem()), describe(n))
		}
		for i, item := range n.Content {
			if err := checkValue(file, fmt.Sprintf("%s[%d]", path, i), t.Elem(), item, rule); err != nil {
				return err
			}
		}
		return nil
	case reflect.Interface:
		if n.Kind != yaml.ScalarNode {
			return posAt(file, n, "%s: want a string, number, boolean or null, got %s", path, describe(n))
		}
		return nil
	}
	want := map[reflect.Kind]string{reflect.String: "!!str", reflect.Bool: "!!bool", reflect.Int: "!!int", reflect.Int64: "!!int"}[t.Kind()]
	if n.Kind != yaml.ScalarNode || n.ShortTag() != want {
		hint := ""
		if t.Kind() == reflect.String && n.Kind == yaml.ScalarNode && n.ShortTag() != "!!null" {
			hint = fmt.Sprintf(" (quote it: \"%s\")", n.Value)
		}
		return posAt(file, n, "%s: want %s, got %s%s", path, article(TypeName(t)), describe(n), hint)
	}
	return checkRule(file, path, n, rule)
}

func checkStruct(file, path string, t reflect.Type, n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return posAt(file, n, "%s: want an object with keys %s, got %s", path, orList(keys(t)), describe(n))
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		f, ok := fieldByKey(t, k.Value)
		if !ok {
			if s := suggest(k.Value, keys(t)); s != "" {
				return posAt(file, k, "%s: unknown key %q: did you mean %q?", path, k.Value, s)
			}
			return posAt(file, k, "%s: unknown key %q (want %s)", path, k.Value, orList(keys(t)))
		}
		if seen[k.Value] {
			return posAt(file, k, "%s: key %q given twice", path, k.Value)
		}
		seen[k.Value] = true
		if err := checkValue(file, path+"."+k.Value, f.Type, v, ruleOf(f)); err != nil {
			return err
		}
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if name, _ := jsonName(f); strings.Contains(f.Tag.Get("check"), "required") && !seen[name] {
			return posAt(file, n, "%s: missing key %q", path, name)
		}
	}
	return nil
}

func fieldByKey(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		if name, _ := jsonName(t.Field(i)); name == key {
			return t.Field(i), true
		}
	}
	return reflect.StructField{}, false
}

// ruleOf is a field's value rule, without "required" (checked by the struct).
func ruleOf(f reflect.StructField) string {
	for _, r := range strings.Split(f.Tag.Get("check"), ",") {
		if r != "required" {
			return r
		}
	}
	return ""
}

var (
	statusPattern = regexp.MustCompile(`^([1-5][0-9][0-9]|[1-5]XX)$`)
	envPattern    = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
)

// checkRule applies a field's value rule to a scalar of the right type.
func checkRule(file, path string, n *yaml.Node, rule string) error {
	v := n.Value
	var problem string
	switch rule {
	case "goname":
		if !token.IsExported(v) || !token.IsIdentifier(v) || strings.ContainsFunc(v, func(r rune) bool { return r > 127 }) {
			problem = "want an exported Go name (ASCII letters and digits, starting upper-case)"
		}
	case "env":
		if !envPattern.MatchString(v) {
			problem = "want an upper-case environment variable name (A-Z, 0-9, _)"
		}
	case "status":
		if !statusPattern.MatchString(v) {
			problem = "want a status code like \"429\" or a class like \"5XX\""
		}
	case "pattern":
		if re, err := regexp.Compile(v); err != nil {
			problem = "not a regular expression: " + strings.TrimPrefix(err.Error(), "error parsing regexp: ")
		} else if re.NumSubexp() < 1 {
			problem = "want a regular expression whose first group ( ) captures the seconds"
		}
	case "dotpath":
		if v != "" && slices.Contains(strings.Split(v, "."), "") {
			problem = "want keys separated by single dots, like payload or data.items"
		}
	case "positive":
		if i, err := strconv.ParseInt(v, 0, 64); err != nil || i <= 0 {
			problem = "want a positive number of bytes"
		}
	}
	if problem != "" {
		return posAt(file, n, "%s: %q: %s", path, v, problem)
	}
	return nil
}

// TypeName is how docs and messages name a Go type of an extension value.
func TypeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return TypeName(t.Elem())
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int64:
		return "integer"
	case reflect.Interface:
		return "scalar"
	case reflect.Slice:
		return "list of " + TypeName(t.Elem())
	case reflect.Struct:
		return "object"
	}
	return t.String()
}

func article(s string) string {
	if strings.IndexByte("aeiou", s[0]) >= 0 {
		return "an " + s
	}
	return "a " + s
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "an object"
	case yaml.SequenceNode:
		return "a list"
	}
	switch n.ShortTag() {
	case "!!null":
		return "null"
	case "!!str":
		return strconv.Quote(n.Value)
	}
	return n.Value
}

func orList(keys []string) string {
	switch len(keys) {
	case 0:
		return "nothing"
	case 1:
		return keys[0]
	}
	return strings.Join(keys[:len(keys)-1], ", ") + " or " + keys[len(keys)-1]
}

// suggest names the known key a misspelling most likely meant: the same
// letters ignoring case, '-' and '_', or one letter different.
func suggest(got string, known []string) string {
	norm := func(s string) string {
		return strings.NewReplacer("-", "", "_", "").Replace(strings.ToLower(s))
	}
	for _, k := range known {
		if norm(k) == norm(got) || oneEdit(k, got) {
			return k
		}
	}
	return ""
}

// oneEdit reports whether a and b differ by one inserted, deleted or
// replaced byte, or two swapped neighbours.
func oneEdit(a, b string) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	if len(a)-len(b) > 1 {
		return false
	}
	i := 0
	for i < len(b) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		swapped := i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
		return swapped || i < len(a) && a[i+1:] == b[i+1:]
	}
	return a[i+1:] == b[i:]
}
