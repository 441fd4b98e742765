package fetch

import (
	"net/url"
	"os"
	"path/filepath"
	"testing"
)

// FuzzSpecURL: whatever a Swagger UI page says, discovery returns either
// nothing or an absolute http(s) URL; it never panics.
func FuzzSpecURL(f *testing.F) {
	for _, s := range []string{
		`<script>window.ui = SwaggerUIBundle({url: "/v3/api-docs", dom_id: '#swagger-ui'})</script>`,
		`SwaggerUIBundle({urls: [{url: "https://a.example/spec.json", name: "A"}]})`,
		`{"configUrl": "../config.json"}`, `url: "javascript:alert(1)"`, `url: "file:///etc/passwd"`,
		`url: "//evil.example/x"`, `url: "\x00"`, "",
	} {
		f.Add("https://apiconsole.example/", []byte(s))
	}
	f.Fuzz(func(t *testing.T, base string, text []byte) {
		u, ok := SpecURL(base, text)
		if !ok {
			return
		}
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			t.Fatalf("SpecURL(%q) = %q: not an absolute http(s) URL", base, u)
		}
	})
}

// FuzzReadLock: any lock file reads or fails with an error; a lock that
// reads marshals and reads back the same.
func FuzzReadLock(f *testing.F) {
	for _, s := range []string{
		"source: https://a.example/\norigin: fetched\nsha256: abc\ndate: \"2026-11-24\"\n",
		"source: [", "unknown: 1\n", "etag: \"\\\"x\\\"\"\n", "a: &a [*a, *a]\n", "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		p := filepath.Join(dir, "lock.yaml")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		l, err := ReadLock(p)
		if err != nil {
			return
		}
		out, err := l.Marshal("spec.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, out, 0o644); err != nil {
			t.Fatal(err)
		}
		again, err := ReadLock(p)
		if err != nil || again != l {
			t.Fatalf("lock does not round-trip: %+v vs %+v (%v)", l, again, err)
		}
	})
}
