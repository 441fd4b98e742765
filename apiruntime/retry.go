package apiruntime

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// Do sends req: it refuses requests over the vendor's size limits, adds
// credentials (only for the configured host), retries connection errors and
// the vendor's retryable statuses with capped, jittered backoff or the wait
// the server asked for, and turns every error answer into an *APIError (or a
// *RateLimitError). A 2xx response comes back with its body readable again.
//
// Credentials go on a copy of req: neither the caller's request nor the
// one the response points back to (resp.Request) carries them, so printing
// either, or dumping it with net/http/httputil, shows no secret.
func (d *Doer) Do(req *http.Request) (*http.Response, error) {
	if req.URL.Host == d.host {
		req = req.Clone(req.Context())
		d.auth.apply(req)
	}
	if err := d.checkLimits(req); err != nil {
		return nil, err
	}
	if d.retry.FailWhenExhausted && d.RateLimit().Exhausted() {
		return nil, &RateLimitError{Vendor: d.policy.Vendor, Cap: d.retry.MaxWait}
	}
	ctx := req.Context()
	var waited time.Duration
	for attempt := 1; ; attempt++ {
		try, err := d.attemptRequest(req, attempt)
		if err != nil {
			return nil, err
		}
		final := attempt >= d.retry.MaxAttempts || !replayable(req)
		resp, err := d.next.Do(try)
		var wait time.Duration
		switch {
		case err != nil:
			wait = d.backoff(attempt)
			if final || ctx.Err() != nil || waited+wait > d.retry.MaxWait {
				return nil, d.transportError(req, err)
			}
		default:
			d.record(resp)
			if resp.StatusCode >= 200 && resp.StatusCode < 300 {
				return d.success(req, resp)
			}
			body := readCapped(resp)
			if final || !d.policy.Retry.Retryable(resp.StatusCode) {
				return nil, d.apiError(req, resp, body)
			}
			hinted := false
			if wait, hinted = d.policy.Retry.hint(resp, body, time.Now()); !hinted {
				wait = d.backoff(attempt)
			}
			if waited+wait > d.retry.MaxWait {
				apiErr := d.apiError(req, resp, body)
				if hinted {
					return nil, &RateLimitError{Vendor: d.policy.Vendor, Wait: wait, Cap: d.retry.MaxWait, Err: apiErr}
				}
				return nil, apiErr
			}
		}
		if err := d.retry.Sleep(ctx, wait); err != nil {
			return nil, err
		}
		waited += wait
	}
}

// replayable: a request can be sent again only if its body can be re-read.
func replayable(req *http.Request) bool {
	return req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
}

// attemptRequest returns the request to send: the original the first time,
// a clone with a fresh body after that.
func (d *Doer) attemptRequest(req *http.Request, attempt int) (*http.Request, error) {
	if attempt == 1 {
		return req, nil
	}
	try := req.Clone(req.Context())
	if req.Body != nil && req.Body != http.NoBody {
		body, err := req.GetBody()
		if err != nil {
			return nil, fmt.Errorf("%s: replay request body: %w", d.policy.Vendor, err)
		}
		try.Body = body
	}
	return try, nil
}

// backoff is full jitter: uniform in [0, min(MaxDelay, BaseDelay·2^(n-1))].
func (d *Doer) backoff(attempt int) time.Duration {
	ceiling := d.retry.MaxDelay
	if shift := attempt - 1; shift < 30 {
		ceiling = min(ceiling, d.retry.BaseDelay<<shift)
	}
	return time.Duration(d.retry.Jitter() * float64(ceiling))
}

func (d *Doer) record(resp *http.Response) {
	if len(d.policy.RateLimit) == 0 {
		return
	}
	rl := d.policy.ParseRateLimit(resp)
	d.mu.Lock()
	d.last = rl
	d.mu.Unlock()
}

// success checks a 2xx body against the vendor's failure rules and hands
// the response on with its body readable again.
func (d *Doer) success(req *http.Request, resp *http.Response) (*http.Response, error) {
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, d.transportError(req, err)
	}
	if d.policy.failed(body) {
		return nil, d.apiError(req, resp, body)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.Request = d.auth.scrub(resp.Request)
	return resp, nil
}

func (d *Doer) apiError(req *http.Request, resp *http.Response, body []byte) *APIError {
	secrets := d.auth.secrets()
	e := &APIError{
		Vendor: d.policy.Vendor, StatusCode: resp.StatusCode, Method: req.Method, Path: req.URL.Path,
		RateLimit: d.policy.ParseRateLimit(resp), Body: redact(body, secrets),
	}
	e.RetryAfter, _ = d.policy.Retry.hint(resp, body, time.Now())
	d.policy.decodeError(e)
	e.Message = string(redact([]byte(e.Message), secrets))
	return e
}

// readCapped reads at most maxBody bytes of an error body and closes it.
func readCapped(resp *http.Response) []byte {
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	return b
}

// TransportError is a request that got no answer (connection refused, a
// timeout, a cancelled context); its message never shows a credential.
type TransportError struct {
	msg string
	err error
}

func (e *TransportError) Error() string { return e.msg }
func (e *TransportError) Unwrap() error { return e.err }

func (d *Doer) transportError(req *http.Request, err error) error {
	secrets := d.auth.secrets()
	msg := fmt.Sprintf("%s: %s %s: %v", d.policy.Vendor, req.Method, req.URL.Path, err)
	// net/http's *url.Error names the URL, query credentials included;
	// the caller reaches it through Unwrap, so it is redacted too.
	if ue, ok := err.(*url.Error); ok {
		cp := *ue
		cp.URL = string(redact([]byte(ue.URL), secrets))
		err = &cp
	}
	return &TransportError{msg: string(redact([]byte(msg), secrets)), err: err}
}

// checkLimits refuses a request whose body or headers exceed the vendor's
// limits, before anything is sent.
func (d *Doer) checkLimits(req *http.Request) error {
	p := d.policy
	if p.MaxBodyBytes > 0 {
		n := req.ContentLength
		if n < 0 && req.GetBody != nil {
			if rc, err := req.GetBody(); err == nil {
				n, _ = io.Copy(io.Discard, io.LimitReader(rc, p.MaxBodyBytes+1))
				rc.Close()
			}
		}
		if n > p.MaxBodyBytes {
			return fmt.Errorf("%s: %s %s: body of %d bytes: %w (%d bytes)", p.Vendor, req.Method, req.URL.Path, n, ErrLimit, p.MaxBodyBytes)
		}
	}
	if p.MaxHeaderBytes > 0 {
		var n int64
		for k, vs := range req.Header {
			for _, v := range vs {
				n += int64(len(k) + len(v) + 4) // "K: V\r\n"
			}
		}
		if n > p.MaxHeaderBytes {
			return fmt.Errorf("%s: %s %s: %d bytes of headers: %w (%d bytes)", p.Vendor, req.Method, req.URL.Path, n, ErrLimit, p.MaxHeaderBytes)
		}
	}
	return nil
}
