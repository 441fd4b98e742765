package samples

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"reflect"
	"strconv"
	"strings"

	"github.com/apigen-dev/apigen/generator/model"
)

// client is what the Go samples need to know of the generated client.go:
// its types. The samples follow the code oapi-codegen actually produced
// instead of predicting its names.
type client struct {
	types   map[string]*ast.TypeSpec
	imports map[string]string // package name in client.go → import path
	// enums maps a named type and a value (as scalar prints it) to the
	// constant client.go declares for it.
	enums map[[2]string]string
}

// parseClient reads the generated client's declarations from parsed, the
// parse goclient made while formatting, or else from src.
func parseClient(api *model.API, src []byte, parsed *ast.File) (*client, error) {
	f := parsed
	if f == nil {
		var err error
		f, err = parser.ParseFile(token.NewFileSet(), "client.go", src, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("client.go does not parse (an apigen bug; please report it): %w", err)
		}
	}
	c := &client{types: map[string]*ast.TypeSpec{}, imports: map[string]string{}, enums: map[[2]string]string{}}
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		name := path.Base(p)
		if imp.Name != nil {
			name = imp.Name.Name
		}
		c.imports[name] = p
	}
	for _, d := range f.Decls {
		if d, ok := d.(*ast.GenDecl); ok {
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					c.types[s.Name.Name] = s
				case *ast.ValueSpec:
					c.enumConst(d.Tok, s)
				}
			}
		}
	}
	return c, nil
}

// field is one struct field of a generated type.
type field struct {
	Name string
	Type ast.Expr
	Key  string // the JSON or form name it carries
}

// fields lists a struct type's fields with the names the wire uses.
func fields(st *ast.StructType) []field {
	var out []field
	for _, f := range st.Fields.List {
		key := ""
		if f.Tag != nil {
			tag, _ := strconv.Unquote(f.Tag.Value)
			for _, k := range []string{"json", "form"} {
				if v, ok := reflect.StructTag(tag).Lookup(k); ok && key == "" {
					key, _, _ = strings.Cut(v, ",")
				}
			}
		}
		for _, n := range f.Names {
			out = append(out, field{Name: n.Name, Type: f.Type, Key: key})
		}
	}
	return out
}

// structOf resolves a type expression to the struct it names, if any.
func (c *client) structOf(e ast.Expr) *ast.StructType {
	for range 8 { // aliases chain, but not forever
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.StructType:
			return t
		case *ast.Ident:
			ts := c.types[t.Name]
			if ts == nil {
				return nil
			}
			e = ts.Type
		default:
			return nil
		}
	}
	return nil
}

// isInterface reports whether e is an interface type, through aliases
// and defined types (type UserData = interface{}) and the predeclared any.
func (c *client) isInterface(e ast.Expr) bool {
	for range 8 {
		switch t := e.(type) {
		case *ast.InterfaceType:
			return true
		case *ast.Ident:
			if t.Name == "any" {
				return true
			}
			ts := c.types[t.Name]
			if ts == nil {
				return false
			}
			e = ts.Type
		default:
			return false
		}
	}
	return false
}

// enumConst records a typed constant with a literal value (oapi-codegen's
// enum values: BackendStatusEnabled BackendStatus = "enabled").
func (c *client) enumConst(tok token.Token, s *ast.ValueSpec) {
	typ, ok := s.Type.(*ast.Ident)
	if tok != token.CONST || !ok || len(s.Names) != len(s.Values) {
		return
	}
	for i, v := range s.Values {
		lit, ok := v.(*ast.BasicLit)
		if !ok {
			continue
		}
		val := lit.Value
		if lit.Kind == token.STRING {
			val, _ = strconv.Unquote(lit.Value)
		}
		key := [2]string{typ.Name, val}
		if _, dup := c.enums[key]; !dup {
			c.enums[key] = s.Names[i].Name
		}
	}
}
