package model

import "testing"

// TestGoExtensions: a spec's x-go-type is kept only when the client can
// compile it without a module apigen cannot see.
func TestGoExtensions(t *testing.T) {
	jsonImport := map[string]any{"path": "encoding/json"}
	for _, c := range []struct {
		ext  string
		v    any
		exts map[string]any
		ok   bool
	}{
		{"x-go-type", "int64", nil, true},
		{"x-go-type", "[]*time.Time", nil, true},
		{"x-go-type", "json.Number", map[string]any{"x-go-type-import": jsonImport}, true},
		{"x-go-type", "json.Number", nil, false},
		{"x-go-type", "decimal.Decimal", map[string]any{"x-go-type-import": map[string]any{"path": "github.com/shopspring/decimal"}}, false},
		{"x-go-type", "big.Int", map[string]any{"x-go-type-import": map[string]any{"path": "math/big", "name": "big"}}, true},
		{"x-go-type", "os.Exit(1); var x int", nil, false},
		{"x-go-type-import", jsonImport, nil, true},
		{"x-go-type-import", map[string]any{"path": "example.com/x"}, nil, false},
		{"x-go-type-import", map[string]any{"path": "encoding/json", "name": "j son"}, nil, false},
		{"x-go-name", "Pet", nil, true},
		{"x-go-name", "Pet Store", nil, false},
	} {
		if got := goExtensionOK(c.ext, c.v, c.exts); got != c.ok {
			t.Errorf("%s %v (with %v): kept = %v, want %v", c.ext, c.v, c.exts, got, c.ok)
		}
	}
}
