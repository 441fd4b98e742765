package apiruntime

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// HTTPDoer is the one method oapi-codegen's clients need from an HTTP client.
type HTTPDoer interface {
	Do(*http.Request) (*http.Response, error)
}

// RetryPolicy is how hard a client tries. The zero value means the defaults
// of DefaultRetryPolicy for every unset field.
type RetryPolicy struct {
	// MaxAttempts counts the first try; 1 disables retries.
	MaxAttempts int
	// BaseDelay and MaxDelay bound the exponential backoff; each wait is
	// drawn uniformly from [0, min(MaxDelay, BaseDelay·2^n)] ("full jitter").
	BaseDelay, MaxDelay time.Duration
	// MaxWait caps the total time spent waiting between attempts. A server
	// that asks for a longer pause gets a *RateLimitError at once.
	MaxWait time.Duration
	// FailWhenExhausted refuses to send, with a *RateLimitError, while the
	// last response said a rate-limit window has nothing left.
	FailWhenExhausted bool
	// Sleep waits for d or until ctx is done; tests inject a fake clock
	// here. Nil means a real timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter returns a number in [0, 1); nil means math/rand.
	Jitter func() float64
}

// DefaultRetryPolicy: 4 attempts, backoff from 500 ms up to 30 s, at most
// two minutes of waiting in all.
var DefaultRetryPolicy = RetryPolicy{MaxAttempts: 4, BaseDelay: 500 * time.Millisecond, MaxDelay: 30 * time.Second, MaxWait: 2 * time.Minute}

func (r RetryPolicy) withDefaults() RetryPolicy {
	d := DefaultRetryPolicy
	if r.MaxAttempts > 0 {
		d.MaxAttempts = r.MaxAttempts
	}
	if r.BaseDelay > 0 {
		d.BaseDelay = r.BaseDelay
	}
	if r.MaxDelay > 0 {
		d.MaxDelay = r.MaxDelay
	}
	if r.MaxWait > 0 {
		d.MaxWait = r.MaxWait
	}
	d.FailWhenExhausted, d.Sleep, d.Jitter = r.FailWhenExhausted, r.Sleep, r.Jitter
	if d.Sleep == nil {
		d.Sleep = sleep
	}
	if d.Jitter == nil {
		d.Jitter = rand.Float64
	}
	return d
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Doer is the HTTP doer generated clients send through. Build it with
// NewDoer; it is safe for concurrent use.
type Doer struct {
	policy *Policy
	retry  RetryPolicy
	auth   *Auth
	host   string // credentials go only to this host
	next   HTTPDoer

	mu   sync.Mutex
	last RateLimit // from the latest response, for the client-side budget
}

// DefaultTimeout bounds one attempt when New builds the HTTP client itself.
const DefaultTimeout = time.Minute

// NewDoer returns a Doer for the given server. next is the underlying
// client; nil means a new http.Client. When next is an *http.Client it is
// copied with a redirect check that drops credentials on the way to another
// host (net/http keeps custom headers such as x-api-key across redirects).
func NewDoer(p *Policy, server string, auth *Auth, retry RetryPolicy, next HTTPDoer) (*Doer, error) {
	if server == "" {
		return nil, fmt.Errorf("%s: no server: the spec names none, so pass one with WithServer", p.Vendor)
	}
	u, err := url.Parse(server)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("%s: server %q is not an absolute URL", p.Vendor, server)
	}
	if auth == nil {
		auth = &Auth{}
	}
	d := &Doer{policy: p, retry: retry.withDefaults(), auth: auth, host: u.Host, next: next}
	if next == nil {
		// A request that never answers must not hang a caller who passed
		// context.Background(); retries still honour the context.
		next = &http.Client{Timeout: DefaultTimeout}
	}
	if hc, ok := next.(*http.Client); ok {
		d.next = d.guardRedirects(hc)
	}
	return d, nil
}

func (d *Doer) guardRedirects(hc *http.Client) *http.Client {
	c := *hc
	prev := hc.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if req.URL.Host != d.host {
			for _, h := range d.auth.headerNames() {
				req.Header.Del(h)
			}
		}
		if prev != nil {
			return prev(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &c
}

// RateLimit returns what the latest response said about the rate limits.
func (d *Doer) RateLimit() RateLimit {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.last
}
