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
	"unicode"
)

// APIChange is one change to the generated package's exported API.
type APIChange struct {
	Name     string // "ListPets", "Pet.Name", "(*Client).ListPets"
	What     string // "removed", "added", "changed: old → new"
	Breaking bool   // removals and changes break callers; additions do not
}

// Owner is an operation or schema and the Go name the identifiers made
// for it start with (the operation's method, the schema's type).
type Owner struct {
	Label  string // "operation GET /pets (ListPets)", "schema Pet"
	GoName string
}

// APIGroup is the Go API changes one operation or schema caused: a
// removed operation is one group listing every identifier that went.
type APIGroup struct {
	Owner   string // an Owner's label, or "package" for the rest
	Changes []APIChange
}

// Breaking reports whether any change in the group breaks callers.
func (g APIGroup) Breaking() bool {
	return slices.ContainsFunc(g.Changes, func(c APIChange) bool { return c.Breaking })
}

// GoAPI compares the exported API of two versions of a generated package,
// given their Go source files, and groups the changes by the operation or
// schema they come from. Signatures are compared as printed source, which
// needs no type-checking and so no dependencies: a renamed type shows up
// wherever it is used, which is what a caller sees too.
func GoAPI(oldSrc, newSrc [][]byte, owners []Owner) ([]APIGroup, error) {
	before, err := exportedAPI(oldSrc)
	if err != nil {
		return nil, err
	}
	after, err := exportedAPI(newSrc)
	if err != nil {
		return nil, err
	}
	var changes []APIChange
	for _, name := range slices.Sorted(maps.Keys(before)) {
		now, ok := after[name]
		switch {
		case !ok:
			changes = append(changes, APIChange{Name: name, What: "removed", Breaking: true})
		case now != before[name]:
			changes = append(changes, APIChange{Name: name, What: "changed: " + before[name] + " → " + now, Breaking: true})
		}
	}
	for _, name := range slices.Sorted(maps.Keys(after)) {
		if _, ok := before[name]; !ok {
			changes = append(changes, APIChange{Name: name, What: "added"})
		}
	}
	return group(changes, owners, func(t string) bool { return before[t] == "interface" || after[t] == "interface" }), nil
}

// group sorts changes into their owners' groups, breaking groups first.
func group(changes []APIChange, owners []Owner, isInterface func(string) bool) []APIGroup {
	index := map[string]int{}
	var out []APIGroup
	for _, c := range changes {
		label := ownerOf(roots(c.Name, isInterface), owners)
		i, ok := index[label]
		if !ok {
			i = len(out)
			index[label] = i
			out = append(out, APIGroup{Owner: label})
		}
		out[i].Changes = append(out[i].Changes, c)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if bi, bj := out[i].Breaking(), out[j].Breaking(); bi != bj {
			return bi
		}
		return out[i].Owner < out[j].Owner
	})
	return out
}

// roots are the declarations an identifier may belong to, most telling
// first: a method's receiver type, then the method's own name (the client
// every operation shares is nobody's); a struct field's type; an interface
// method's name.
func roots(name string, isInterface func(string) bool) []string {
	if strings.HasPrefix(name, "(") {
		if i := strings.Index(name, ")."); i > 0 {
			return []string{strings.TrimPrefix(name[1:i], "*"), name[i+2:]}
		}
	}
	if typ, member, ok := strings.Cut(name, "."); ok {
		if isInterface(typ) {
			return []string{member}
		}
		return []string{typ}
	}
	return []string{name}
}

// ownerOf finds, for the first root that has one, the owner whose Go name
// is the longest prefix of it (at a word boundary), also after a
// constructor's New or a parser's Parse.
func ownerOf(roots []string, owners []Owner) string {
	for _, root := range roots {
		best, label := 0, ""
		for _, cand := range []string{root, strings.TrimPrefix(root, "New"), strings.TrimPrefix(root, "Parse")} {
			for _, o := range owners {
				if len(o.GoName) > best && hasWordPrefix(cand, o.GoName) {
					best, label = len(o.GoName), o.Label
				}
			}
		}
		if label != "" {
			return label
		}
	}
	return "package"
}

func hasWordPrefix(s, prefix string) bool {
	if !strings.HasPrefix(s, prefix) || prefix == "" {
		return false
	}
	rest := s[len(prefix):]
	return rest == "" || unicode.IsUpper(rune(rest[0])) || unicode.IsDigit(rune(rest[0])) || rest[0] == '_'
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
