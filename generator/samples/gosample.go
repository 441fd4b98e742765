package samples

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/dave/jennifer/jen"

	"github.com/apigen-dev/apigen/generator/goclient"
	"github.com/apigen-dev/apigen/generator/model"
)

// goSample prints r as a complete Go program using the generated client:
// credentials and the base URL from the environment through FromEnv, the
// operation's method on its service, every error checked, the vendor's
// refusal reported through the typed APIError.
func goSample(api *model.API, importPath string, c *client, r *request, call *goclient.Call) (string, error) {
	n := api.Names
	if call == nil {
		return "", fmt.Errorf("the generated client has no method for it")
	}
	l := &literals{c: c, pkg: importPath, ptr: n.Ptr}
	args, err := l.args(call.Builder, r)
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
	f.PackageComment(fmt.Sprintf("%s reads the credentials and %s from the environment.", n.FromEnv, api.BaseURLEnv))
	fatal := func() jen.Code {
		return jen.If(jen.Err().Op("!=").Nil()).Block(jen.Qual("log", "Fatal").Call(jen.Err()))
	}
	body := []jen.Code{
		jen.List(jen.Id("client"), jen.Err()).Op(":=").Add(pkg(n.New)).Call(pkg(n.FromEnv).Call()),
		fatal(),
	}
	body = append(body, l.pre...)
	method := jen.Id("client")
	if call.Op.Service != "" {
		method = method.Dot(call.Op.Service)
	}
	invoke := method.Dot(call.Op.Call).Call(append([]jen.Code{jen.Qual("context", "Background").Call()}, args...)...)
	returns := call.Result != nil || call.Op.Answer.Kind == model.AnswerBytes
	if returns {
		body = append(body, jen.List(jen.Id("result"), jen.Err()).Op(":=").Add(invoke))
	} else {
		body = append(body, jen.Err().Op("=").Add(invoke))
	}
	body = append(body,
		jen.Var().Id("apiErr").Op("*").Add(pkg(n.APIError)),
		jen.If(jen.Qual("errors", "As").Call(jen.Err(), jen.Op("&").Id("apiErr"))).Block(
			jen.Qual("log", "Fatalf").Call(jen.Lit("refused: HTTP %d %s: %s"), jen.Id("apiErr").Dot("StatusCode"),
				jen.Id("apiErr").Dot("Code"), jen.Id("apiErr").Dot("Message")),
		),
		fatal(),
	)
	switch {
	case call.Op.Answer.Kind == model.AnswerBytes:
		body = append(body, jen.Qual("fmt", "Println").Call(jen.String().Call(jen.Id("result"))))
	case returns:
		body = append(body, c.printResult(fmt.Sprintf("%#v", call.Result))...)
	default:
		body = append(body, jen.Qual("fmt", "Println").Call(jen.Lit("done")))
	}
	f.Func().Id("main").Params().Block(body...)
	// goimports formats it (and groups the imports): formatting in
	// jennifer first would do the same work twice.
	f.NoFormat = true
	var b bytes.Buffer
	if err := f.Render(&b); err != nil {
		return "", fmt.Errorf("go sample does not format (an apigen bug; please report it): %w", err)
	}
	return goimports(b.Bytes())
}

// args writes the method's arguments after the context: one per
// parameter of the request builder it calls, after the server.
func (l *literals) args(ft *ast.FuncType, r *request) ([]jen.Code, error) {
	var out []jen.Code
	path := r.Path
	first := true
	for _, p := range ft.Params.List {
		for _, n := range p.Names {
			if first {
				first = false // server
				continue
			}
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
	if (name == "contentType" || name == "body") && r.Body == nil {
		// The example body could not be rendered (the request's warning
		// says why); a Go sample without one would not compile.
		return nil, errors.New("the request body has no example")
	}
	switch name {
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
		before := len(l.pre)
		code, err := l.bodyArg(t, r.Body.Value)
		if errors.Is(err, errNoLiteral) && isJSON(r.Body.MediaType) {
			l.pre = l.pre[:before]
			return l.decodedBody(t, r.Body)
		}
		return code, err
	}
	if len(*path) == 0 {
		return nil, errors.New("the spec has fewer path parameters than the method")
	}
	p := (*path)[0]
	*path = (*path)[1:]
	return l.value(t, p.Value)
}

// decodedBody is a JSON body whose type has no Go literal (a field that
// is a union, say): the example, as JSON, decoded into the body's type,
// which can always read it.
func (l *literals) decodedBody(t ast.Expr, b *body) (jen.Code, error) {
	typ, err := l.typeCode(t)
	if err != nil {
		return nil, err
	}
	text := bodyText(b)
	raw := jen.Lit(text)
	if !strings.Contains(text, "`") && utf8.ValidString(text) && !strings.ContainsAny(text, "\r\x00") {
		raw = jen.Op("`" + text + "`")
	}
	l.pre = append(l.pre, jen.Var().Id("body").Add(typ),
		jen.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Index().Byte().Call(raw), jen.Op("&").Id("body")),
			jen.Err().Op("!=").Nil()).Block(jen.Qual("log", "Fatal").Call(jen.Err())))
	return jen.Id("body"), nil
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
	text := bodyText(b)
	if strings.Contains(text, "`") || !utf8.ValidString(text) || strings.ContainsAny(text, "\r\x00") {
		return jen.Qual("strings", "NewReader").Call(jen.Lit(text))
	}
	// The body as the reader would write it: a raw string, one line per
	// line, instead of one quoted line of \n escapes.
	l.pre = append(l.pre, jen.Id("body").Op(":=").Op("`"+text+"`"))
	return jen.Qual("strings", "NewReader").Call(jen.Id("body"))
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
