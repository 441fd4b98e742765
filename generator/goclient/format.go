package goclient

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/printer"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/imports"
)

// oapi-codegen formats its output with imports.Process, which parses and
// prints the whole file twice (its own print, then go/format.Source over
// that), and the self-check used to parse it a third time. On an 8 MB
// client that was over half of generate. formatClient produces the same
// bytes with one parse and one print: imports.Process runs only on a tiny
// file holding the import block and one use per package the client
// references, and the body is printed once from the parse that the
// self-check's type-check reads at the same time. Anything it cannot
// handle (no import block left, an unexpected shape) takes the old road,
// so the output never depends on which road was taken; a test compares
// the two on real clients.

// gofmtMode is go/format's printer mode. go/printer reserves bit 30 for
// go/format and cmd/gofmt to canonicalise number literals; without it the
// body would differ from gofmt on literals such as 0X1F.
const gofmtMode = printer.UseSpaces | printer.TabIndent | printer.Mode(1<<30)

// formatted is oapi-codegen's output, formatted, with what the self-check
// learned from it.
type formatted struct {
	src   []byte
	clean bool      // the type-check found nothing to report
	file  *ast.File // the parse src was printed from, if any
}

// formatClient formats raw oapi-codegen output exactly as imports.Process
// does, and type-checks it while printing. shape, when not nil, edits the
// parse before anything reads it (goclient prunes oapi-codegen's client
// type) and returns the other files of the package, parsed into the same
// file set, to type-check beside it.
func formatClient(pkg string, raw []byte, shape func(*token.FileSet, *ast.File) []*ast.File) (formatted, error) {
	fset := token.NewFileSet()
	// Object resolution stays on: imports.Process counts a selector as a
	// package reference only when the parser could not resolve its name.
	f, err := parser.ParseFile(fset, clientFile, raw, parser.ParseComments)
	if err != nil {
		return slowFormat(pkg, raw)
	}
	var others []*ast.File
	if shape != nil {
		others = shape(fset, f)
	}
	clean := make(chan bool, 1)
	go func() {
		// A panic in go/types says only "not clean" here: the self-check
		// proper then type-checks again on the pipeline's own goroutine,
		// which turns a panic into an error naming the stage.
		defer func() {
			if v := recover(); v != nil {
				clean <- false
			}
		}()
		clean <- typeClean(pkg, fset, append([]*ast.File{f}, others...))
	}()
	out, ok := fastFormat(pkg, raw, fset, f)
	isClean := <-clean
	if !ok {
		if shape != nil {
			// The edited parse is what is printed, then formatted the
			// slow way.
			var b bytes.Buffer
			if err := format.Node(&b, fset, f); err != nil {
				return formatted{}, err
			}
			raw = b.Bytes()
		}
		res, err := slowFormat(pkg, raw)
		res.clean, res.file = isClean, f
		return res, err
	}
	return formatted{src: out, clean: isClean, file: f}, nil
}

// fastFormat prints the body once and takes the import block from
// imports.Process run on a stand-in file. ok is false when the stand-in
// does not fit.
func fastFormat(pkg string, raw []byte, fset *token.FileSet, f *ast.File) ([]byte, bool) {
	if len(f.Decls) == 0 {
		return nil, false
	}
	imp, isImport := f.Decls[0].(*ast.GenDecl)
	if !isImport || imp.Tok != token.IMPORT || len(f.Decls) > 1 && isImportDecl(f.Decls[1]) {
		return nil, false
	}
	head, err := imports.Process(clientFile, standIn(raw[:fset.Position(imp.End()).Offset], f), nil)
	if err != nil {
		return nil, false
	}
	var body bytes.Buffer
	if err := (&printer.Config{Mode: gofmtMode, Tabwidth: 8}).Fprint(&body, fset, f); err != nil {
		return nil, false
	}
	headEnd, ok := importsEnd(head)
	bodyStart, ok2 := importsEnd(body.Bytes())
	if !ok || !ok2 {
		return nil, false
	}
	rest, ok := docComments(body.Bytes()[bodyStart:])
	if !ok {
		return nil, false
	}
	return append(head[:headEnd:headEnd], rest...), true
}

// standIn is the client's head (comments, package clause, import block)
// followed by one use of every package-qualified name the client refers
// to, so imports.Process keeps, drops, adds and groups imports as it
// would for the whole file.
func standIn(head []byte, f *ast.File) []byte {
	var b bytes.Buffer
	b.Write(head)
	b.WriteString("\n")
	for _, r := range references(f) {
		fmt.Fprintf(&b, "var _ = %s\n", r)
	}
	return b.Bytes()
}

// references lists "pkg.Name" for each selector imports.Process would take
// for a package reference: an unresolved identifier before an exported name.
func references(f *ast.File) []string {
	seen := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok && x.Obj == nil && ast.IsExported(sel.Sel.Name) {
				seen[x.Name+"."+sel.Sel.Name] = true
			}
		}
		return true
	})
	out := make([]string, 0, len(seen))
	for r := range seen {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}

// importsEnd is the offset just past the single import declaration of a
// formatted file.
func importsEnd(src []byte) (int, bool) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ImportsOnly)
	if err != nil || len(f.Decls) != 1 || !isImportDecl(f.Decls[0]) {
		return 0, false
	}
	return fset.Position(f.Decls[0].End()).Offset, true
}

func isImportDecl(d ast.Decl) bool {
	g, ok := d.(*ast.GenDecl)
	return ok && g.Tok == token.IMPORT
}

// slowFormat is what oapi-codegen itself does.
func slowFormat(pkg string, raw []byte) (formatted, error) {
	out, err := imports.Process(clientFile, raw, nil)
	if err != nil {
		return formatted{}, err
	}
	return formatted{src: out}, nil
}

// typeClean reports whether the package type-checks with nothing the
// self-check would report. The self-check proper (which names schemas,
// operations and lines of the formatted files) runs only when it does not.
func typeClean(pkg string, fset *token.FileSet, files []*ast.File) bool {
	clean := true
	conf := types.Config{Importer: noImports{}, Error: func(err error) {
		if te, ok := err.(types.Error); ok && !ignored(te) {
			clean = false
		}
	}}
	_, _ = conf.Check(pkg, fset, files, nil)
	return clean
}

// ignored is what the self-check leaves to go vet: errors that only come
// from not loading the imported packages.
func ignored(te types.Error) bool {
	return strings.HasPrefix(te.Msg, "could not import") || te.Soft && strings.Contains(te.Msg, "imported and not used")
}

// dedupImports removes an import that repeats an earlier one (same name,
// same path). oapi-codegen appends the packages a spec's x-go-type-import
// names after its own, so a spec importing encoding/json for json.Number
// gets "encoding/json" twice, which does not compile; goimports only
// merges repeats within one group.
func dedupImports(raw []byte) []byte {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", raw, parser.ImportsOnly)
	if err != nil {
		return raw
	}
	seen := map[string]bool{}
	var cut [][2]int
	for _, imp := range f.Imports {
		key := imp.Path.Value
		if imp.Name != nil {
			key = imp.Name.Name + " " + key
		}
		if seen[key] {
			from, to := fset.Position(imp.Pos()).Offset, fset.Position(imp.End()).Offset
			cut = append(cut, [2]int{from, to})
		}
		seen[key] = true
	}
	if len(cut) == 0 {
		return raw
	}
	out := make([]byte, 0, len(raw))
	last := 0
	for _, c := range cut {
		out = append(out, raw[last:c[0]]...)
		last = c[1]
	}
	return append(out, raw[last:]...)
}

// clientFile is the name client.go is parsed under, so errors cite it by
// the name it is written (or kept) as.
const clientFile = "client.go"
