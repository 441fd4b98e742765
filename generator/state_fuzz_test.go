package generator

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzStateFile: whatever .apigen/state.json holds (a torn write, an old
// format, an edit by hand), the fast path answers "not fresh" or trusts a
// record that matches every input and output; it never panics.
func FuzzStateFile(f *testing.F) {
	for _, s := range []string{`{"tool":"t","vendors":{"acme":{"inputs":"x","outputs":{"a.go":"y"}}}}`,
		`{"tool":"t","vendors":{"acme":null}}`, `{"tool":"t","vendors":{"acme":{"outputs":{"../../etc/passwd":"z"}}}}`,
		`{`, `null`, `[]`, ``} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		cfg := &Config{Path: "apigen.yaml", Dir: dir, Vendors: []Vendor{{Name: "acme", Package: "acme", Spec: "spec.yaml", Output: "gen"}}}
		if err := os.MkdirAll(filepath.Join(dir, ".apigen"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(cfg.statePath(), data, 0o644); err != nil {
			t.Fatal(err)
		}
		if fresh, _ := cfg.split(cfg.Vendors, Options{Tool: "t"}); len(fresh) > 0 {
			t.Fatal("a record for a spec that does not exist was trusted")
		}
		_ = cfg.recorded(cfg.Vendors)
	})
}
