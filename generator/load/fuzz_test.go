package load

import (
	"strings"
	"testing"
)

// FuzzLoad: any bytes, as JSON or YAML, load or fail with an error that
// names the file; nothing panics, and nothing is fetched (external refs
// are refused without a Remote handler).
func FuzzLoad(f *testing.F) {
	seeds := []string{
		"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n",
		`{"swagger":"2.0","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":"ok"}}}}}}`,
		"openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: 'http://169.254.169.254/x'}\n",
		"openapi: 3.0.3\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\npaths: {}\n",
		"a: &a [*a]\n",
		"openapi: 3.0.3\ninfo: {title: \"\xff\", version: '1'}\npaths: {}\n",
		"{", "", "openapi: [", "- - - -",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		_, err := Load("fuzz.yaml", data)
		if err != nil && !strings.Contains(err.Error(), "fuzz.yaml") {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}
