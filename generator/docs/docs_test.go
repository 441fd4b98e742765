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
	brand := docs.Brand{Title: "<i>Site</i>", PrimaryColor: "red;}</style><script>alert(2)</script>", SamplePanelWidth: `40%"}`}
	files, err := docs.Site(brand, []docs.Vendor{{Name: "evil", Title: "<b>Evil</b> & co", Snapshot: "2026-01-02", Spec: []byte(spec)}}, []byte("/* redoc */"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range files {
		got[f.Path] = string(f.Data)
	}
	page := got["evil.html"]
	if strings.Count(page, "</script>") != 3 || strings.Contains(page, "<script>alert(2)") { // the spec's, the bundle's, the init script's
		t.Errorf("the spec ended a script element:\n%s", page)
	}
	if strings.Contains(page, "<b>Evil</b>") || strings.Contains(got["index.html"], "<b>Evil</b>") || strings.Contains(got["index.html"], "<i>Site</i>") {
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
	index := got["index.html"]
	for _, want := range []string{`href="evil.html"`, `>1<`, `>2026-01-02<`, `href="evil.openapi.json"`} {
		if !strings.Contains(index, want) {
			t.Errorf("index lacks %s (the page, its operation count, snapshot date and spec):\n%s", want, index)
		}
	}
	if got["evil.openapi.json"] != spec {
		t.Error("the decorated spec is not published beside the page")
	}
	if got["redoc.standalone.js"] != "/* redoc */" {
		t.Error("the bundle is not copied")
	}
}

// TestBrand: the configured colour, panel width, logo and titles reach the
// pages as given; defaults fill what is not configured.
func TestBrand(t *testing.T) {
	spec := `{"openapi":"3.0.3","info":{"title":"Acme","version":"7"},"paths":{}}`
	brand := docs.Brand{Title: "Acme developers", PrimaryColor: "#0a7f3f", SamplePanelWidth: "640px",
		Logo: &docs.Asset{Name: "art/Logo.SVG", Data: []byte("<svg/>")}}
	files, err := docs.Site(brand, []docs.Vendor{{Name: "acme", Title: "Acme API", Spec: []byte(spec)}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range files {
		got[f.Path] = string(f.Data)
	}
	for _, want := range []string{"<title>Acme API · Acme developers</title>", "--primary: #0a7f3f;", `main: "#0a7f3f"`,
		`width: "640px"`, `src="logo.svg"`, `spec.info.title = "Acme API"`, "version 7"} {
		if !strings.Contains(got["acme.html"], want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if got["logo.svg"] != "<svg/>" || !strings.Contains(got["index.html"], `<h1>Acme developers</h1>`) {
		t.Errorf("logo or index title missing:\n%s", got["index.html"])
	}
	files, _ = docs.Site(docs.Brand{}, []docs.Vendor{{Name: "acme", Title: "Acme API", Spec: []byte(spec)}}, nil)
	for _, f := range files {
		if f.Path == "acme.html" && !strings.Contains(string(f.Data), "--primary: "+docs.DefaultPrimaryColor) {
			t.Errorf("no default colour:\n%s", f.Data)
		}
	}
}
