package diff

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"maps"
	"slices"
	"sort"
	"strings"
)

// APIChange is one change to the generated package's exported API.
type APIChange struct {
	Name     string // "ListPets", "Pet.Name", "(*Client).ListPets"
	What     string // "removed", "added", "changed: old → new"
	Breaking bool   // removals and changes break callers; additions do not
}

// GoAPI compares the exported API of two versions of a generated package,
// given their Go source files. Signatures are compared as printed source,
// which needs no type-checking and so no dependencies: a renamed type shows
// up wherever it is used, which is what a caller sees too.
func GoAPI(oldSrc, newSrc [][]byte) ([]APIChange, error) {
	before, err := exportedAPI(oldSrc)
	if err != nil {
		return nil, err
	}
	after, err := exportedAPI(newSrc)
	if err != nil {
		return nil, err
	}
	var out []APIChange
	for _, name := range slices.Sorted(maps.Keys(before)) {
		now, ok := after[name]
		switch {
		case !ok:
			out = append(out, APIChange{Name: name, What: "removed", Breaking: true})
		case now != before[name]:
			out = append(out, APIChange{Name: name, What: "changed: " + before[name] + " → " + now, Breaking: true})
		}
	}
	for _, name := range slices.Sorted(maps.Keys(after)) {
		if _, ok := before[name]; !ok {
			out = append(out, APIChange{Name: name, What: "added"})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Breaking && !out[j].Breaking })
	return out, nil
}

// exportedAPI maps each exported identifier (types, their fields and
// methods, functions, constants, variables) to its printed signature.
func exportedAPI(files [][]byte) (map[string]string, error) {
	fset := token.NewFileSet()
	api := map[string]string{}
	for _, src := range files {
		f, err := parser.ParseFile(fset, "", src, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() {
					continue
				}
				name := d.Name.Name
				if d.Recv != nil && len(d.Recv.List) > 0 {
					name = "(" + print(fset, d.Recv.List[0].Type) + ")." + name
				}
				api[name] = print(fset, d.Type)
			case *ast.GenDecl:
				genDecl(fset, d, api)
			}
		}
	}
	return api, nil
}

func genDecl(fset *token.FileSet, d *ast.GenDecl, api map[string]string) {
	for _, s := range d.Specs {
		switch s := s.(type) {
		case *ast.TypeSpec:
			if !s.Name.IsExported() {
				continue
			}
			// Interfaces are compared method by method, like struct
			// fields: a method added to ClientInterface is new API for
			// callers, not a break (only implementers would notice).
			if it, ok := s.Type.(*ast.InterfaceType); ok {
				api[s.Name.Name] = "interface"
				for _, m := range it.Methods.List {
					for _, n := range m.Names {
						api[s.Name.Name+"."+n.Name] = print(fset, m.Type)
					}
				}
				continue
			}
			st, isStruct := s.Type.(*ast.StructType)
			if !isStruct {
				api[s.Name.Name] = "type " + print(fset, s.Type)
				continue
			}
			api[s.Name.Name] = "struct"
			for _, f := range st.Fields.List {
				for _, n := range f.Names {
					if n.IsExported() {
						api[s.Name.Name+"."+n.Name] = print(fset, f.Type)
					}
				}
			}
		case *ast.ValueSpec:
			for i, n := range s.Names {
				if !n.IsExported() {
					continue
				}
				sig := d.Tok.String()
				if s.Type != nil {
					sig += " " + print(fset, s.Type)
				}
				if i < len(s.Values) && d.Tok == token.CONST {
					sig += " = " + print(fset, s.Values[i])
				}
				api[n.Name] = sig
			}
		}
	}
}

func print(fset *token.FileSet, n ast.Node) string {
	var b bytes.Buffer
	_ = printer.Fprint(&b, fset, n)
	return strings.Join(strings.Fields(b.String()), " ")
}
