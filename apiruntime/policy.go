package apiruntime

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Policy is what a vendor's overlays say about its API at run time. Generated
// packages build one; it is never changed after that.
type Policy struct {
	Vendor string // names the vendor in errors: "stormwall: ..."

	Errors    ErrorShape
	Envelope  Envelope // where a 2xx body keeps its payload, unless an operation says otherwise
	Retry     RetryRules
	RateLimit []Window // rate-limit headers, one window each

	MaxBodyBytes   int64 // requests with a larger body are refused before sending; 0: no limit
	MaxHeaderBytes int64 // likewise for the total size of the request headers
}

// ErrorShape says where the parts of an error sit in a response body. Each
// field lists dot paths ("payload.message") tried in order; the first that
// holds a string, number or list of strings wins.
type ErrorShape struct {
	Code, Type, Message []string
	// Reason lists where an HTTP reason phrase sits ("error" in
	// {statusCode, error, message}); it goes to APIError.Reason.
	Reason []string
	// Failure lists matches that make a 2xx body an error all the same
	// (adm.tools' {"result": false}).
	Failure []Match
	// Warnings, when set, locates non-fatal warnings in 2xx bodies
	// (StormWall's error_list).
	Warnings *WarningShape
}

// Match is true when the JSON value at Path equals Equals.
type Match struct {
	Path   string
	Equals any
}

// WarningShape locates a list of warnings and the fields of each.
type WarningShape struct {
	Path       string // the list, e.g. "error_list"
	Type, Code string // fields of one warning
}

// Warning is one non-fatal problem reported by a successful call.
type Warning struct {
	Type, Code string
}

// RetryRules are the vendor's retry hints.
type RetryRules struct {
	// Statuses are retried; a value from 100 to 599, or 1..5 standing for
	// the whole class (5 means every 5xx).
	Statuses []int
	// RetryAfter honours the Retry-After header (seconds or HTTP date).
	RetryAfter bool
	// Pause, when set, finds the wait in an error body: its first group is
	// a number of seconds ("Pause (\d+) seconds").
	Pause *regexp.Regexp
}

// Retryable reports whether status is one the vendor asks to retry.
func (r RetryRules) Retryable(status int) bool {
	for _, s := range r.Statuses {
		if s == status || (s >= 1 && s <= 5 && status/100 == s) {
			return true
		}
	}
	return false
}

// hint returns the wait the server asked for, from Retry-After or the pause
// message in the body, and whether it asked at all.
func (r RetryRules) hint(resp *http.Response, body []byte, now time.Time) (time.Duration, bool) {
	if r.RetryAfter {
		if v := strings.TrimSpace(resp.Header.Get("Retry-After")); v != "" {
			if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
				return time.Duration(secs) * time.Second, true
			}
			if at, err := http.ParseTime(v); err == nil {
				return max(at.Sub(now), 0), true
			}
		}
	}
	if r.Pause != nil {
		if m := r.Pause.FindSubmatch(body); m != nil && len(m) > 1 {
			if secs, err := strconv.Atoi(string(m[1])); err == nil && secs >= 0 {
				return time.Duration(secs) * time.Second, true
			}
		}
	}
	return 0, false
}

// Window names the headers of one rate-limit window.
type Window struct {
	Name      string // "hour"
	Limit     string // header with the window's limit
	Remaining string // header with what is left of it
}

// RateLimit is what the last response said about the vendor's limits.
type RateLimit struct {
	Windows []WindowState
}

// WindowState is one window's limit and what remains; -1 when the response
// did not say.
type WindowState struct {
	Name             string
	Limit, Remaining int
}

// Window returns the named window and whether the response reported it.
func (r RateLimit) Window(name string) (WindowState, bool) {
	for _, w := range r.Windows {
		if w.Name == name && (w.Limit >= 0 || w.Remaining >= 0) {
			return w, true
		}
	}
	return WindowState{Name: name, Limit: -1, Remaining: -1}, false
}

// Exhausted reports whether any window has nothing left.
func (r RateLimit) Exhausted() bool {
	for _, w := range r.Windows {
		if w.Remaining == 0 {
			return true
		}
	}
	return false
}

// ParseRateLimit reads the policy's rate-limit headers from resp.
func (p *Policy) ParseRateLimit(resp *http.Response) RateLimit {
	var rl RateLimit
	if resp == nil || len(p.RateLimit) == 0 {
		return rl
	}
	for _, w := range p.RateLimit {
		rl.Windows = append(rl.Windows, WindowState{
			Name: w.Name, Limit: headerInt(resp.Header, w.Limit), Remaining: headerInt(resp.Header, w.Remaining),
		})
	}
	return rl
}

func headerInt(h http.Header, name string) int {
	if name == "" {
		return -1
	}
	n, err := strconv.Atoi(strings.TrimSpace(h.Get(name)))
	if err != nil {
		return -1
	}
	return n
}
