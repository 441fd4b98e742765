package gen_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apigen-dev/apigen/internal/publictext"
)

// TestPublishedTextIsPublic: the files a docs site publishes (the decorated
// spec, SAMPLES.md) and the Go comments client users read carry no
// repository coordinate and no note addressed to maintainers. Such notes
// live in x-apigen-note members, which the decorated spec leaves out.
func TestPublishedTextIsPublic(t *testing.T) {
	for _, v := range vendors {
		t.Run(v, func(t *testing.T) {
			var doc any
			readJSON(t, filepath.Join(v, "openapi.decorated.json"), &doc)
			walkStrings(doc, "#", func(path, key, s string) {
				if key == "x-apigen-note" {
					t.Errorf("openapi.decorated.json: %s: an x-apigen-note is published", path)
				}
				if path == "#/x-apigen" { // the generated-file marker, not rendered
					return
				}
				for _, l := range publictext.Find(s) {
					t.Errorf("openapi.decorated.json: %s: %s %q", path, l.Kind, l.Text)
				}
			})
			for _, f := range []string{"SAMPLES.md", "client.go", "doc.go"} {
				data, err := os.ReadFile(filepath.Join(v, f))
				if err != nil {
					t.Fatal(err)
				}
				// The first lines are the generated-file marker naming the spec.
				_, body, _ := strings.Cut(string(data), "sha256")
				_, body, _ = strings.Cut(body, "\n")
				for _, l := range publictext.Find(body) {
					t.Errorf("%s: %s %q", f, l.Kind, l.Text)
				}
			}
		})
	}
}

// walkStrings calls fn with every string (keys included) of a decoded
// JSON document and its JSON Pointer.
func walkStrings(v any, path string, fn func(path, key, s string)) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			p := path + "/" + strings.NewReplacer("~", "~0", "/", "~1").Replace(k)
			fn(p, k, k)
			walkStrings(e, p, fn)
		}
	case []any:
		for i, e := range v {
			walkStrings(e, fmt.Sprintf("%s/%d", path, i), fn)
		}
	case string:
		fn(path, "", v)
	}
}
