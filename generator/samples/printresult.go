package samples

import (
	"fmt"
	"go/ast"
	"go/parser"
	"strings"

	"github.com/dave/jennifer/jen"
)

// maxPrinted bounds the fields a sample prints of one value: enough to
// show what came back, few enough to read.
const maxPrinted = 6

// printResult prints what a call returned the way a reader would look at
// it: a struct field by field (optional ones when set), a list item by
// item, the identifying fields of each on one line. Anything else, or a
// type it cannot read, is printed with %+v. resultType is the Go type the
// method returns, as jennifer prints it (*stormwall.DomainPage).
func (c *client) printResult(resultType string) []jen.Code {
	fallback := []jen.Code{jen.Qual("fmt", "Printf").Call(jen.Lit("%+v\n"), jen.Id("result"))}
	// The generated package's own qualifier, if any, goes: client.go's
	// types are unqualified.
	unqualified := func(t string) string {
		if i := strings.LastIndex(t, "."); i >= 0 && !strings.ContainsAny(t, "[]{}") {
			return t[i+1:]
		}
		return t
	}
	if resultType == "json.RawMessage" { // the payload as it came: JSON text
		return []jen.Code{jen.Qual("fmt", "Println").Call(jen.String().Call(jen.Id("result")))}
	}
	t := strings.TrimPrefix(resultType, "*")
	if elem, ok := strings.CutPrefix(t, "[]"); ok {
		t = "[]" + unqualified(strings.TrimPrefix(elem, "*"))
	} else {
		t = unqualified(t)
	}
	e, err := parser.ParseExpr(t)
	if err != nil {
		return fallback
	}
	var out []jen.Code
	switch e := e.(type) {
	case *ast.Ident:
		if st := c.structOf(e); st != nil {
			out = c.printFields(func() *jen.Statement { return jen.Id("result") }, st, maxPrinted)
		}
	case *ast.ArrayType:
		out = c.printItems(jen.Id("result"), e.Elt)
	}
	if len(out) == 0 {
		return fallback
	}
	return out
}

// printFields prints up to limit scalar fields of a struct, each as
// "key: value", then walks its first list of structs.
func (c *client) printFields(v func() *jen.Statement, st *ast.StructType, limit int) []jen.Code {
	var out []jen.Code
	var list *field
	for _, f := range fields(st) {
		if len(out) == limit {
			break
		}
		label := jen.Lit(f.Key + ":")
		switch kind := c.scalar(f.Type); {
		case kind == scalarValue:
			out = append(out, jen.Qual("fmt", "Println").Call(label, v().Dot(f.Name)))
		case kind == scalarPointer:
			out = append(out, jen.If(v().Dot(f.Name).Op("!=").Nil()).Block(
				jen.Qual("fmt", "Println").Call(label, jen.Op("*").Add(v().Dot(f.Name)))))
		case list == nil && isStructList(c, f.Type):
			list = &f
		}
	}
	if list != nil {
		out = append(out, c.printItems(v().Dot(list.Name), list.Type.(*ast.ArrayType).Elt)...)
	}
	return out
}

// printItems ranges over a list, one line per item: the item's own scalar
// fields side by side (the ones every item has), else %+v.
func (c *client) printItems(list *jen.Statement, elem ast.Expr) []jen.Code {
	st := c.structOf(elem)
	if st == nil {
		if c.scalar(elem) == scalarValue {
			return []jen.Code{jen.For(jen.List(jen.Id("_"), jen.Id("item")).Op(":=").Range().Add(list)).Block(
				jen.Qual("fmt", "Println").Call(jen.Id("item")))}
		}
		return nil
	}
	var cols []jen.Code
	for _, f := range fields(st) {
		if len(cols) < 4 && c.scalar(f.Type) == scalarValue {
			cols = append(cols, jen.Id("item").Dot(f.Name))
		}
	}
	line := jen.Qual("fmt", "Println").Call(cols...)
	if len(cols) == 0 {
		line = jen.Qual("fmt", "Printf").Call(jen.Lit("%+v\n"), jen.Id("item"))
	}
	return []jen.Code{jen.For(jen.List(jen.Id("_"), jen.Id("item")).Op(":=").Range().Add(list)).Block(line)}
}

type scalarKind int

const (
	notScalar scalarKind = iota
	scalarValue
	scalarPointer
)

// scalar reports whether a field's type prints as one readable value:
// basic kinds, named types over them (enums), times and dates.
func (c *client) scalar(t ast.Expr) scalarKind {
	if star, ok := t.(*ast.StarExpr); ok {
		if c.scalar(star.X) == scalarValue {
			return scalarPointer
		}
		return notScalar
	}
	for range 8 {
		switch x := t.(type) {
		case *ast.Ident:
			if basicKinds[x.Name] {
				return scalarValue
			}
			ts := c.types[x.Name]
			if ts == nil {
				return notScalar
			}
			t = ts.Type
			continue
		case *ast.SelectorExpr:
			switch fmt.Sprint(x.X, ".", x.Sel.Name) {
			case "time.Time", "openapi_types.Date", "openapi_types.UUID", "openapi_types.Email":
				return scalarValue
			}
		}
		return notScalar
	}
	return notScalar
}

func isStructList(c *client, t ast.Expr) bool {
	a, ok := t.(*ast.ArrayType)
	return ok && a.Len == nil && c.structOf(a.Elt) != nil
}
