package overlay

import (
	"strings"
	"testing"
)

const fuzzSpec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok}\n"

// FuzzApply: any overlay document applies or fails with an error naming
// the overlay file; nothing panics, and a failure returns no document.
func FuzzApply(f *testing.F) {
	for _, s := range []string{
		"overlay: 1.0.0\ninfo: {title: o, version: '1'}\nactions:\n  - target: $.info\n    update: {x-a: 1}\n",
		"overlay: 1.0.0\ninfo: {title: o, version: '1'}\nactions:\n  - target: $.paths['/a'].get\n    remove: true\n",
		"overlay: 1.0.0\ninfo: {title: o, version: '1'}\nactions:\n  - target: $..*\n    update: {x: &a [*a]}\n",
		"overlay: 1.0.0\ninfo: {title: o, version: '1'}\nactions:\n  - target: \"$[?(@.a == 'b')]\"\n    update: {}\n",
		"overlay: 1.1.0\ninfo: {title: o, version: '1'}\nactions:\n  - target: $.info\n    copy: $.paths\n",
		"actions: 3", "", "overlay: [",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, ov string, lenient bool) {
		if len(ov) > 1<<14 {
			return
		}
		out, _, err := Apply([]byte(fuzzSpec), []File{{Path: "fuzz-overlay.yaml", Data: []byte(ov)}}, Options{Lenient: lenient})
		if err != nil {
			if out != nil {
				t.Fatal("a failed apply returned a document")
			}
			if !strings.Contains(err.Error(), "fuzz-overlay.yaml") {
				t.Fatalf("error does not name the overlay: %v", err)
			}
		}
	})
}
