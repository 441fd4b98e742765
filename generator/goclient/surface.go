package goclient

import (
	"fmt"
	"go/ast"
	"go/parser"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/apigen-dev/apigen/generator/model"
)

// Call is one operation's method as goclient emitted it, for the samples:
// where it is, what it takes and what it returns.
type Call struct {
	Op      model.Operation
	Builder *ast.FuncType // the request builder it calls; its parameters after server are the method's
	Result  jen.Code      // the Go type of what it returns; nil for none
	Pointer bool          // the result is a pointer to Result
}

// surface is what the services file is built from: the pruned client's
// request builders and declared types, and the answer types oapi-codegen
// gave the payload schemas.
type surface struct {
	api      *model.API
	builders map[string][]*ast.FuncDecl
	types    map[string]*ast.TypeSpec
	imports  map[string]string // package name in client.go → import path
	answers  map[string]string // operation Go name → Go type of its payload
	calls    []Call
	warnings []string
}

func newSurface(api *model.API, f *ast.File, builders map[string][]*ast.FuncDecl, answers map[string]string) *surface {
	s := &surface{api: api, builders: builders, types: map[string]*ast.TypeSpec{}, imports: map[string]string{}, answers: answers}
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		name := path.Base(p)
		if imp.Name != nil {
			name = imp.Name.Name
		}
		s.imports[name] = p
	}
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok {
			for _, spec := range g.Specs {
				if ts, ok := spec.(*ast.TypeSpec); ok {
					s.types[ts.Name.Name] = ts
				}
			}
		}
	}
	return s
}

// methods maps each emitted method ("DomainsService.Get") to its
// operation's Go name, for the self-check.
func (s *surface) methods() map[string]string {
	out := map[string]string{}
	if s == nil {
		return out
	}
	for _, c := range s.calls {
		recv := s.api.Names.Client
		if c.Op.Service != "" {
			recv = c.Op.Service + s.api.Names.ServiceSuffix
		}
		out[recv+"."+c.Op.Call] = c.Op.GoName
	}
	return out
}

// servicesFile emits the Client, New, one type per service and one
// method per operation.
func (s *surface) servicesFile(f *jen.File) {
	api, n := s.api, s.api.Names
	present := map[string]bool{}
	for _, o := range api.Operations {
		present[o.Service] = true
	}
	var services []model.Service
	for _, sv := range api.Services {
		if present[sv.Field] { // a service whose operations were all left out is gone too
			services = append(services, sv)
		}
	}
	var fields []jen.Code
	wire := jen.Dict{jen.Id("rt"): jen.Id("rt")}
	for _, sv := range services {
		doc := fmt.Sprintf("%s holds the operations tagged %q", sv.Field, sv.Tag)
		if sv.Doc != "" {
			doc += ": " + strings.TrimSuffix(sv.Doc, ".")
		}
		fields = append(fields, jen.Comment(model.OneLine(doc+".")), jen.Id(sv.Field).Op("*").Id(sv.Type))
		wire[jen.Id(sv.Field)] = jen.Op("&").Id(sv.Type).Values(jen.Dict{jen.Id("rt"): jen.Id("rt")})
	}
	fields = append(fields, jen.Line(), jen.Id("rt").Op("*").Qual(rtPkg, "Client"))
	f.Comment(fmt.Sprintf("%s is a client for the %s. Make one with %s; it is safe for", n.Client, api.Title, n.New))
	f.Comment("concurrent use. Operations are methods of its services, grouped by the")
	f.Comment("spec's tags; untagged ones are methods of the Client itself.")
	f.Type().Id(n.Client).Struct(fields...)

	constructor(f, api, wire)
	clientMethods(f, api)
	for _, sv := range services {
		f.Comment(model.OneLine(fmt.Sprintf("%s holds the operations tagged %q. Reach it as %s.%s.", sv.Type, sv.Tag, strings.ToLower(n.Client[:1]), sv.Field)))
		f.Type().Id(sv.Type).Struct(jen.Id("rt").Op("*").Qual(rtPkg, "Client"))
	}
	// Methods follow their service, in the model's stable order; the
	// Client's own come last.
	order := map[string]int{}
	for i, sv := range services {
		order[sv.Field] = i
	}
	ops := slices.Clone(api.Operations)
	slices.SortStableFunc(ops, func(a, b model.Operation) int {
		rank := func(o model.Operation) int {
			if o.Service == "" {
				return len(services)
			}
			return order[o.Service]
		}
		return rank(a) - rank(b)
	})
	for _, o := range ops {
		s.method(f, o)
	}
}

// constructor emits New: the settings from the options, the runtime
// client, and every service sharing it.
func constructor(f *jen.File, api *model.API, services jen.Dict) {
	n := api.Names
	server := jen.Lit("")
	if len(api.Servers) > 0 {
		server = jen.Id(n.DefaultServer)
	}
	f.Comment(fmt.Sprintf("%s returns a client for the %s. Credentials go only to the", n.New, api.Title))
	f.Comment(fmt.Sprintf("configured server, error answers come back as *%s, and the vendor's", n.APIError))
	f.Comment(fmt.Sprintf("retryable answers are retried with backoff (see %s).", n.RetryPolicy))
	f.Func().Id(n.New).Params(jen.Id("opts").Op("...").Id(n.Option)).Params(jen.Op("*").Id(n.Client), jen.Error()).Block(
		jen.Id("s").Op(":=").Id("settings").Values(jen.Dict{jen.Id("server"): server}),
		jen.For(jen.List(jen.Id("_"), jen.Id("o")).Op(":=").Range().Id("opts")).Block(jen.Id("o").Call(jen.Op("&").Id("s"))),
		jen.List(jen.Id("rt"), jen.Err()).Op(":=").Qual(rtPkg, "NewClient").Call(jen.Qual(rtPkg, "Config").Values(jen.Dict{
			jen.Id("Policy"): jen.Id("policy"), jen.Id("Server"): jen.Id("s").Dot("server"),
			jen.Id("Auth"): jen.Id("s").Dot("creds").Dot("auth").Call(), jen.Id("Retry"): jen.Id("s").Dot("retry"),
			jen.Id("HTTP"): jen.Id("s").Dot("http"), jen.Id("Editors"): jen.Id("s").Dot("editors"),
		})),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Return(jen.Op("&").Id(n.Client).Values(services), jen.Nil()),
	)
}

// clientMethods emits the escape hatch and the rate-limit snapshot.
func clientMethods(f *jen.File, api *model.API) {
	n := api.Names
	recv := jen.Id("c").Op("*").Id(n.Client)
	f.Comment(fmt.Sprintf("%s sends a request the spec does not describe, with the credentials, limits,", n.ClientDo))
	f.Comment("retries and typed errors of every other call. path is relative to the")
	f.Comment("server and may carry a query. body is nil, url.Values (sent as a form), an")
	f.Comment(fmt.Sprintf("io.Reader (sent as it is; set its Content-Type with %s) or any other", n.EditRequest))
	f.Comment("value (sent as JSON). When out is not nil, the payload of the answer is")
	if api.Envelope != "" {
		f.Comment(fmt.Sprintf("decoded into it, taken out of the envelope (%q) like every answer.", api.Envelope))
	} else {
		f.Comment("decoded into it.")
	}
	f.Func().Params(recv).Id(n.ClientDo).Params(jen.Id("ctx").Qual("context", "Context"), jen.List(jen.Id("method"), jen.Id("path")).String(),
		jen.List(jen.Id("body"), jen.Id("out")).Any(), jen.Id("opts").Op("...").Id(n.CallOption)).Error().Block(
		jen.Return(jen.Id("c").Dot("rt").Dot("Do").Call(jen.Id("ctx"), jen.Id("method"), jen.Id("path"), jen.Id("body"), jen.Id("out"), jen.Id("opts"))))
	if len(api.Runtime.RateLimit) > 0 {
		f.Comment(fmt.Sprintf("%s is what the latest answer said about the rate limits.", n.ClientRateLimit))
		f.Func().Params(recv).Id(n.ClientRateLimit).Params().Id(n.RateLimit).Block(
			jen.Return(jen.Id("c").Dot("rt").Dot("RateLimit").Call()))
	}
}

// method emits the method of one operation.
func (s *surface) method(f *jen.File, o model.Operation) {
	b := s.builder(o.GoName)
	if b == nil {
		s.warnings = append(s.warnings, fmt.Sprintf("%s %s: no request builder in oapi-codegen's output; no method", o.Method, o.Path))
		return
	}
	params, args, err := s.params(b.Type)
	if err != nil {
		s.warnings = append(s.warnings, fmt.Sprintf("%s %s: %v; no method", o.Method, o.Path, err))
		return
	}
	call := Call{Op: o, Builder: b.Type}
	result, pointer := s.result(o)
	call.Result, call.Pointer = result, pointer
	s.calls = append(s.calls, call)

	recvName, recvType := "s", o.Service+s.api.Names.ServiceSuffix
	if o.Service == "" {
		recvName, recvType = "c", s.api.Names.Client
	}
	for _, line := range methodDoc(o) {
		f.Comment(line)
	}
	rt := jen.Id(recvName).Dot("rt")
	sig := append([]jen.Code{jen.Id("ctx").Qual("context", "Context")}, params...)
	sig = append(sig, jen.Id("opts").Op("...").Id(s.api.Names.CallOption))
	build := jen.List(jen.Id("req"), jen.Err()).Op(":=").Id(b.Name.Name).Call(append([]jen.Code{rt.Clone().Dot("Server").Call()}, args...)...)
	tail := []jen.Code{jen.Id("ctx"), rt, jen.Id("req"), jen.Err()}
	env := envelope(o.Answer)
	var results jen.Code
	var ret jen.Code
	switch {
	case result == nil && o.Answer.Kind == model.AnswerBytes:
		results = jen.Params(jen.Index().Byte(), jen.Error())
		ret = jen.Qual(rtPkg, "Raw").Call(append(tail, jen.Id("opts"))...)
	case result == nil:
		results = jen.Error()
		ret = jen.Qual(rtPkg, "Send").Call(append(tail, env, jen.Id("opts"))...)
	case pointer:
		results = jen.Params(jen.Op("*").Add(result), jen.Error())
		ret = jen.Qual(rtPkg, "Call").Types(result).Call(append(tail, env, jen.Id("opts"))...)
	default:
		results = jen.Params(result, jen.Error())
		ret = jen.Qual(rtPkg, "Value").Types(result).Call(append(tail, env, jen.Id("opts"))...)
	}
	f.Func().Params(jen.Id(recvName).Op("*").Id(recvType)).Id(o.Call).Params(sig...).Add(results).Block(build, jen.Return(ret))
	if o.Paging != nil && result != nil {
		s.iterator(f, o, recvName, recvType, b, params, args, result, pointer)
	}
}

// iterator emits the method ranging over every item (or page) of a
// paging operation: each page is the method's request at the next
// position, fetched when the loop gets there.
func (s *surface) iterator(f *jen.File, o model.Operation, recvName, recvType string, b *ast.FuncDecl, params, args []jen.Code, result jen.Code, pointer bool) {
	p, n := o.Paging, s.api.Names
	rt := jen.Id(recvName).Dot("rt")
	var elem jen.Code
	fn := "Items"
	if p.Item == nil {
		fn, elem = "Pages", result
		if pointer {
			elem = jen.Op("*").Add(result)
		}
	} else {
		elem = s.typeOf(itemKey(o.GoName))
	}
	what := "item"
	if p.Item == nil {
		what = "page"
	}
	doc := fmt.Sprintf("%s iterates over every %s %s returns (%s %s), fetching each page only when "+
		"the loop gets to it, with the same credentials, retries and rate limits. It starts where the "+
		"parameters say and stops %s. An error ends the loop as the last value yielded.",
		p.Iterator, what, o.Call, o.Method, o.Path, stopsWhen(p))
	for _, line := range wrap(commentText(doc), 76) {
		f.Comment(line)
	}
	sig := append([]jen.Code{jen.Id("ctx").Qual("context", "Context")}, params...)
	sig = append(sig, jen.Id("opts").Op("...").Id(n.CallOption))
	build := jen.Func().Params().Params(jen.Op("*").Qual("net/http", "Request"), jen.Error()).Block(
		jen.Return(jen.Id(b.Name.Name).Call(append([]jen.Code{rt.Clone().Dot("Server").Call()}, args...)...)))
	f.Func().Params(jen.Id(recvName).Op("*").Id(recvType)).Id(p.Iterator).Params(sig...).
		Qual("iter", "Seq2").Types(elem, jen.Error()).Block(
		jen.Return(jen.Qual(rtPkg, fn).Types(elem).Call(jen.Id("ctx"), rt, build, pagingLit(p), envelope(o.Answer), jen.Id("opts"))))
}

// typeOf is the Go type of an answer or items rawClient resolved, or
// json.RawMessage.
func (s *surface) typeOf(key string) jen.Code {
	if decl, ok := s.answers[key]; ok {
		if e, err := parser.ParseExpr(decl); err == nil {
			if it, ok := e.(*ast.InterfaceType); !ok || it.Methods != nil && len(it.Methods.List) > 0 {
				if code, err := s.typeCode(e); err == nil {
					return code
				}
			}
		}
	}
	return jen.Qual("encoding/json", "RawMessage")
}

// pagingLit is the runtime's Paging for p.
func pagingLit(p *model.Paging) jen.Code {
	d := jen.Dict{jen.Id("Style"): jen.Lit(p.Style), jen.Id("In"): jen.Lit(p.In), jen.Id("Position"): jen.Lit(p.Position)}
	for k, v := range map[string]string{"Size": p.Size, "Items": p.Items, "Total": p.Total, "Next": p.Next} {
		if v != "" {
			d[jen.Id(k)] = jen.Lit(v)
		}
	}
	if p.Start > 0 {
		d[jen.Id("Start")] = jen.Lit(p.Start)
	}
	if p.PageSize > 0 {
		d[jen.Id("PageSize")] = jen.Lit(p.PageSize)
	}
	return jen.Qual(rtPkg, "Paging").Values(d)
}

// stopsWhen says, for the doc comment, how the iterator knows the last page.
func stopsWhen(p *model.Paging) string {
	switch {
	case p.Style == "cursor":
		return "when a page gives no next cursor"
	case p.Item == nil:
		return "after an empty page, or before one that repeats the last"
	case p.Total != "":
		return fmt.Sprintf("once the answer's %s is reached, or at an empty page", p.Total)
	case p.Size != "":
		return fmt.Sprintf("after an empty page or one shorter than %s", p.Size)
	}
	return "after an empty page"
}

// wrap breaks one line of text into lines of at most width bytes, at
// spaces (a longer word stays whole).
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > width {
			lines, line = append(lines, line), ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return append(lines, line)
}

// builder picks the request builder a method calls: the one taking the
// body as JSON, else as a form, else another typed body, else the one
// taking any body with its content type.
func (s *surface) builder(op string) *ast.FuncDecl {
	bs := s.builders[op]
	rank := func(d *ast.FuncDecl) int {
		switch name := d.Name.Name; {
		case strings.HasSuffix(name, "Request"):
			return 0
		case strings.HasSuffix(name, "WithFormdataBody"):
			return 1
		case strings.HasSuffix(name, "RequestWithBody"):
			return 3
		}
		return 2
	}
	var best *ast.FuncDecl
	for _, d := range bs {
		if best == nil || rank(d) < rank(best) || rank(d) == rank(best) && d.Name.Name < best.Name.Name {
			best = d
		}
	}
	return best
}

// params are the method's parameters (the builder's after server) and
// the arguments passing them on.
func (s *surface) params(ft *ast.FuncType) (params, args []jen.Code, err error) {
	taken := map[string]bool{"ctx": true, "opts": true, "req": true, "err": true, "s": true, "c": true}
	for i, p := range ft.Params.List {
		t, err := s.typeCode(p.Type)
		if err != nil {
			return nil, nil, err
		}
		for j, name := range p.Names {
			if i == 0 && j == 0 {
				continue // server
			}
			id := name.Name
			for taken[id] {
				id += "Value"
			}
			taken[id] = true
			params = append(params, jen.Id(id).Add(t))
			args = append(args, jen.Id(id))
		}
	}
	return params, args, nil
}

// result is the Go type a method returns, and whether it returns a
// pointer to it (for structs). A payload without a type of its own, or one
// apigen cannot spell, is returned as json.RawMessage.
func (s *surface) result(o model.Operation) (jen.Code, bool) {
	if o.Answer.Kind != model.AnswerJSON {
		return nil, false
	}
	raw := jen.Qual("encoding/json", "RawMessage")
	decl, ok := s.answers[o.GoName]
	if !ok {
		return raw, false
	}
	e, err := parser.ParseExpr(decl)
	if err != nil {
		return raw, false
	}
	if it, ok := e.(*ast.InterfaceType); ok && (it.Methods == nil || len(it.Methods.List) == 0) {
		return raw, false
	}
	code, err := s.typeCode(e)
	if err != nil {
		s.warnings = append(s.warnings, fmt.Sprintf("%s %s: the answer's Go type %s is written inline; the method returns json.RawMessage", o.Method, o.Path, model.OneLine(decl)))
		return raw, false
	}
	id, ok := e.(*ast.Ident)
	return code, ok && s.isStruct(id.Name)
}

// isStruct follows aliases and named types to a struct.
func (s *surface) isStruct(name string) bool {
	for range 8 {
		ts := s.types[name]
		if ts == nil {
			return false
		}
		switch t := ts.Type.(type) {
		case *ast.StructType:
			return true
		case *ast.Ident:
			name = t.Name
		default:
			return false
		}
	}
	return false
}

// typeCode prints a type expression of client.go with jennifer, package
// references qualified by their import path.
func (s *surface) typeCode(e ast.Expr) (jen.Code, error) {
	switch t := e.(type) {
	case *ast.Ident:
		return jen.Id(t.Name), nil
	case *ast.SelectorExpr:
		if x, ok := t.X.(*ast.Ident); ok && s.imports[x.Name] != "" {
			return jen.Qual(s.imports[x.Name], t.Sel.Name), nil
		}
	case *ast.StarExpr:
		inner, err := s.typeCode(t.X)
		return jen.Op("*").Add(inner), err
	case *ast.ArrayType:
		if t.Len == nil {
			inner, err := s.typeCode(t.Elt)
			return jen.Index().Add(inner), err
		}
	case *ast.MapType:
		k, err := s.typeCode(t.Key)
		if err != nil {
			return nil, err
		}
		v, err := s.typeCode(t.Value)
		return jen.Map(k).Add(v), err
	case *ast.InterfaceType:
		if t.Methods == nil || len(t.Methods.List) == 0 {
			return jen.Interface(), nil
		}
	}
	return nil, fmt.Errorf("type %T has no jennifer form here", e)
}

// envelope is the runtime's Envelope literal for an answer.
func envelope(a model.Answer) jen.Code {
	d := jen.Dict{}
	if a.Envelope != "" && a.Kind == model.AnswerJSON {
		d[jen.Id("Payload")] = jen.Lit(a.Envelope)
	}
	if a.FailureIsData {
		d[jen.Id("FailureIsData")] = jen.True()
	}
	return jen.Qual(rtPkg, "Envelope").Values(d)
}

// methodDoc is a method's doc comment from the spec: what it calls, the
// summary, the description, and whether it is deprecated.
func methodDoc(o model.Operation) []string {
	first := fmt.Sprintf("%s calls %s %s", o.Call, o.Method, o.Path)
	if sum := strings.TrimSuffix(model.OneLine(o.Summary), "."); sum != "" {
		first += ": " + sum
	}
	lines := []string{model.OneLine(first) + "."}
	if d := strings.TrimSpace(o.Description); d != "" {
		lines = append(lines, "")
		for _, l := range strings.Split(d, "\n") {
			lines = append(lines, commentText(l))
		}
	}
	if o.Deprecated {
		lines = append(lines, "", "Deprecated: the spec marks this operation deprecated.")
	}
	return slices.Clip(lines)
}

// commentText makes spec text safe for one jennifer comment line: one
// line (OneLine), and never starting with // or /*, which jennifer would
// print as they are, outside the comment.
func commentText(s string) string {
	s = model.OneLine(s)
	if strings.HasPrefix(s, "//") || strings.HasPrefix(s, "/*") {
		s = " " + s
	}
	return s
}
