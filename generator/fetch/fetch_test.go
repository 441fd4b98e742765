package fetch

import "testing"

func TestSpecURLFromSwaggerUIConfig(t *testing.T) {
	page := "https://apiconsole.us1.wallarm.com/ui/index.html"
	for text, want := range map[string]string{
		`SwaggerUIBundle({ url: "https://api.example.com/v2/swagger.json", dom_id: '#swagger-ui' })`: "https://api.example.com/v2/swagger.json",
		`SwaggerUIBundle({urls: [{url: "./api-docs/v1.json", name: "v1"}], dom_id: "#ui"})`:          "https://apiconsole.us1.wallarm.com/ui/api-docs/v1.json",
		`{"urls":[{"name":"public","url":"/openapi.yaml"}],"deepLinking":true}`:                      "https://apiconsole.us1.wallarm.com/openapi.yaml",
		"const ui = SwaggerUIBundle({\n  url:'../spec.json'\n})":                                     "https://apiconsole.us1.wallarm.com/spec.json",
	} {
		got, ok := SpecURL(page, []byte(text))
		if !ok || got != want {
			t.Errorf("SpecURL(%q) = %q, %v; want %q", text, got, ok, want)
		}
	}
	for _, text := range []string{`configUrl: "/swagger-config"`, `<div id="swagger-ui"></div>`, `validatorUrl: "x"`} {
		if got, ok := SpecURL(page, []byte(text)); ok {
			t.Errorf("SpecURL(%q) = %q; want nothing", text, got)
		}
	}
}
