package goclient

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/apigen-dev/apigen/generator/model"
	"github.com/apigen-dev/apigen/generator/output"
)

// Problem is a failure of the generated code, traced to the schema or
// operation it comes from.
type Problem = model.Problem

// CheckError says the generated client does not compile, and why.
type CheckError struct {
	Problems []Problem
	Files    []output.File // the Go files, whose lines the problems cite
}

// FailedFiles are the files the problems cite, for --keep-failed.
func (e *CheckError) FailedFiles() []output.File { return e.Files }

func (e *CheckError) Error() string {
	var b strings.Builder
	b.WriteString("the generated client does not compile:")
	for i, p := range e.Problems {
		if i == 3 {
			fmt.Fprintf(&b, " (and %d more)", len(e.Problems)-3)
			break
		}
		switch {
		case p.Schema != "":
			fmt.Fprintf(&b, " schema %s: %s;", p.Schema, p.Msg)
		case p.Operation != "":
			fmt.Fprintf(&b, " operation %s: %s;", p.Operation, p.Msg)
		default:
			fmt.Fprintf(&b, " %s;", p.Msg)
		}
	}
	return strings.TrimSuffix(b.String(), ";")
}

// noImports makes every import fail: go/types then reports the package's own
// errors (redeclarations, mismatches) without loading its dependencies,
// which keeps the check to milliseconds; go vet in the tests does the rest.
type noImports struct{}

func (noImports) Import(string) (*types.Package, error) { return nil, errors.New("not loaded") }

var (
	modelFor  = regexp.MustCompile(`defines model for (\S+?)\.?$`)
	valuesFor = regexp.MustCompile(`Defines values for (\S+?)\.?$`)
)

// selfCheck parses the formatted package and traces each type error to
// its origin. methods maps the emitted methods ("DomainsService.Get") to
// their operation's Go name.
func selfCheck(api *model.API, files []output.File, methods map[string]string) []Problem {
	fset := token.NewFileSet()
	var parsed []*ast.File
	for _, file := range files {
		if !strings.HasSuffix(file.Path, ".go") {
			continue
		}
		f, err := parser.ParseFile(fset, file.Path, file.Data, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return []Problem{{Msg: file.Path + " does not parse (an apigen bug; please report it): " + err.Error()}}
		}
		parsed = append(parsed, f)
	}
	return checkFiles(api, fset, parsed, methods)
}

// checkFiles type-checks the parsed package (client.go first) and traces
// each error to its origin.
func checkFiles(api *model.API, fset *token.FileSet, files []*ast.File, methods map[string]string) []Problem {
	var problems []Problem
	conf := types.Config{Importer: noImports{}, Error: func(err error) {
		te, ok := err.(types.Error)
		if !ok || strings.HasPrefix(te.Msg, "could not import") || te.Soft && strings.Contains(te.Msg, "imported and not used") {
			return
		}
		pos := fset.Position(te.Pos)
		var p Problem
		for _, f := range files {
			if f.FileStart <= te.Pos && te.Pos <= f.FileEnd {
				if f == files[0] {
					p = origin(api, f, te.Pos)
				} else {
					p = Problem{Operation: methodAt(f, te.Pos, methods)}
				}
			}
		}
		p.Msg = fmt.Sprintf("%s (%s:%d)", te.Msg, pos.Filename, pos.Line)
		if strings.Contains(te.Msg, "redeclared") {
			p.Kind = model.Clash
		}
		problems = append(problems, p)
	}}
	_, _ = conf.Check(api.Package, fset, files, nil)
	// A redeclaration makes every use of the name an error too; fix the
	// redeclarations first and let the next round see what remains.
	var redeclared []Problem
	for _, p := range problems {
		if strings.Contains(p.Msg, "redeclared") {
			redeclared = append(redeclared, p)
		}
	}
	if len(redeclared) > 0 {
		return redeclared
	}
	return problems
}

// methodAt is the operation whose emitted method holds pos, if any.
func methodAt(f *ast.File, pos token.Pos, methods map[string]string) string {
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || pos < fd.Pos() || pos > fd.End() {
			continue
		}
		return methods[strings.TrimPrefix(types.ExprString(fd.Recv.List[0].Type), "*")+"."+fd.Name.Name]
	}
	return ""
}

// origin finds the declaration holding pos and what the spec calls it.
func origin(api *model.API, f *ast.File, pos token.Pos) Problem {
	schemaOf := typeComments(f)
	for _, d := range f.Decls {
		if pos < d.Pos() || pos > d.End() {
			continue
		}
		var names []string
		switch d := d.(type) {
		case *ast.GenDecl:
			if d.Doc != nil {
				if m := valuesFor.FindStringSubmatch(strings.TrimSpace(d.Doc.Text())); m != nil {
					if s := schemaOf[m[1]]; s != "" {
						return Problem{Schema: s}
					}
					names = append(names, m[1])
				}
			}
			for _, spec := range d.Specs {
				if ts, ok := spec.(*ast.TypeSpec); ok {
					if s := schemaOf[ts.Name.Name]; s != "" {
						return Problem{Schema: s, Path: fieldAt(ts, pos)}
					}
					names = append(names, ts.Name.Name)
				}
			}
		case *ast.FuncDecl:
			if d.Recv != nil && len(d.Recv.List) > 0 {
				recv := strings.TrimPrefix(types.ExprString(d.Recv.List[0].Type), "*")
				if s := schemaOf[recv]; s != "" {
					return Problem{Schema: s} // a union's or a map's methods
				}
				names = append(names, recv)
			}
			names = append(names, d.Name.Name)
		}
		return Problem{Operation: operationIn(api, names)}
	}
	return Problem{}
}

// fieldAt is the keyword path to the property whose struct field holds
// pos ("properties", its JSON name), when pos is in one.
func fieldAt(ts *ast.TypeSpec, pos token.Pos) []string {
	st, ok := ts.Type.(*ast.StructType)
	if !ok {
		return nil
	}
	for _, fld := range st.Fields.List {
		if pos < fld.Pos() || pos > fld.End() || fld.Tag == nil {
			continue
		}
		tag, err := strconv.Unquote(fld.Tag.Value)
		if err != nil {
			return nil
		}
		name, _, _ := strings.Cut(reflect.StructTag(tag).Get("json"), ",")
		if name == "" || name == "-" {
			return nil
		}
		return []string{"properties", name}
	}
	return nil
}

// typeComments maps Go type names to the schema their doc comment names.
func typeComments(f *ast.File) map[string]string {
	out := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE {
			continue
		}
		for _, spec := range g.Specs {
			ts := spec.(*ast.TypeSpec)
			doc := g.Doc
			if ts.Doc != nil {
				doc = ts.Doc
			}
			if doc != nil {
				if m := modelFor.FindStringSubmatch(strings.TrimSpace(doc.Text())); m != nil {
					out[ts.Name.Name] = m[1]
				}
			}
		}
	}
	return out
}

// operationIn returns the operation whose Go name is the longest found in
// names (NewListPetsRequest, ListPetsResponse, (*Client).ListPets ...).
func operationIn(api *model.API, names []string) string {
	var ops []string
	for _, o := range api.Operations {
		ops = append(ops, o.GoName)
	}
	sort.Slice(ops, func(i, j int) bool { return len(ops[i]) > len(ops[j]) })
	for _, op := range ops {
		for _, n := range names {
			if strings.Contains(n, op) {
				return op
			}
		}
	}
	return ""
}
