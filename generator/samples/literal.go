package samples

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/dave/jennifer/jen"
)

// errNoLiteral says a value has no Go literal apigen can write for its type
// (an inline struct, a union); the caller falls back to a simpler form.
var errNoLiteral = errors.New("no literal for this type")

// literals writes Go values of the client's types from example values.
type literals struct {
	c   *client
	pkg string     // import path of the generated package
	ptr string     // the package's Ptr function
	pre []jen.Code // statements before the call (the body)
}

// value is a literal of type t holding v.
func (l *literals) value(t ast.Expr, v any) (jen.Code, error) {
	switch t := t.(type) {
	case *ast.StarExpr:
		return l.pointer(t.X, v)
	case *ast.ArrayType:
		return l.slice(t, v, nil)
	case *ast.MapType:
		return l.mapOf(t, v, nil)
	case *ast.InterfaceType:
		return dynamic(v)
	case *ast.SelectorExpr:
		return l.external(t, v)
	case *ast.Ident:
		if b := basic(t.Name, v); b != nil {
			return b, nil
		}
		return l.named(t.Name, v)
	}
	return nil, errNoLiteral
}

// named is a literal of a type client.go declares.
func (l *literals) named(name string, v any) (jen.Code, error) {
	ts := l.c.types[name]
	if ts == nil {
		return nil, errNoLiteral
	}
	if ts.Assign.IsValid() { // an alias: a literal of what it stands for fits
		return l.value(ts.Type, v)
	}
	self := jen.Qual(l.pkg, name)
	switch u := ts.Type.(type) {
	case *ast.StructType:
		return l.structLit(self, u, v)
	case *ast.ArrayType:
		return l.slice(u, v, self)
	case *ast.MapType:
		return l.mapOf(u, v, self)
	}
	if c, ok := l.c.enums[[2]string{name, scalar(v)}]; ok && isScalar(v) {
		return jen.Qual(l.pkg, c), nil // stormwall.BackendStatusEnabled, not BackendStatus("enabled")
	}
	inner, err := l.value(ts.Type, v)
	if err != nil {
		return nil, err
	}
	return jen.Qual(l.pkg, name).Call(inner), nil
}

func (l *literals) pointer(elem ast.Expr, v any) (jen.Code, error) {
	if l.c.structOf(elem) != nil {
		inner, err := l.value(elem, v)
		if err != nil {
			return nil, err
		}
		return jen.Op("&").Add(inner), nil
	}
	inner, err := l.value(elem, v)
	if err != nil {
		return nil, err
	}
	if id, ok := elem.(*ast.Ident); ok && !inferred[id.Name] && basic(id.Name, v) != nil {
		inner = jen.Id(id.Name).Call(inner) // ptr(3) would be an *int
	}
	if l.c.isInterface(elem) {
		// Ptr(map[string]any{...}) would be a *map, not the field's *any.
		typ, err := l.typeCode(elem)
		if err != nil {
			return nil, err
		}
		return jen.Qual(l.pkg, l.ptr).Types(typ).Call(inner), nil
	}
	return jen.Qual(l.pkg, l.ptr).Call(inner), nil
}

// inferred are the basic types Go infers for an untyped constant.
var inferred = map[string]bool{"string": true, "bool": true, "int": true, "float64": true}

func (l *literals) structLit(typ *jen.Statement, st *ast.StructType, v any) (jen.Code, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, errNoLiteral
	}
	d := jen.Dict{}
	for _, f := range fields(st) {
		ev, ok, err := fieldValue(f, m)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		lit, err := l.value(f.Type, ev)
		if skippable(f, err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		d[jen.Id(f.Name)] = lit
	}
	return typ.Values(d), nil
}

// skippable reports an optional field (a pointer) whose example has no
// literal (a slice of inline structs, say): the sample leaves it out and
// still calls the typed method, as the cURL samples still send it.
func skippable(f field, err error) bool {
	_, optional := f.Type.(*ast.StarExpr)
	return optional && errors.Is(err, errNoLiteral)
}

// fieldValue is the example value of one field, if the example has one.
func fieldValue(f field, m map[string]any) (any, bool, error) {
	if f.Key == "" || f.Key == "-" {
		if _, ok := f.Type.(*ast.Ident); !ok && f.Name != "AdditionalProperties" {
			return nil, false, errNoLiteral // a union or an embedded type
		}
		return nil, false, nil
	}
	v, ok := m[f.Key]
	return v, ok, nil
}

// bodyArg declares the request body before the call: a struct as a
// variable set field by field, which also reaches the inline structs
// oapi-codegen emits for nested objects; anything else as one literal.
func (l *literals) bodyArg(t ast.Expr, v any) (jen.Code, error) {
	st := l.c.structOf(t)
	if _, isPtr := t.(*ast.StarExpr); st == nil || isPtr {
		return l.value(t, v)
	}
	typ, err := l.typeCode(t)
	if err != nil {
		return nil, err
	}
	sets, err := l.assign(func() *jen.Statement { return jen.Id("body") }, st, v)
	if err != nil {
		return nil, err
	}
	l.pre = append(append(l.pre, jen.Var().Id("body").Add(typ)), sets...)
	return jen.Id("body"), nil
}

func (l *literals) assign(target func() *jen.Statement, st *ast.StructType, v any) ([]jen.Code, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, errNoLiteral
	}
	var out []jen.Code
	for _, f := range fields(st) {
		ev, ok, err := fieldValue(f, m)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		to := func() *jen.Statement { return target().Dot(f.Name) }
		if inline, isInline := f.Type.(*ast.StructType); isInline {
			sets, err := l.assign(to, inline, ev)
			if err != nil {
				return nil, err
			}
			out = append(out, sets...)
			continue
		}
		lit, err := l.value(f.Type, ev)
		if skippable(f, err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, to().Op("=").Add(lit))
	}
	return out, nil
}

func (l *literals) slice(t *ast.ArrayType, v any, typ *jen.Statement) (jen.Code, error) {
	// oapi-codegen's []byte (format byte or binary), from the example's
	// text. A format byte value is base64 on the wire, and the client
	// encodes it: the sample holds the bytes the example decodes to.
	if elt, isIdent := t.Elt.(*ast.Ident); isIdent && elt.Name == "byte" && t.Len == nil {
		if s, isText := v.(string); isText {
			if b, err := base64.StdEncoding.DecodeString(s); err == nil && s != "" && utf8.Valid(b) {
				s = string(b)
			}
			return jen.Index().Byte().Call(jen.Lit(s)), nil
		}
	}
	a, ok := v.([]any)
	if !ok || t.Len != nil {
		return nil, errNoLiteral
	}
	if typ == nil {
		et, err := l.typeCode(t.Elt)
		if err != nil {
			return nil, err
		}
		typ = jen.Index().Add(et)
	}
	var elems []jen.Code
	for _, e := range a {
		lit, err := l.value(t.Elt, e)
		if err != nil {
			return nil, err
		}
		elems = append(elems, lit)
	}
	return typ.Values(elems...), nil
}

func (l *literals) mapOf(t *ast.MapType, v any, typ *jen.Statement) (jen.Code, error) {
	m, ok := v.(map[string]any)
	if k, isIdent := t.Key.(*ast.Ident); !ok || !isIdent || k.Name != "string" {
		return nil, errNoLiteral
	}
	if typ == nil {
		vt, err := l.typeCode(t.Value)
		if err != nil {
			return nil, err
		}
		typ = jen.Map(jen.String()).Add(vt)
	}
	d := jen.Dict{}
	for _, k := range sortedKeys(m) {
		lit, err := l.value(t.Value, m[k])
		if err != nil {
			return nil, err
		}
		d[jen.Lit(k)] = lit
	}
	return typ.Values(d), nil
}

// typeCode writes a type expression of client.go in the sample's terms.
func (l *literals) typeCode(t ast.Expr) (*jen.Statement, error) {
	switch t := t.(type) {
	case *ast.Ident:
		if t.Name == "any" || basicKinds[t.Name] {
			return jen.Id(t.Name), nil
		}
		return jen.Qual(l.pkg, t.Name), nil
	case *ast.StarExpr:
		inner, err := l.typeCode(t.X)
		return jen.Op("*").Add(inner), err
	case *ast.ArrayType:
		inner, err := l.typeCode(t.Elt)
		if t.Len != nil {
			return nil, errNoLiteral
		}
		return jen.Index().Add(inner), err
	case *ast.MapType:
		k, err := l.typeCode(t.Key)
		if err != nil {
			return nil, err
		}
		v, err := l.typeCode(t.Value)
		return jen.Map(k).Add(v), err
	case *ast.InterfaceType:
		if t.Methods == nil || len(t.Methods.List) == 0 {
			return jen.Any(), nil
		}
	case *ast.SelectorExpr:
		if x, ok := t.X.(*ast.Ident); ok && l.c.imports[x.Name] != "" {
			return jen.Qual(l.c.imports[x.Name], t.Sel.Name), nil
		}
	}
	return nil, errNoLiteral
}

var basicKinds = map[string]bool{
	"string": true, "bool": true, "int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "float32": true, "float64": true,
	"byte": true, "rune": true,
}

// basic is a literal of a basic type, or nil when kind is not one or v
// does not fit it.
func basic(kind string, v any) jen.Code {
	switch kind {
	case "string":
		return jen.Lit(scalar(v))
	case "bool":
		if b, ok := v.(bool); ok {
			return jen.Lit(b)
		}
	case "float32", "float64":
		if n, ok := v.(json.Number); ok {
			if f, err := n.Float64(); err == nil {
				return jen.Lit(f)
			}
		}
	default:
		if !basicKinds[kind] {
			return nil
		}
		if n, ok := v.(json.Number); ok {
			if i, err := strconv.ParseInt(n.String(), 10, 64); err == nil {
				return jen.Lit(int(i))
			}
		}
	}
	return nil
}

// dynamic is a literal for an any-typed field: JSON as Go values.
func dynamic(v any) (jen.Code, error) {
	switch v := v.(type) {
	case nil:
		return jen.Nil(), nil
	case string, bool:
		return jen.Lit(v), nil
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return jen.Lit(int(i)), nil
		}
		f, _ := v.Float64()
		return jen.Lit(f), nil
	case []any:
		var elems []jen.Code
		for _, e := range v {
			c, err := dynamic(e)
			if err != nil {
				return nil, err
			}
			elems = append(elems, c)
		}
		return jen.Index().Any().Values(elems...), nil
	case map[string]any:
		d := jen.Dict{}
		for _, k := range sortedKeys(v) {
			c, err := dynamic(v[k])
			if err != nil {
				return nil, err
			}
			d[jen.Lit(k)] = c
		}
		return jen.Map(jen.String()).Any().Values(d), nil
	}
	return nil, errNoLiteral
}

// external covers the types from other packages oapi-codegen uses for
// formats: times, dates, raw JSON.
func (l *literals) external(t *ast.SelectorExpr, v any) (jen.Code, error) {
	x, _ := t.X.(*ast.Ident)
	if x == nil {
		return nil, errNoLiteral
	}
	path := l.c.imports[x.Name]
	s, _ := v.(string)
	switch {
	case path == "time" && t.Sel.Name == "Time":
		return timeLit(s, time.RFC3339Nano)
	case path == "github.com/oapi-codegen/runtime/types" && t.Sel.Name == "Date":
		tl, err := timeLit(s, time.DateOnly)
		if err != nil {
			return nil, err
		}
		return jen.Qual(path, "Date").Values(jen.Dict{jen.Id("Time"): tl}), nil
	case path == "github.com/oapi-codegen/runtime/types" && t.Sel.Name == "Email":
		return jen.Qual(path, "Email").Call(jen.Lit(s)), nil
	case path == "github.com/oapi-codegen/runtime/types" && t.Sel.Name == "UUID":
		return jen.Qual("github.com/google/uuid", "MustParse").Call(jen.Lit(s)), nil
	case path == "encoding/json" && t.Sel.Name == "RawMessage":
		raw, err := json.Marshal(v)
		if err != nil {
			return nil, errNoLiteral
		}
		return jen.Qual(path, "RawMessage").Call(jen.Lit(string(raw))), nil
	}
	return nil, errNoLiteral
}

func timeLit(s, layout string) (jen.Code, error) {
	t, err := time.Parse(layout, s)
	if err != nil {
		return nil, fmt.Errorf("%w: %q is not a %s", errNoLiteral, s, layout)
	}
	t = t.UTC()
	return jen.Qual("time", "Date").Call(jen.Lit(t.Year()), jen.Qual("time", t.Month().String()), jen.Lit(t.Day()),
		jen.Lit(t.Hour()), jen.Lit(t.Minute()), jen.Lit(t.Second()), jen.Lit(t.Nanosecond()), jen.Qual("time", "UTC")), nil
}
