package goclient

import (
	"go/ast"
	"go/token"
	"strings"

	"github.com/apigen-dev/apigen/generator/model"
)

// oapi-codegen's client template writes a Client type with options, an
// interface and two methods per operation, around the request builders.
// apigen's services replace all of that, so prune keeps only the builders,
// unexported (a user calls c.Domains.Get, never newGetDomainRequest): the
// package's exported API is the models and apigen's surface, and go doc
// lists no plumbing.

// prune drops oapi-codegen's client plumbing (model.OAPIPlumbing and every
// method on its client type) from f and unexports the request builders of
// api's operations. It returns the builders by operation Go name.
func prune(f *ast.File, api *model.API) map[string][]*ast.FuncDecl {
	ops := make(map[string]bool, len(api.Operations))
	for _, o := range api.Operations {
		ops[o.GoName] = true
	}
	oapiPlumbing := map[string]bool{}
	for _, n := range model.OAPIPlumbing() {
		oapiPlumbing[n] = true
	}
	builders := map[string][]*ast.FuncDecl{}
	renamed := map[string]string{}
	var gone []span
	kept := f.Decls[:0]
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil && receiverIs(d, model.OAPIClient) || d.Recv == nil && oapiPlumbing[d.Name.Name] {
				gone = append(gone, spanOf(d, d.Doc))
				continue
			}
			if op := builderOf(d, ops); op != "" {
				old := d.Name.Name
				renamed[old] = "n" + old[1:]
				if d.Doc != nil && len(d.Doc.List) > 0 {
					d.Doc.List[0].Text = strings.Replace(d.Doc.List[0].Text, old, renamed[old], 1)
				}
				builders[op] = append(builders[op], d)
			}
		case *ast.GenDecl:
			if d.Tok == token.TYPE && len(d.Specs) == 1 && oapiPlumbing[d.Specs[0].(*ast.TypeSpec).Name.Name] {
				gone = append(gone, spanOf(d, d.Doc))
				continue
			}
		}
		kept = append(kept, d)
	}
	f.Decls = kept
	// Both lists are in source order: drop the comments inside a dropped
	// declaration in one pass.
	comments := f.Comments[:0]
	for _, c := range f.Comments {
		for len(gone) > 0 && gone[0].to < c.Pos() {
			gone = gone[1:]
		}
		if len(gone) == 0 || c.Pos() < gone[0].from {
			comments = append(comments, c)
		}
	}
	f.Comments = comments
	ast.Inspect(f, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if to, ok := renamed[id.Name]; ok {
				id.Name = to
			}
		}
		return true
	})
	return builders
}

// builderOf returns the operation a request builder belongs to:
// New<Op>Request, New<Op>RequestWithBody, New<Op>RequestWith<Kind>Body.
func builderOf(d *ast.FuncDecl, ops map[string]bool) string {
	name := d.Name.Name
	if d.Recv != nil || !strings.HasPrefix(name, "New") {
		return ""
	}
	base := name
	if i := strings.LastIndex(name, "RequestWith"); i > 0 && strings.HasSuffix(name, "Body") {
		base = name[:i+len("Request")]
	}
	op, ok := strings.CutSuffix(strings.TrimPrefix(base, "New"), "Request")
	if !ok || !ops[op] {
		return ""
	}
	return op
}

func receiverIs(d *ast.FuncDecl, name string) bool {
	t := d.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	id, ok := t.(*ast.Ident)
	return ok && id.Name == name
}

type span struct{ from, to token.Pos }

func spanOf(n ast.Node, doc *ast.CommentGroup) span {
	s := span{n.Pos(), n.End()}
	if doc != nil {
		s.from = doc.Pos()
	}
	return s
}
