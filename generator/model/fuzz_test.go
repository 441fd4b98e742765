package model

import (
	"go/token"
	"regexp"
	"testing"
)

// FuzzExported: any text (an operationId, a server name) becomes an
// exported Go identifier that is not a keyword, the same every time.
func FuzzExported(f *testing.F) {
	for _, s := range []string{"", "listPets", "get /v3/domains/{id}", "x(); } func init() { //", "123", "func", "Привіт світ",
		"\xff\xfe", "a\u2028b", "__", "ID", "type", "filter[!type]", "../../etc/passwd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Exported(s)
		if !token.IsIdentifier(got) || !token.IsExported(got) {
			t.Fatalf("Exported(%q) = %q: not an exported identifier", s, got)
		}
		if Exported(s) != got {
			t.Fatalf("Exported(%q) is not deterministic", s)
		}
	})
}

// FuzzEnvPrefix: a vendor name becomes the start of an environment
// variable name that a shell can expand unquoted.
func FuzzSnake(f *testing.F) {
	for _, s := range []string{"APIToken", "BearerToken", "LegacyUUID", "X", "aB", "ÄÖ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !token.IsIdentifier(s) || !token.IsExported(s) {
			return // fields are exported Go names; ext.Check makes sure
		}
		out := snake(s)
		if !regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`).MatchString(out) && out != "" {
			for _, r := range out {
				if r > 127 {
					return // non-ASCII fields are refused by ext.Check before this
				}
			}
			t.Fatalf("snake(%q) = %q is not an upper-case variable name", s, out)
		}
	})
}
