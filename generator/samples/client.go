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
}

// parseClient reads the generated client's declarations from parsed, the
// parse goclient made while formatting, or else from src.
func parseClient(api *model.API, src []byte, parsed *ast.File) (*client, error) {
	f := parsed
	if f == nil {
		var err error
		f, err = parser.ParseFile(token.NewFileSet(), "client.go", src, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("samples: %s: client.go does not parse (an apigen bug; please report it): %w", api.Name, err)
		}
	}
	c := &client{types: map[string]*ast.TypeSpec{}, imports: map[string]string{}}
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
				if ts, ok := s.(*ast.TypeSpec); ok {
					c.types[ts.Name.Name] = ts
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
