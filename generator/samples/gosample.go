package samples

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"path"

	"github.com/dave/jennifer/jen"

	"github.com/apigen-dev/apigen/generator/model"
)

// goSample prints r as a complete Go program using the generated client:
// credentials and the base URL from the environment through FromEnv, every
// error checked, the vendor's refusal reported through the typed APIError.
func goSample(api *model.API, importPath string, c *client, r *request) (string, error) {
	l := &literals{c: c, pkg: importPath}
	method, args, err := l.call(r)
	if err != nil {
		return "", err
	}
	pkg := func(name string) *jen.Statement { return jen.Qual(importPath, name) }
	f := jen.NewFile("main")
	if path.Base(importPath) == api.Package {
		f.ImportName(importPath, api.Package)
	} else {
		f.ImportAlias(importPath, api.Package)
	}
	f.PackageComment(fmt.Sprintf("Command %s calls %s %s (%s).", r.Op.GoName, r.Op.Method, oneLine(r.Op.Path), oneLine(api.Title)))
	f.PackageComment(fmt.Sprintf("FromEnv reads the credentials and %s from the environment.", api.BaseURLEnv))
	fatal := func() jen.Code {
		return jen.If(jen.Err().Op("!=").Nil()).Block(jen.Qual("log", "Fatal").Call(jen.Err()))
	}
	body := []jen.Code{
		jen.List(jen.Id("client"), jen.Err()).Op(":=").Add(pkg("New")).Call(pkg("FromEnv").Call()),
		fatal(),
	}
	body = append(body, l.pre...)
	body = append(body,
		jen.List(jen.Id("resp"), jen.Err()).Op(":=").Id("client").Dot(method).Call(args...),
		jen.Var().Id("apiErr").Op("*").Add(pkg("APIError")),
		jen.If(jen.Qual("errors", "As").Call(jen.Err(), jen.Op("&").Id("apiErr"))).Block(
			jen.Qual("log", "Fatalf").Call(jen.Lit("refused: HTTP %d %s: %s"), jen.Id("apiErr").Dot("StatusCode"),
				jen.Id("apiErr").Dot("Code"), jen.Id("apiErr").Dot("Message")),
		),
		fatal(),
		jen.Qual("fmt", "Println").Call(jen.Id("resp").Dot("Status").Call()),
	)
	if c.hasField(r.Op.GoName+"Response", "JSON200") {
		body = append(body, jen.Qual("fmt", "Printf").Call(jen.Lit("%+v\n"), jen.Id("resp").Dot("JSON200")))
	} else {
		body = append(body, jen.Qual("fmt", "Println").Call(jen.String().Call(jen.Id("resp").Dot("Body"))))
	}
	f.Func().Id("main").Params().Block(body...)
	if l.usesPtr {
		f.Line()
		f.Comment("ptr returns a pointer to v: optional fields are pointers.")
		f.Func().Id("ptr").Types(jen.Id("T").Any()).Params(jen.Id("v").Id("T")).Op("*").Id("T").Block(
			jen.Return(jen.Op("&").Id("v")))
	}
	var b bytes.Buffer
	if err := f.Render(&b); err != nil {
		return "", fmt.Errorf("go sample does not format (an apigen bug; please report it): %w", err)
	}
	return b.String(), nil
}

// call picks the client method for r and writes its arguments: the typed
// body method when the body has a literal, else the one taking a reader.
func (l *literals) call(r *request) (string, []jen.Code, error) {
	name := r.Op.GoName
	candidates := []string{name + "WithResponse"}
	if r.Body != nil {
		switch {
		case r.Body.MediaType == "application/x-www-form-urlencoded":
			candidates = []string{name + "WithFormdataBodyWithResponse", name + "WithBodyWithResponse"}
		case isJSON(r.Body.MediaType):
			candidates = append(candidates, name+"WithBodyWithResponse")
		default:
			candidates = []string{name + "WithBodyWithResponse"}
		}
	}
	var lastErr error
	for _, m := range candidates {
		ft := l.c.methods[m]
		if ft == nil {
			continue
		}
		l.pre, l.usesPtr = nil, false
		args, err := l.args(ft, r)
		if err == nil {
			return m, args, nil
		}
		lastErr = err
	}
	if lastErr == nil {
		lastErr = fmt.Errorf("client.go has none of %v", candidates)
	}
	return "", nil, lastErr
}

// args writes one argument per parameter of the method, in order.
func (l *literals) args(ft *ast.FuncType, r *request) ([]jen.Code, error) {
	var out []jen.Code
	path := r.Path
	for _, p := range ft.Params.List {
		for _, n := range p.Names {
			code, err := l.arg(n.Name, p.Type, r, &path)
			if err != nil {
				return nil, fmt.Errorf("argument %s: %w", n.Name, err)
			}
			if code != nil {
				out = append(out, code)
			}
		}
	}
	return out, nil
}

func (l *literals) arg(name string, t ast.Expr, r *request, path *[]param) (jen.Code, error) {
	switch name {
	case "ctx":
		return jen.Qual("context", "Background").Call(), nil
	case "reqEditors":
		return nil, nil
	case "params":
		return l.params(t, r)
	case "contentType":
		if r.Body.MediaType == "multipart/form-data" {
			return jen.Id("form").Dot("FormDataContentType").Call(), nil
		}
		return jen.Lit(r.Body.MediaType), nil
	case "body":
		if _, isReader := t.(*ast.SelectorExpr); isReader { // io.Reader
			return l.reader(r.Body), nil
		}
		return l.bodyArg(t, r.Body.Value)
	}
	if len(*path) == 0 {
		return nil, errors.New("the spec has fewer path parameters than the method")
	}
	p := (*path)[0]
	*path = (*path)[1:]
	return l.value(t, p.Value)
}

// reader is a body the client sends as it is: multipart built with
// mime/multipart, a form encoded by url.Values, anything else as text.
func (l *literals) reader(b *body) jen.Code {
	fatalIf := func(call jen.Code) jen.Code {
		return jen.If(jen.Err().Op(":=").Add(call), jen.Err().Op("!=").Nil()).Block(jen.Qual("log", "Fatal").Call(jen.Err()))
	}
	switch b.MediaType {
	case "multipart/form-data":
		l.pre = append(l.pre, jen.Var().Id("body").Qual("bytes", "Buffer"),
			jen.Id("form").Op(":=").Qual("mime/multipart", "NewWriter").Call(jen.Op("&").Id("body")))
		for _, f := range formFields(b.Value) {
			l.pre = append(l.pre, fatalIf(jen.Id("form").Dot("WriteField").Call(jen.Lit(f[0]), jen.Lit(f[1]))))
		}
		l.pre = append(l.pre, fatalIf(jen.Id("form").Dot("Close").Call()))
		return jen.Op("&").Id("body")
	case "application/x-www-form-urlencoded":
		d := jen.Dict{}
		values := map[string][]jen.Code{}
		var keys []string
		for _, f := range formFields(b.Value) {
			if values[f[0]] == nil {
				keys = append(keys, f[0])
			}
			values[f[0]] = append(values[f[0]], jen.Lit(f[1]))
		}
		for _, k := range keys {
			d[jen.Lit(k)] = jen.Values(values[k]...)
		}
		return jen.Qual("strings", "NewReader").Call(jen.Qual("net/url", "Values").Values(d).Dot("Encode").Call())
	}
	return jen.Qual("strings", "NewReader").Call(jen.Lit(bodyText(b)))
}

// params fills the XxxParams struct from the query, header and cookie
// examples, matched by the wire name in each field's tag. A value without
// a literal is left out when optional.
func (l *literals) params(t ast.Expr, r *request) (jen.Code, error) {
	st := l.c.structOf(t)
	if st == nil {
		return nil, errNoLiteral
	}
	values := map[string]any{}
	for _, group := range [][]param{r.Query, r.Headers, r.Cookies} {
		for _, p := range group {
			values[p.Name] = p.Value
		}
	}
	if len(values) == 0 {
		return jen.Nil(), nil
	}
	d := jen.Dict{}
	for _, f := range fields(st) {
		v, ok := values[f.Key]
		if !ok {
			continue
		}
		lit, err := l.value(f.Type, v)
		if err != nil {
			if _, optional := f.Type.(*ast.StarExpr); optional {
				continue
			}
			return nil, err
		}
		d[jen.Id(f.Name)] = lit
	}
	star, ok := t.(*ast.StarExpr)
	if !ok {
		return nil, errNoLiteral
	}
	typ, err := l.typeCode(star.X)
	if err != nil {
		return nil, err
	}
	return jen.Op("&").Add(typ).Values(d), nil
}

// hasField reports whether the named struct type has the field.
func (c *client) hasField(typeName, name string) bool {
	st := c.structOf(&ast.Ident{Name: typeName})
	if st == nil {
		return false
	}
	for _, f := range fields(st) {
		if f.Name == name {
			return true
		}
	}
	return false
}
