package apiruntime

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// APIError is a call the vendor answered with an error: a non-2xx status, or
// a 2xx body the vendor's envelope marks as a failure. Generated packages
// alias it (stormwall.APIError), so errors.As works with either name.
type APIError struct {
	Vendor     string
	StatusCode int
	// Code is the vendor's machine-readable error code (DOMAIN_NOT_FOUND),
	// when its body has one; never an HTTP reason phrase.
	Code string
	// Reason is the HTTP reason phrase an error body repeats ("Bad
	// Request" in StormWall's {statusCode, error, message}), kept apart
	// from Code so a switch on Code sees only the vendor's codes.
	Reason    string
	Type      string
	Message   string
	Method    string
	Path      string // the request path; the query is left out, it may hold secrets
	RateLimit RateLimit
	// RetryAfter is the wait the server asked for (Retry-After or a pause
	// message), zero when it did not say.
	RetryAfter time.Duration
	// Body is the raw response body, at most maxBody bytes, with any
	// credential the client sent blanked out.
	Body []byte
}

// maxBody caps how much of an error body is kept.
const maxBody = 64 << 10

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s %s: HTTP %d", e.Vendor, e.Method, e.Path, e.StatusCode)
	if e.Reason != "" {
		fmt.Fprintf(&b, " %s", e.Reason)
	}
	if e.Code != "" {
		fmt.Fprintf(&b, " %s", e.Code)
	}
	if e.Type != "" {
		fmt.Fprintf(&b, " (%s)", e.Type)
	}
	switch {
	case e.Message != "":
		fmt.Fprintf(&b, ": %s", e.Message)
	case len(e.Body) > 0:
		fmt.Fprintf(&b, ": %s", excerpt(e.Body, 200))
	default:
		b.WriteString(": empty body")
	}
	return b.String()
}

// excerpt returns up to n bytes of body as one line of valid UTF-8.
func excerpt(body []byte, n int) string {
	s := string(body)
	if len(s) > n {
		s = s[:n]
		for !utf8.ValidString(s) && len(s) > 0 {
			s = s[:len(s)-1]
		}
		s += "…"
	}
	return strings.Join(strings.Fields(s), " ")
}

// RateLimitError is returned at once, without waiting, when the vendor asks
// for a pause longer than the client would wait: longer than the retry
// policy allows (an exhausted hourly budget), or longer than what is left
// of the call's context deadline. It is also returned, without sending,
// when the client-side budget says nothing is left. It wraps the APIError
// of the answer that asked for the pause, if there was one.
type RateLimitError struct {
	Vendor string
	Wait   time.Duration // how long the vendor asked to wait; 0 if unknown
	// Cap is the most the client would have waited: the policy's MaxWait,
	// or, when Deadline is set, what was left of the context's deadline.
	Cap      time.Duration
	Deadline bool
	Err      *APIError // nil when no request was sent
}

func (e *RateLimitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("%s: rate limit exhausted (client-side budget): request not sent", e.Vendor)
	}
	limit := "the retry policy allows"
	if e.Deadline {
		limit = "left before the context's deadline"
	}
	return fmt.Sprintf("%s: rate limited: server asks to wait %s, more than the %s %s: %v",
		e.Vendor, e.Wait, e.Cap.Round(time.Millisecond), limit, e.Err)
}

// Unwrap lets errors.As find the APIError inside.
func (e *RateLimitError) Unwrap() error {
	if e.Err == nil {
		return nil
	}
	return e.Err
}

// ErrLimit is returned (wrapped) when a request is over the vendor's size
// limits and was not sent.
var ErrLimit = errors.New("request over the API's size limit")

// decodeError fills the code, type and message of e from its body, which
// need not be JSON: a plain-text or empty body leaves them empty and the
// body excerpt speaks instead.
func (p *Policy) decodeError(e *APIError) {
	var doc any
	if json.Unmarshal(e.Body, &doc) != nil {
		return
	}
	e.Code = first(doc, p.Errors.Code)
	e.Reason = first(doc, p.Errors.Reason)
	e.Type = first(doc, p.Errors.Type)
	e.Message = first(doc, p.Errors.Message)
}

// failed reports whether a 2xx body matches one of the failure rules.
func (p *Policy) failed(body []byte) bool {
	if len(p.Errors.Failure) == 0 {
		return false
	}
	var doc any
	if json.Unmarshal(body, &doc) != nil {
		return false
	}
	for _, m := range p.Errors.Failure {
		if v, ok := lookup(doc, m.Path); ok && equal(v, m.Equals) {
			return true
		}
	}
	return false
}

// Warnings returns the non-fatal warnings in a successful response body.
func (p *Policy) Warnings(body []byte) []Warning {
	w := p.Errors.Warnings
	if w == nil {
		return nil
	}
	var doc any
	if json.Unmarshal(body, &doc) != nil {
		return nil
	}
	list, _ := lookup(doc, w.Path)
	items, _ := list.([]any)
	var out []Warning
	for _, it := range items {
		out = append(out, Warning{Type: first(it, []string{w.Type}), Code: first(it, []string{w.Code})})
	}
	return out
}

// first returns the first path in doc that holds a usable scalar.
func first(doc any, paths []string) string {
	for _, p := range paths {
		if v, ok := lookup(doc, p); ok {
			if s, ok := scalar(v); ok {
				return s
			}
		}
	}
	return ""
}

// lookup follows a dot path through JSON objects.
func lookup(doc any, path string) (any, bool) {
	if path == "" {
		return nil, false
	}
	cur := doc
	for _, key := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[key]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// scalar renders strings, numbers, booleans and lists of them as text.
func scalar(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, t != ""
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(t), true
	case []any:
		var parts []string
		for _, x := range t {
			if s, ok := scalar(x); ok {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, "; "), len(parts) > 0
	}
	return "", false
}

// equal compares a decoded JSON value with a rule's value, numbers by value.
func equal(v, want any) bool {
	switch w := want.(type) {
	case int:
		f, ok := v.(float64)
		return ok && f == float64(w)
	case float64:
		f, ok := v.(float64)
		return ok && f == w
	}
	return v == want
}
