package apiruntime

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestStorm: 1,000 concurrent calls through one Doer against a server that
// answers a storm of 429s (with Retry-After) and 503s, and only sometimes
// 200. Every call ends, none makes more than MaxAttempts requests, none
// waits longer in total than MaxWait (summed through the injected sleep),
// and every goroutine is gone afterwards (goleak in TestMain). The package
// also runs under -race (TestRaceDetector).
func TestStorm(t *testing.T) {
	const calls, maxAttempts = 1000, 4
	const maxWait = 3 * time.Second
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch requests.Add(1) % 5 {
		case 0:
			w.Write([]byte(`{}`))
		case 1, 2:
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
		default:
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	var mu sync.Mutex
	waited := map[string]time.Duration{} // per call, keyed by its id header
	sleep := func(ctx context.Context, d time.Duration) error {
		id, _ := ctx.Value(callID{}).(string)
		mu.Lock()
		waited[id] += d
		mu.Unlock()
		return ctx.Err()
	}
	d := newTestDoer(t, srv, RetryPolicy{MaxAttempts: maxAttempts, BaseDelay: 100 * time.Millisecond,
		MaxDelay: time.Second, MaxWait: maxWait, Sleep: sleep})
	var ok, refused atomic.Int64
	var wg sync.WaitGroup
	for i := range calls {
		wg.Go(func() {
			ctx := context.WithValue(context.Background(), callID{}, string(rune(i+0x4e00)))
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/x", nil)
			resp, err := d.Do(req)
			var apiErr *APIError
			switch {
			case err == nil:
				resp.Body.Close()
				ok.Add(1)
			case errors.As(err, &apiErr):
				refused.Add(1)
			default:
				t.Errorf("call %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	if got := requests.Load(); got > calls*maxAttempts {
		t.Errorf("%d requests for %d calls: more than %d attempts each", got, calls, maxAttempts)
	}
	if len(waited) < 100 {
		t.Fatalf("backoff was recorded for %d calls: the sleep does not get each request's context", len(waited))
	}
	for id, w := range waited {
		if w > maxWait {
			t.Errorf("call %q waited %s in all, over MaxWait %s", id, w, maxWait)
		}
	}
	if ok.Load()+refused.Load() != calls || ok.Load() == 0 || refused.Load() == 0 {
		t.Errorf("%d succeeded and %d were refused, of %d; the storm should give both", ok.Load(), refused.Load(), calls)
	}
	t.Logf("%d calls: %d succeeded, %d refused after retries, %d requests", calls, ok.Load(), refused.Load(), requests.Load())
}

type callID struct{}
