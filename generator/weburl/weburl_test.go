package weburl

import "testing"

func TestCheck(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://api.example.com/v3/swagger.json": true,
		"http://localhost:8080":                   true,
		"/v3/api":                                 false, // relative: no host
		"ftp://example.com/spec.yaml":             false,
		"https://":                                false,
		"api.example.com/spec":                    false,
		"https://exa mple.com":                    false,
	} {
		if _, err := Check(raw); (err == nil) != ok {
			t.Errorf("Check(%q) = %v, want ok=%v", raw, err, ok)
		}
	}
}
