package docs_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/apigen-dev/apigen/generator/docs"
)

// TestHostileSpecStaysData: a title and spec text that try to end the
// script element or inject markup come out escaped, and the inlined JSON
// still parses to the same document.
func TestHostileSpecStaysData(t *testing.T) {
	spec := `{"openapi":"3.0.3","info":{"title":"</script><script>alert(1)</script>","version":"1"},` +
		`"paths":{"/a":{"get":{"summary":"<!-- & -->","responses":{"200":{"description":"ok"}}}}}}`
	files, err := docs.Site([]docs.Vendor{{Name: "evil", Title: "<b>Evil</b> & co", Spec: []byte(spec)}}, []byte("/* redoc */"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range files {
		got[f.Path] = string(f.Data)
	}
	page := got["evil.html"]
	if strings.Count(page, "</script>") != 3 { // the spec's, the bundle's, the init script's
		t.Errorf("the spec ended a script element:\n%s", page)
	}
	if strings.Contains(page, "<b>Evil</b>") || strings.Contains(got["index.html"], "<b>Evil</b>") {
		t.Error("the title was not escaped")
	}
	start := strings.Index(page, `type="application/json">`) + len(`type="application/json">`)
	end := strings.Index(page[start:], "</script>")
	var round, want any
	if err := json.Unmarshal([]byte(page[start:start+end]), &round); err != nil {
		t.Fatalf("inlined spec is not JSON: %v", err)
	}
	_ = json.Unmarshal([]byte(spec), &want)
	a, _ := json.Marshal(round)
	b, _ := json.Marshal(want)
	if string(a) != string(b) {
		t.Errorf("inlined spec changed:\n%s\n%s", a, b)
	}
	if !strings.Contains(got["index.html"], `href="evil.html"`) || !strings.Contains(got["index.html"], ">1<") {
		t.Errorf("index does not link the page with its operation count:\n%s", got["index.html"])
	}
	if got["redoc.standalone.js"] != "/* redoc */" {
		t.Error("the bundle is not copied")
	}
}
