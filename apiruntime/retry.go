package apiruntime

import (
	"bytes"
	"context"
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
		var fail error // what the caller gets if there is no retry
		hinted := false
		switch {
		case err != nil:
			wait, fail = d.backoff(attempt), d.transportError(req, err)
			if final {
				return nil, fail
			}
		case resp.StatusCode >= 200 && resp.StatusCode < 300:
			d.record(resp)
			ok, cut, err := d.success(req, resp)
			if cut == nil {
				return ok, err
			}
			// The answer was cut off mid-body: for a request that may be
			// sent twice, that is a dropped connection like any other.
			wait, fail = d.backoff(attempt), cut
			if final || !idempotent(req) {
				return nil, fail
			}
		default:
			d.record(resp)
			body := readCapped(resp)
			apiErr := d.apiError(req, resp, body)
			if final || !d.policy.Retry.Retryable(resp.StatusCode) {
				return nil, apiErr
			}
			if wait, hinted = d.policy.Retry.hint(resp, body, time.Now()); !hinted {
				wait = d.backoff(attempt)
			}
			fail = apiErr
			if hinted && waited+wait > d.retry.MaxWait {
				return nil, &RateLimitError{Vendor: d.policy.Vendor, Wait: wait, Cap: d.retry.MaxWait, Err: apiErr}
			}
		}
		if ctx.Err() != nil || waited+wait > d.retry.MaxWait {
			return nil, fail
		}
		// Sleeping past ctx's deadline only trades the vendor's answer
		// for "context deadline exceeded": say now what the wait was for.
		if left, ok := timeLeft(ctx); ok && wait > left {
			if hinted {
				return nil, &RateLimitError{Vendor: d.policy.Vendor, Wait: wait, Cap: left, Deadline: true, Err: fail.(*APIError)}
			}
			return nil, fail
		}
		if err := d.retry.Sleep(ctx, wait); err != nil {
			return nil, err
		}
		waited += wait
	}
}

// timeLeft is what remains of ctx's deadline, if it has one.
func timeLeft(ctx context.Context) (time.Duration, bool) {
	dl, ok := ctx.Deadline()
	if !ok {
		return 0, false
	}
	return time.Until(dl), true
}

// idempotent reports whether sending req twice does no more than sending
// it once: the methods RFC 9110 calls idempotent, or a request carrying an
// idempotency key (net/http's transport draws the same line).
func idempotent(req *http.Request) bool {
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace, http.MethodPut, http.MethodDelete:
		return true
	}
	return req.Header.Get("Idempotency-Key") != "" || req.Header.Get("X-Idempotency-Key") != ""
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
// the response on with its body readable again. cut is set, and nothing
// else, when the body could not be read to its end.
func (d *Doer) success(req *http.Request, resp *http.Response) (ok *http.Response, cut, err error) {
	body, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	if rerr != nil {
		return nil, d.transportError(req, fmt.Errorf("reading the answer to its end: %w", rerr)), nil
	}
	if req.Context().Value(failureIsData{}) == nil && d.policy.failed(body) {
		return nil, nil, d.apiError(req, resp, body)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.Request = d.auth.scrub(resp.Request)
	return resp, nil, nil
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
	e.Reason = string(redact([]byte(e.Reason), secrets))
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
		if n := wireHeadBytes(req); n > p.MaxHeaderBytes {
			return fmt.Errorf("%s: %s %s: %d bytes of request line and headers: %w (%d bytes)", p.Vendor, req.Method, req.URL.Path, n, ErrLimit, p.MaxHeaderBytes)
		}
	}
	return nil
}

// wireHeadBytes is an upper bound on the size of the request head as
// net/http's HTTP/1.1 transport writes it: the request line, the Host,
// User-Agent, Accept-Encoding and Connection headers a transport adds when
// the request has none, the body's length, every header of the request
// (credentials included: they are set by now) and the blank line. A
// server counting only headers counts less, so a request allowed here is
// never answered 431 for its size.
func wireHeadBytes(req *http.Request) int64 {
	line := func(k, v string) int64 { return int64(len(k) + len(": ") + len(v) + len("\r\n")) }
	n := int64(len(req.Method) + len(" ") + len(req.URL.RequestURI()) + len(" HTTP/1.1\r\n"))
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	n += line("Host", host)
	n += line("Connection", "close") // sent by a transport with keep-alives off
	if _, set := req.Header["User-Agent"]; !set {
		n += line("User-Agent", "Go-http-client/1.1")
	}
	if req.Header.Get("Accept-Encoding") == "" && req.Header.Get("Range") == "" && req.Method != http.MethodHead {
		n += line("Accept-Encoding", "gzip")
	}
	if req.Body != nil && req.Body != http.NoBody || req.ContentLength > 0 {
		n += line("Transfer-Encoding", "chunked") // longer than any Content-Length line below 10^17
	}
	for k, vs := range req.Header {
		for _, v := range vs {
			n += line(k, v)
		}
	}
	return n + int64(len("\r\n"))
}
