package apiruntime

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var testPolicy = &Policy{
	Vendor:         "acme",
	Errors:         ErrorShape{Code: []string{"code"}, Message: []string{"message"}},
	Retry:          RetryRules{Statuses: []int{429, 5}, RetryAfter: true},
	RateLimit:      []Window{{Name: "hour", Limit: "X-Limit", Remaining: "X-Remaining"}},
	MaxHeaderBytes: 1024,
}

func noSleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

func newTestDoer(t *testing.T, srv *httptest.Server, p RetryPolicy) *Doer {
	t.Helper()
	if p.Sleep == nil {
		p.Sleep = noSleep
	}
	d, err := NewDoer(testPolicy, srv.URL, &Auth{}, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func get(t *testing.T, d *Doer, url string) (*http.Response, error) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return d.Do(req)
}

// TestConcurrentRetries pushes many goroutines through one Doer while the
// server fails the first attempt of every call: all must succeed on their
// second, none may race (this package also runs under -race, see
// TestRaceDetector), none may leak.
func TestConcurrentRetries(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Remaining", "5")
		mu.Lock()
		seen[r.URL.Path]++
		first := seen[r.URL.Path] == 1
		mu.Unlock()
		if first {
			w.WriteHeader(503)
			return
		}
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	d := newTestDoer(t, srv, RetryPolicy{MaxAttempts: 3})
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for i := range 200 {
		wg.Go(func() {
			resp, err := get(t, d, fmt.Sprintf("%s/x/%d", srv.URL, i))
			if err == nil {
				resp.Body.Close()
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for path, n := range seen {
		if n != 2 {
			t.Errorf("%s: %d requests, want 2 (a failure, then the retry)", path, n)
		}
	}
	if w, ok := d.RateLimit().Window("hour"); !ok || w.Remaining != 5 {
		t.Errorf("rate limit %+v", d.RateLimit())
	}
}

func TestRetryAfterDateAndAttemptsCap(t *testing.T) {
	when := time.Now().Add(20 * time.Second).UTC().Format(http.TimeFormat)
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Retry-After", when)
		w.WriteHeader(429)
		w.Write([]byte(`{"code":"SLOW","message":"slow down"}`))
	}))
	defer srv.Close()
	var waits []time.Duration
	d := newTestDoer(t, srv, RetryPolicy{MaxAttempts: 3, Sleep: func(ctx context.Context, w time.Duration) error {
		waits = append(waits, w)
		return nil
	}})
	_, err := get(t, d, srv.URL+"/x")
	var e *APIError
	if !errors.As(err, &e) || e.StatusCode != 429 || e.Code != "SLOW" || n.Load() != 3 {
		t.Fatalf("got %v after %d requests", err, n.Load())
	}
	for _, w := range waits {
		if w < 15*time.Second || w > 21*time.Second {
			t.Errorf("wait %v does not follow the Retry-After date", w)
		}
	}
}

func TestBackoffIsFullJitterWithinCeiling(t *testing.T) {
	d := &Doer{retry: RetryPolicy{BaseDelay: time.Second, MaxDelay: 8 * time.Second, Jitter: func() float64 { return 0.999 }}}
	for attempt, ceiling := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 4: 8 * time.Second, 9: 8 * time.Second, 80: 8 * time.Second} {
		if got := d.backoff(attempt); got >= ceiling || got < ceiling*99/100 {
			t.Errorf("attempt %d: %v, want just under %v", attempt, got, ceiling)
		}
	}
	d.retry.Jitter = func() float64 { return 0 }
	if got := d.backoff(3); got != 0 {
		t.Errorf("full jitter may wait 0, got %v", got)
	}
}

func TestConnectionErrorsAreRetried(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 { // drop the first connection without an answer
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
			return
		}
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	resp, err := get(t, newTestDoer(t, srv, RetryPolicy{}), srv.URL+"/x")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if n.Load() != 2 {
		t.Errorf("%d requests, want 2", n.Load())
	}
}

func TestTransportErrorHidesSecrets(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close() // nothing listens: connection refused
	auth := &Auth{Requirements: [][]Scheme{{{Name: "k", In: "query", Param: "api_key"}}}, Values: map[string]string{"k": "sekrit-value"}}
	d, _ := NewDoer(testPolicy, "http://"+addr, auth, RetryPolicy{MaxAttempts: 2, Sleep: noSleep}, nil)
	req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/x", nil)
	_, err := d.Do(req)
	var te *TransportError
	if !errors.As(err, &te) || strings.Contains(err.Error(), "sekrit-value") {
		t.Fatalf("got %v", err)
	}
	var ue *url.Error // what net/http returned, reachable through Unwrap
	if !errors.As(err, &ue) || strings.Contains(ue.URL, "sekrit-value") || strings.Contains(fmt.Sprintf("%+v", ue), "sekrit-value") {
		t.Fatalf("the wrapped *url.Error shows the credential: %+v", ue)
	}
}

func TestClientSideBudget(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("X-Remaining", "0")
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	d := newTestDoer(t, srv, RetryPolicy{FailWhenExhausted: true})
	resp, err := get(t, d, srv.URL+"/x")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	_, err = get(t, d, srv.URL+"/x")
	var rle *RateLimitError
	if !errors.As(err, &rle) || n.Load() != 1 {
		t.Fatalf("got %v after %d requests; want a RateLimitError without sending", err, n.Load())
	}
}

func TestHeaderLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Error("an oversized request was sent")
	}))
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	req.Header.Set("X-Big", strings.Repeat("a", 2000))
	if _, err := newTestDoer(t, srv, RetryPolicy{}).Do(req); !errors.Is(err, ErrLimit) {
		t.Fatalf("got %v", err)
	}
}

// TestRaceDetector runs this package's tests again under the race detector,
// so the one test command (go test ./...) also proves the Doer race-free.
// It needs cgo; CI machines have a C compiler, so there it must run.
func TestRaceDetector(t *testing.T) {
	if os.Getenv("APIGEN_RACE_CHILD") != "" || testing.Short() {
		t.Skip("already under the race detector, or -short")
	}
	if _, err := exec.LookPath("gcc"); err != nil && os.Getenv("CI") == "" {
		t.Skip("no C compiler for -race (CI has one)")
	}
	cmd := exec.Command("go", "test", "-race", "-count=1", "-run", "Test[^R]", ".")
	cmd.Env = append(os.Environ(), "APIGEN_RACE_CHILD=1", "CGO_ENABLED=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go test -race: %v\n%s", err, out)
	}
}

func TestBasicAndBearerAuth(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Header.Get("Authorization"))
	}))
	defer srv.Close()
	for _, s := range []Scheme{{Name: "b", In: "basic"}, {Name: "b", In: "bearer"}} {
		auth := &Auth{Requirements: [][]Scheme{{s}}, Values: map[string]string{"b": "ann:pa:ss"}}
		d, _ := NewDoer(testPolicy, srv.URL, auth, RetryPolicy{}, nil)
		resp, err := get(t, d, srv.URL+"/x")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	// "ann:pa:ss" splits at the first colon: user ann, password pa:ss.
	if len(got) != 2 || got[0] != "Basic YW5uOnBhOnNz" || got[1] != "Bearer ann:pa:ss" {
		t.Errorf("Authorization headers %q", got)
	}
}

func TestNewDoerNeedsAServer(t *testing.T) {
	_, err := NewDoer(testPolicy, "", nil, RetryPolicy{}, nil)
	if err == nil || !strings.Contains(err.Error(), "WithServer") {
		t.Errorf("got %v, want advice to pass WithServer", err)
	}
	d, err := NewDoer(testPolicy, "https://api.example.com", nil, RetryPolicy{}, nil)
	if err != nil || d.next.(*http.Client).Timeout != DefaultTimeout {
		t.Errorf("default client: %v, %+v", err, d.next)
	}
}

// The credential reaches the server, and neither the caller's request nor
// the response's Request shows it: not with %v, %+v, nor in a dump.
func TestRequestsNeverShowCredentials(t *testing.T) {
	const secret = "sekrit-credential-42"
	for _, s := range []Scheme{
		{Name: "h", In: "header", Param: "X-Api-Key"},
		{Name: "b", In: "bearer"},
		{Name: "u", In: "basic"},
		{Name: "c", In: "cookie", Param: "api_access_token"},
		{Name: "q", In: "query", Param: "api_key"},
	} {
		t.Run(s.In, func(t *testing.T) {
			value := secret
			if s.In == "basic" {
				value = "user:" + secret
			}
			var got atomic.Value
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				dump, _ := httputil.DumpRequest(r, false)
				got.Store(string(dump))
				w.Write([]byte(`{}`))
			}))
			defer srv.Close()
			auth := &Auth{Requirements: [][]Scheme{{s}}, Values: map[string]string{s.Name: value}}
			d, err := NewDoer(testPolicy, srv.URL, auth, RetryPolicy{Sleep: noSleep}, nil)
			if err != nil {
				t.Fatal(err)
			}
			req, _ := http.NewRequest(http.MethodGet, srv.URL+"/x?keep=1", nil)
			req.AddCookie(&http.Cookie{Name: "other", Value: "kept"})
			resp, err := d.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			sent, _ := got.Load().(string)
			encoded := base64.StdEncoding.EncodeToString([]byte(value))
			if !strings.Contains(sent, secret) && !strings.Contains(sent, encoded) {
				t.Fatalf("the server did not receive the credential:\n%s", sent)
			}
			for name, r := range map[string]*http.Request{"the caller's request": req, "resp.Request": resp.Request} {
				dump, _ := httputil.DumpRequest(r, false)
				for _, shown := range []string{fmt.Sprintf("%v", r), fmt.Sprintf("%+v", r), string(dump)} {
					if strings.Contains(shown, secret) || strings.Contains(shown, encoded) {
						t.Errorf("%s shows the credential: %s", name, shown)
					}
				}
			}
			dump, _ := httputil.DumpRequest(resp.Request, false)
			if !strings.Contains(string(dump), Redacted) {
				t.Errorf("resp.Request should show where the credential went:\n%s", dump)
			}
			if !strings.Contains(string(dump), "other=kept") || !strings.Contains(resp.Request.URL.RawQuery, "keep=1") {
				t.Errorf("scrubbing dropped what was not a credential:\n%s", dump)
			}
		})
	}
}
