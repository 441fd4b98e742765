package model

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/apigen-dev/apigen/generator/ext"
)

// Runtime is the vendor knowledge the overlays add, in the shape the
// emitters print: how to authenticate, where errors and warnings sit in a
// body, what to retry, which headers carry rate limits, how large a request
// may be. It comes from standard securitySchemes/security plus the
// documented x-apigen-* extensions (see README, "How overlays work").
type Runtime struct {
	Schemes      []Scheme   // sorted by name
	Requirements [][]string // alternatives, in the spec's order; each a set of scheme names
	Options      []AuthOption
	Errors       ErrorsExt
	Retry        RetryExt
	RateLimit    []WindowExt
	Limits       LimitsExt
	Warnings     []string // what could not be turned into behaviour
}

// errUnsupported marks a security scheme the runtime cannot send.
var errUnsupported = errors.New("unsupported security scheme")

// Scheme is one security scheme and the Credentials field that feeds it.
type Scheme struct {
	Name  string // in the spec
	In    string // header, cookie, query or bearer
	Param string // header/cookie/query name
	Field string // Go field of Credentials
	Env   string // environment variable FromEnv reads; "" for none
}

// AuthOption is one With... function setting the fields of some schemes.
type AuthOption struct {
	GoName string
	Fields []string // parameters, in order
}

// ErrorsExt is x-apigen-errors.
type ErrorsExt = ext.Errors

// RetryExt is x-apigen-retry.
type RetryExt = ext.Retry

// WindowExt is one entry of x-apigen-ratelimit.
type WindowExt = ext.Window

// LimitsExt is x-apigen-limits.
type LimitsExt = ext.Limits

// buildRuntime reads the runtime knowledge out of doc. The extensions were
// checked where their positions were known (load, overlay); this only
// decodes them.
func buildRuntime(doc *openapi3.T) (Runtime, error) {
	var rt Runtime
	for _, e := range []struct {
		key string
		dst any
	}{
		{ext.ErrorsKey, &rt.Errors}, {ext.RetryKey, &rt.Retry},
		{ext.RateLimitKey, &rt.RateLimit}, {ext.LimitsKey, &rt.Limits},
	} {
		if err := ext.Decode(doc.Extensions, e.key, e.dst); err != nil {
			return rt, err
		}
	}
	return rt, buildSecurity(doc, &rt)
}

// EnvPrefix is the start of every environment variable a vendor's client
// and samples read: the vendor name in upper case, "-" as "_".
func EnvPrefix(vendor string) string {
	return strings.ToUpper(strings.NewReplacer("-", "_").Replace(vendor))
}

// defaultEnv names a variable for every credential the overlays left
// without one, so FromEnv and the samples can always read it:
// <VENDOR>_<FIELD>, the field in upper snake case.
func (rt *Runtime) defaultEnv(prefix string) {
	for i, s := range rt.Schemes {
		if s.Env == "" {
			rt.Schemes[i].Env = prefix + "_" + snake(s.Field)
		}
	}
}

// snake turns a Go name into upper snake case: APIToken → API_TOKEN.
func snake(name string) string {
	var b strings.Builder
	rs := []rune(name)
	for i, r := range rs {
		if i > 0 && unicode.IsUpper(r) && (unicode.IsLower(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1])) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

func buildSecurity(doc *openapi3.T, rt *Runtime) error {
	if doc.Components == nil {
		doc.Components = &openapi3.Components{}
	}
	params := map[string]int{}
	optionOf := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(doc.Components.SecuritySchemes)) {
		ref := doc.Components.SecuritySchemes[name]
		if ref == nil || ref.Value == nil {
			continue
		}
		s, ext, err := scheme(name, ref.Value)
		if errors.Is(err, errUnsupported) {
			rt.Warnings = append(rt.Warnings, fmt.Sprintf("securityScheme %q (type %q, in %q, scheme %q) is not supported: requests need it set by a request editor", name, ref.Value.Type, ref.Value.In, ref.Value.Scheme))
			continue
		}
		if err != nil {
			return err
		}
		rt.Schemes = append(rt.Schemes, s)
		params[s.Field], optionOf[s.Field] = ext.Param, ext.Option
	}
	known := map[string]bool{}
	for _, s := range rt.Schemes {
		known[s.Name] = true
	}
	for _, req := range doc.Security {
		names := slices.Sorted(maps.Keys(req))
		usable := len(names) > 0
		for _, n := range names {
			if _, ok := doc.Components.SecuritySchemes[n]; !ok {
				rt.Warnings = append(rt.Warnings, fmt.Sprintf("security: a requirement names scheme %q, which components.securitySchemes does not define; the requirement is ignored", n))
			}
			usable = usable && known[n]
		}
		if usable {
			rt.Requirements = append(rt.Requirements, names)
		}
	}
	rt.Options = authOptions(rt.Schemes, optionOf, params)
	return nil
}

// scheme maps one securityScheme to where its credential travels.
func scheme(name string, v *openapi3.SecurityScheme) (Scheme, ext.Credential, error) {
	var cred ext.Credential
	if err := ext.Decode(v.Extensions, ext.CredentialKey, &cred); err != nil {
		return Scheme{}, cred, fmt.Errorf("securityScheme %q: %w", name, err)
	}
	s := Scheme{Name: name, Param: v.Name, In: v.In, Field: cred.Field, Env: cred.Env}
	switch {
	case v.Type == "apiKey" && (v.In == "header" || v.In == "cookie" || v.In == "query"):
	case v.Type == "http" && strings.EqualFold(v.Scheme, "bearer"),
		// An OAuth2 or OpenID Connect client sends the access token it
		// obtained (elsewhere) as a bearer token.
		v.Type == "oauth2", v.Type == "openIdConnect":
		s.In, s.Param = "bearer", "Authorization"
	case v.Type == "http" && strings.EqualFold(v.Scheme, "basic"):
		s.In, s.Param = "basic", "Authorization" // the credential is "user:password"
	default:
		return s, cred, errUnsupported
	}
	if s.Field == "" {
		s.Field = Exported(name)
	}
	if cred.Option == "" {
		cred.Option = "With" + s.Field
	}
	return s, cred, nil
}

// authOptions groups fields that share an option name into one function,
// parameters ordered by their x-apigen-credential param, then field name.
func authOptions(schemes []Scheme, optionOf map[string]string, params map[string]int) []AuthOption {
	groups := map[string][]string{}
	for _, s := range schemes {
		o := optionOf[s.Field]
		if !slices.Contains(groups[o], s.Field) {
			groups[o] = append(groups[o], s.Field)
		}
	}
	var out []AuthOption
	for _, name := range slices.Sorted(maps.Keys(groups)) {
		fields := groups[name]
		sort.SliceStable(fields, func(i, j int) bool { return params[fields[i]] < params[fields[j]] })
		out = append(out, AuthOption{GoName: name, Fields: fields})
	}
	return out
}

// isExported reports whether s is an exported ASCII Go name.
func isExported(s string) bool {
	if s == "" || !unicode.IsUpper(rune(s[0])) {
		return false
	}
	for _, r := range s {
		if r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}
