package apiruntime

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func newTestClient(t *testing.T, p *Policy, handler http.HandlerFunc) *Client {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	c, err := NewClient(Config{Policy: p, Server: srv.URL + "/base", Retry: RetryPolicy{MaxAttempts: 1, Sleep: noSleep}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func request(t *testing.T, c *Client, path string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.Server()+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// The payload is read at its dot path; a missing member is the zero value.
func TestEnvelopePaths(t *testing.T) {
	c := newTestClient(t, testPolicy, func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"data":{"page":{"items":[1,2,3]}},"meta":{}}`))
	})
	got, err := Value[[]int](context.Background(), c, request(t, c, "x"), nil, Envelope{Payload: "data.page.items"}, nil)
	if err != nil || len(got) != 3 || got[2] != 3 {
		t.Fatalf("got %v, %v", got, err)
	}
	missing, err := Call[struct{ A int }](context.Background(), c, request(t, c, "x"), nil, Envelope{Payload: "data.none"}, nil)
	if err != nil || missing == nil || missing.A != 0 {
		t.Errorf("a missing payload: %+v, %v; want the zero value", missing, err)
	}
	if c.Server() != c.server || !strings.HasSuffix(c.Server(), "/base/") {
		t.Errorf("the server keeps a trailing slash, so builders resolve paths below it: %q", c.Server())
	}
}

// FailureIsData turns the failure rules off for one call: the 2xx that
// would be an *APIError is the answer.
func TestFailureIsData(t *testing.T) {
	p := &Policy{Vendor: "acme", Errors: ErrorShape{Message: []string{"message"}, Failure: []Match{{Path: "result", Equals: false}}}}
	c := newTestClient(t, p, func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"result":false,"message":"taken"}`))
	})
	_, err := Call[map[string]any](context.Background(), c, request(t, c, "x"), nil, Envelope{}, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Message != "taken" {
		t.Fatalf("by default result:false is a failure: %v", err)
	}
	got, err := Call[struct {
		Result  bool
		Message string
	}](context.Background(), c, request(t, c, "x"), nil, Envelope{FailureIsData: true}, nil)
	if err != nil || got.Result || got.Message != "taken" {
		t.Errorf("with FailureIsData: %+v, %v", got, err)
	}
}

// A builder's error is the call's error, named; nothing is sent.
func TestBuildErrorIsReturned(t *testing.T) {
	sent := false
	c := newTestClient(t, testPolicy, func(w http.ResponseWriter, r *http.Request) { sent = true })
	boom := errors.New("bad parameter")
	if err := Send(context.Background(), c, nil, boom, Envelope{}, nil); !errors.Is(err, boom) || !strings.Contains(err.Error(), "acme: building the request") || sent {
		t.Errorf("got %v (sent %v)", err, sent)
	}
}

// A 204 promises nothing: the zero value and no error.
func TestNoContent(t *testing.T) {
	c := newTestClient(t, testPolicy, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	got, err := Value[[]string](context.Background(), c, request(t, c, "x"), nil, Envelope{Payload: "data"}, nil)
	if err != nil || got != nil {
		t.Errorf("got %v, %v", got, err)
	}
}
