package gen_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// credentialLike matches what secret scanners flag: JWTs, cloud and VCS
// keys, private keys, and a credential-named header, field or option set to
// a literal rather than read from the environment.
var credentialLike = []*regexp.Regexp{
	regexp.MustCompile(`eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}`),
	regexp.MustCompile(`\b(AKIA|ASIA)[0-9A-Z]{16}\b`),
	regexp.MustCompile(`\bgh[pousr]_[A-Za-z0-9]{30,}\b`),
	regexp.MustCompile(`\bxox[abpr]-[A-Za-z0-9-]{10,}`),
	regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----`),
	regexp.MustCompile(`(?i)\bBearer [A-Za-z0-9._~+/-]{12,}`),
	regexp.MustCompile(`(?i)(x-api-key|api[_-]?token|wallarmapi-token|x-wallarmapi-secret|x-wallarmapi-uuid|api_access_token)\s*[:=]\s*['"]?[A-Za-z0-9._~+/-]{12,}`),
}

// TestNoCredentialInGeneratedFiles scans every generated file (clients,
// samples, overlays, decorated specs, SAMPLES.md) and the docs-facing
// examples for anything that looks like a credential. Samples must read
// secrets from the environment; a literal would be published on a docs site.
func TestNoCredentialInGeneratedFiles(t *testing.T) {
	scanned := 0
	for _, root := range []string{".", "../examples", "../specs", "../overlays"} {
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, "_test.go") {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			scanned++
			for _, re := range credentialLike {
				if m := re.Find(data); m != nil {
					t.Errorf("%s: looks like a credential: %q", p, m)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if scanned < 30 {
		t.Fatalf("scanned %d files; the generated tree has more", scanned)
	}
	t.Logf("%d files scanned", scanned)
}

// TestScannerFindsCredentials keeps the patterns honest: each sample
// secret must be caught, and the environment-variable forms the samples
// use must not be.
func TestScannerFindsCredentials(t *testing.T) {
	caught := []string{
		`--header 'x-api-key: 3f9c2b7a8e1d4c6b'`,
		`Authorization: Bearer abcdefghijklmnop123`,
		`token := "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.x"`,
		`AKIAABCDEFGHIJKLMNOP`,
		`WALLARMAPI-TOKEN=abcdefghijkl12345`,
	}
	for _, s := range caught {
		hit := false
		for _, re := range credentialLike {
			hit = hit || re.MatchString(s)
		}
		if !hit {
			t.Errorf("not caught: %s", s)
		}
	}
	for _, s := range []string{`--header "x-api-key: ${STORMWALL_API_TOKEN}"`, `('Authorization: Bearer ' + $env:ADMTOOLS_API_TOKEN)`,
		`"Authorization: Bearer ${ADMTOOLS_API_TOKEN}"`} {
		for _, re := range credentialLike {
			if re.MatchString(s) {
				t.Errorf("false alarm on %s", s)
			}
		}
	}
}
