package fetch

import "testing"

func TestSpecURLFromSwaggerUIConfig(t *testing.T) {
	page := "https://apiconsole.us1.wallarm.com/ui/index.html"
	for text, want := range map[string]string{
		`SwaggerUIBundle({ url: "https://api.example.com/v2/swagger.json", dom_id: '#swagger-ui' })`: "https://api.example.com/v2/swagger.json",
		`SwaggerUIBundle({urls: [{url: "./api-docs/v1.json", name: "v1"}], dom_id: "#ui"})`:          "https://apiconsole.us1.wallarm.com/ui/api-docs/v1.json",
		`{"urls":[{"name":"public","url":"/openapi.yaml"}],"deepLinking":true}`:                      "https://apiconsole.us1.wallarm.com/openapi.yaml",
		"const ui = SwaggerUIBundle({\n  url:'../spec.json'\n})":                                     "https://apiconsole.us1.wallarm.com/spec.json",
		// urls.primaryName picks the entry Swagger UI shows first.
		`SwaggerUIBundle({urls: [{url: "/v1.json", name: "v1"}, {name: "v2", url: "/v2.json"}], "urls.primaryName": "v2"})`: "https://apiconsole.us1.wallarm.com/v2.json",
		`{"urls": [{"url": "/a.json", "name": "a"}, {"url": "/b.json", "name": "b"}], "urls.primaryName": "nope"}`:          "https://apiconsole.us1.wallarm.com/a.json",
		`{"url": "/single.json", "urls": [{"url": "/listed.json", "name": "x"}]}`:                                           "https://apiconsole.us1.wallarm.com/listed.json",
	} {
		got, ok := SpecURL(page, []byte(text))
		if !ok || got != want {
			t.Errorf("SpecURL(%q) = %q, %v; want %q", text, got, ok, want)
		}
	}
	if got, _ := SpecURL(page+"?urls.primaryName=b", []byte(`{"urls": [{"url": "/a.json", "name": "a"}, {"url": "/b.json", "name": "b"}]}`)); got != "https://apiconsole.us1.wallarm.com/b.json" {
		t.Errorf("the page's ?urls.primaryName=b: got %q", got)
	}
	for _, text := range []string{`configUrl: "/swagger-config"`, `<div id="swagger-ui"></div>`, `validatorUrl: "x"`} {
		if got, ok := SpecURL(page, []byte(text)); ok {
			t.Errorf("SpecURL(%q) = %q; want nothing", text, got)
		}
	}
}
