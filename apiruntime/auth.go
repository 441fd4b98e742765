package apiruntime

import (
	"net/http"
	"strings"
)

// Scheme is one security scheme of the spec: where its credential travels.
type Scheme struct {
	Name  string // the scheme's name in the spec
	In    string // "header", "cookie", "query", "bearer" or "basic" (value "user:password")
	Param string // the header, cookie or query parameter name
}

// Auth holds the spec's security requirements (alternatives, each a set of
// schemes that must all be sent together) and the credentials the caller
// gave, by scheme name.
type Auth struct {
	Requirements [][]Scheme
	Values       map[string]string
}

// chosen is the first requirement whose every scheme has a credential: the
// requirements are alternatives, in the spec's order of preference.
func (a *Auth) chosen() []Scheme {
	for _, req := range a.Requirements {
		ok := len(req) > 0
		for _, s := range req {
			ok = ok && a.Values[s.Name] != ""
		}
		if ok {
			return req
		}
	}
	return nil
}

// apply adds the chosen requirement's credentials to req. A cookie is added
// beside any cookies already on the request, never replacing them.
func (a *Auth) apply(req *http.Request) {
	for _, s := range a.chosen() {
		v := a.Values[s.Name]
		switch s.In {
		case "header":
			req.Header.Set(s.Param, v)
		case "bearer":
			req.Header.Set("Authorization", "Bearer "+v)
		case "basic":
			user, pass, _ := strings.Cut(v, ":")
			req.SetBasicAuth(user, pass)
		case "cookie":
			req.AddCookie(&http.Cookie{Name: s.Param, Value: v})
		case "query":
			q := req.URL.Query()
			q.Set(s.Param, v)
			req.URL.RawQuery = q.Encode()
		}
	}
}

// Redacted stands in for a credential in requests handed back to callers.
const Redacted = "REDACTED"

// scrub returns a copy of r with every credential apply adds replaced by
// Redacted: what the caller can reach shows where a credential went, never
// what it is.
func (a *Auth) scrub(r *http.Request) *http.Request {
	if r == nil {
		return nil
	}
	c := r.Clone(r.Context()) // Header and URL are deep-copied
	for _, s := range a.chosen() {
		switch s.In {
		case "header":
			if c.Header.Get(s.Param) != "" {
				c.Header.Set(s.Param, Redacted)
			}
		case "bearer", "basic":
			if kind, _, ok := strings.Cut(c.Header.Get("Authorization"), " "); ok {
				c.Header.Set("Authorization", kind+" "+Redacted)
			}
		case "cookie":
			cookies := c.Cookies()
			c.Header.Del("Cookie")
			for _, ck := range cookies {
				if ck.Name == s.Param {
					ck.Value = Redacted
				}
				c.AddCookie(ck)
			}
		case "query":
			if q := c.URL.Query(); q.Has(s.Param) {
				q.Set(s.Param, Redacted)
				c.URL.RawQuery = q.Encode()
			}
		}
	}
	return c
}

// secrets lists the credential values, to blank them out of anything the
// client reports.
func (a *Auth) secrets() []string {
	var out []string
	for _, v := range a.Values {
		if len(v) >= 4 { // shorter values would blank innocent text
			out = append(out, v)
		}
	}
	return out
}

// headerNames are the request headers that can carry a credential.
func (a *Auth) headerNames() []string {
	names := []string{"Authorization", "Cookie"}
	for _, req := range a.Requirements {
		for _, s := range req {
			if s.In == "header" {
				names = append(names, s.Param)
			}
		}
	}
	return names
}

// redact blanks every secret in b.
func redact(b []byte, secrets []string) []byte {
	s := string(b)
	for _, sec := range secrets {
		s = strings.ReplaceAll(s, sec, "[REDACTED]")
	}
	return []byte(s)
}
