package publictext

import "testing"

func TestFind(t *testing.T) {
	leaks := []string{
		"Pages through services.\nSource: mishkatik/infra-billing@375aa21f:apps/backend/x.ts",
		"see wallarm/wallarm-go@v0.13.0(23136bbc):user.go#UserDetails",
		"from sanyo4ever/ukraine.com.ua-mcp @ 9cf48106",
		"A snapshot authored by the apigen developers because the build machines are offline.",
		"quoted in shared/vendors/CATALOGUE.md",
		"TODO: check the real answer",
	}
	for _, s := range leaks {
		if len(Find(s)) == 0 {
			t.Errorf("no leak found in %q", s)
		}
	}
	clean := []string{
		"Adds an origin server. The API rejects an isWs field on the backend.",
		`import "github.com/apigen-dev/apigen/gen/stormwall"`,
		"Contact support@example.com or admin@203.0.113.10.",
		"curl --url \"${STORMWALL_BASE_URL:-https://api.stormwall.pro}/v3/domains/1\"",
		"Source code of the site lives in public_html.",
		"Versions v1.2 and go@1.22 are supported.",
	}
	for _, s := range clean {
		if l := Find(s); len(l) > 0 {
			t.Errorf("%q: false leak %v", s, l)
		}
	}
}
