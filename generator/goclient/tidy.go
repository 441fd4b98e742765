package goclient

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"sort"
	"strconv"
	"strings"
)

// tidy does for oapi-codegen's raw output what its own goimports pass
// would, at about a third of the cost on large clients: its template
// imports every package any client might use, so the unused ones are
// dropped, the rest grouped (standard library first) and the file
// gofmt-formatted. goimports would also search GOPATH for missing imports,
// which the template never needs.
//
// It also returns the parsed raw file, which the self-check can type-check
// without parsing 6 MB again.
func tidy(src []byte) ([]byte, *token.FileSet, *ast.File, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "client.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, nil, nil, err
	}
	var decl *ast.GenDecl
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT && g.Lparen.IsValid() {
			decl = g
			break
		}
	}
	if decl == nil {
		out, err := format.Source(src)
		return out, fset, f, err
	}
	used := usedNames(f)
	var std, other []string
	for _, s := range decl.Specs {
		is := s.(*ast.ImportSpec)
		path, _ := strconv.Unquote(is.Path.Value)
		name := importName(is, path)
		if name != "_" && !used[name] {
			continue
		}
		line := is.Path.Value
		if is.Name != nil {
			line = is.Name.Name + " " + line
		}
		if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
			other = append(other, line)
		} else {
			std = append(std, line)
		}
	}
	sort.Strings(std)
	sort.Strings(other)
	var block bytes.Buffer
	block.WriteString("import (\n")
	for i, group := range [][]string{std, other} {
		if i == 1 && len(std) > 0 && len(other) > 0 {
			block.WriteString("\n")
		}
		for _, l := range group {
			fmt.Fprintf(&block, "\t%s\n", l)
		}
	}
	block.WriteString(")")
	start, end := fset.Position(decl.Pos()).Offset, fset.Position(decl.End()).Offset
	out := append(append(append([]byte{}, src[:start]...), block.Bytes()...), src[end:]...)
	out, err = format.Source(out)
	return out, fset, f, err
}

// usedNames collects the package names the file refers to (pkg.Name).
func usedNames(f *ast.File) map[string]bool {
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				used[id.Name] = true
			}
		}
		return true
	})
	return used
}

// importName is the name a spec binds: its alias, or the package name the
// path implies (the last element, without a .vN or -go suffix a module may
// carry; oapi-codegen's template only imports packages named that way).
func importName(is *ast.ImportSpec, path string) string {
	if is.Name != nil {
		return is.Name.Name
	}
	base := path[strings.LastIndex(path, "/")+1:]
	if strings.HasPrefix(base, "v") {
		if _, err := strconv.Atoi(base[1:]); err == nil { // go.yaml.in/yaml/v3 is yaml
			rest := strings.TrimSuffix(path, "/"+base)
			base = rest[strings.LastIndex(rest, "/")+1:]
		}
	}
	return base
}
