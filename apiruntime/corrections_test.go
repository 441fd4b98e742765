package apiruntime

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Four behaviours an outside examination of the generated clients found
// wrong (issue 15, item 6). Each test fails on the code before the fix.

// A 2xx whose body is cut off mid-read is a dropped connection: an
// idempotent request is sent again, anything else is not.
func TestCutOffBodyIsRetriedWhenIdempotent(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			conn, buf, _ := w.(http.Hijacker).Hijack()
			buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{\"id\":")
			buf.Flush()
			conn.Close()
			return
		}
		w.Write([]byte(`{"id":1}`))
	}))
	defer srv.Close()
	d := newTestDoer(t, srv, RetryPolicy{})

	resp, err := get(t, d, srv.URL+"/x")
	if err != nil {
		t.Fatalf("GET whose first answer was cut off: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != `{"id":1}` || n.Load() != 2 {
		t.Errorf("got %q after %d requests, want the whole body after 2", body, n.Load())
	}

	n.Store(0)
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/x", strings.NewReader(`{}`))
	_, err = d.Do(req)
	var te *TransportError
	if !errors.As(err, &te) || n.Load() != 1 {
		t.Errorf("POST: got %v after %d requests; a POST may have taken effect, so it is not sent again", err, n.Load())
	}
	if err != nil && !strings.Contains(err.Error(), "to its end") {
		t.Errorf("the error should say the answer was cut off: %v", err)
	}
}

// headServer reads each request head as it arrives on the wire and answers
// 431 when it is over limit, as a front-end proxy with an 8 KB buffer does.
func headServer(t *testing.T, limit int) (url string, stop func()) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			wg.Go(func() {
				defer conn.Close()
				var head bytes.Buffer
				r := bufio.NewReader(conn)
				for !bytes.HasSuffix(head.Bytes(), []byte("\r\n\r\n")) {
					b, err := r.ReadByte()
					if err != nil {
						return
					}
					head.WriteByte(b)
				}
				status := "200 OK"
				if head.Len() > limit {
					status = "431 Request Header Fields Too Large"
				}
				fmt.Fprintf(conn, "HTTP/1.1 %s\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}", status)
			})
		}
	})
	return "http://" + l.Addr().String(), func() { l.Close(); wg.Wait() }
}

// The size limit counts what goes on the wire (request line, Host,
// User-Agent, Accept-Encoding, the credential), so no request the client
// lets through is refused by the server for its size.
func TestHeaderLimitCountsTheWire(t *testing.T) {
	const limit = 1024
	url, stop := headServer(t, limit)
	defer stop()
	p := *testPolicy
	p.MaxHeaderBytes = limit
	auth := &Auth{Requirements: [][]Scheme{{{Name: "k", In: "header", Param: "X-Api-Key"}}}, Values: map[string]string{"k": "a-credential-of-some-length"}}
	d, err := NewDoer(&p, url, auth, RetryPolicy{MaxAttempts: 1}, &http.Client{Transport: &http.Transport{DisableKeepAlives: true}})
	if err != nil {
		t.Fatal(err)
	}
	var sent, refused int
	for size := 700; size <= 1100; size += 3 {
		req, _ := http.NewRequest(http.MethodGet, url+"/v3/domains?limit=10", nil)
		req.Header.Set("X-Pad", strings.Repeat("p", size))
		resp, err := d.Do(req)
		var apiErr *APIError
		switch {
		case err == nil:
			resp.Body.Close()
			sent++
		case errors.Is(err, ErrLimit):
			refused++
		case errors.As(err, &apiErr) && apiErr.StatusCode == 431:
			t.Fatalf("a %d-byte header passed the client's %d-byte check and the server answered 431", size, limit)
		default:
			t.Fatalf("size %d: %v", size, err)
		}
	}
	if sent == 0 || refused == 0 {
		t.Errorf("%d sent, %d refused: the sizes should straddle the limit", sent, refused)
	}
}

// A pause the vendor asks for that is longer than what is left of ctx's
// deadline ends the call at once with a *RateLimitError, instead of
// sleeping into "context deadline exceeded".
func TestPauseBeyondDeadlineFailsAtOnce(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(http.StatusTooManyRequests)
		w.Write([]byte(`{"code":"SLOW","message":"slow down"}`))
	}))
	defer srv.Close()
	var slept []time.Duration
	d := newTestDoer(t, srv, RetryPolicy{Sleep: func(ctx context.Context, w time.Duration) error {
		slept = append(slept, w)
		return nil
	}})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/x", nil)
	_, err := d.Do(req)
	var rle *RateLimitError
	if !errors.As(err, &rle) || rle.Wait != 30*time.Second || !rle.Deadline || rle.Cap > 5*time.Second {
		t.Fatalf("got %v; want a RateLimitError for the 30 s pause, capped by the deadline", err)
	}
	if len(slept) != 0 || n.Load() != 1 {
		t.Errorf("slept %v over %d requests; want no sleep and one request", slept, n.Load())
	}
	if !strings.Contains(err.Error(), "before the context's deadline") {
		t.Errorf("the message should say the deadline was the limit: %v", err)
	}

	// A backoff of our own that outlasts the deadline is not slept either:
	// the vendor's answer comes back as it is.
	n.Store(0)
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer slow.Close()
	d = newTestDoer(t, slow, RetryPolicy{BaseDelay: 20 * time.Second, MaxDelay: time.Minute, Jitter: func() float64 { return 0.9 },
		Sleep: func(ctx context.Context, w time.Duration) error { slept = append(slept, w); return nil }})
	req, _ = http.NewRequestWithContext(ctx, http.MethodGet, slow.URL+"/x", nil)
	_, err = d.Do(req)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || len(slept) != 0 || n.Load() != 1 {
		t.Errorf("got %v after %d requests and sleeps %v; want the 503 at once", err, n.Load(), slept)
	}
}

// APIError.Code holds only the vendor's machine code; the reason phrase a
// {statusCode, error, message} body repeats goes to Reason.
func TestReasonPhraseIsNotACode(t *testing.T) {
	p := &Policy{Vendor: "acme", Errors: ErrorShape{
		Code: []string{"payload.code", "code"}, Reason: []string{"error"}, Message: []string{"payload.message", "message"},
	}}
	for _, tc := range []struct{ body, code, reason, text string }{
		{`{"statusCode":400,"error":"Bad Request","message":"Invalid input"}`, "", "Bad Request", "HTTP 400 Bad Request: Invalid input"},
		{`{"status":"error","payload":{"statusCode":404,"code":"DOMAIN_NOT_FOUND","message":"no such domain"}}`, "DOMAIN_NOT_FOUND", "", "HTTP 400 DOMAIN_NOT_FOUND: no such domain"},
	} {
		e := &APIError{Vendor: "acme", StatusCode: 400, Method: "GET", Path: "/x", Body: []byte(tc.body)}
		p.decodeError(e)
		if e.Code != tc.code || e.Reason != tc.reason || !strings.Contains(e.Error(), tc.text) {
			t.Errorf("%s: code %q, reason %q, %q; want %q, %q, %q", tc.body, e.Code, e.Reason, e.Error(), tc.code, tc.reason, tc.text)
		}
	}
}
