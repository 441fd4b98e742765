// Package fakevendor runs local stand-ins for the vendors' APIs in tests:
// httptest servers that enforce each vendor's authentication and answer with
// its real envelopes, so generated clients can be exercised end to end
// without a network. Tests script the answers; every request is recorded.
package fakevendor

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
)

// Credentials the fakes accept.
const (
	Token  = "fake-token-5f0c2e9a"
	UUID   = "fake-uuid-0b4a2a6e"
	Secret = "fake-secret-77d1c3b8"
)

// Reply is one scripted answer.
type Reply struct {
	Status int
	Header http.Header
	Body   string
}

// Request is what the fake saw.
type Request struct {
	Method, Path string
	Query        url.Values
	Header       http.Header
	Body         []byte
	Authorized   bool
}

// Server is a fake vendor API.
type Server struct {
	*httptest.Server
	authorized func(*http.Request) bool
	denied     Reply
	decorate   func(w http.ResponseWriter) // vendor headers on every answer

	mu       sync.Mutex
	script   []Reply
	fallback Reply
	requests []Request
}

// newServer starts a fake; with t, it is closed when the test ends, and
// without (a godoc Example has no t) the caller closes it.
func newServer(t testing.TB, ok Reply, denied Reply, authorized func(*http.Request) bool) *Server {
	s := &Server{authorized: authorized, denied: denied, fallback: ok}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	if t != nil {
		t.Cleanup(s.Close)
	}
	return s
}

// Push queues answers for the next authorized requests, in order; when the
// queue is empty the vendor's plain success answer is sent.
func (s *Server) Push(replies ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script = append(s.script, replies...)
}

// Requests returns what the server has seen so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	ok := s.authorized(r)
	s.mu.Lock()
	s.requests = append(s.requests, Request{r.Method, r.URL.Path, r.URL.Query(), r.Header.Clone(), body, ok})
	reply := s.denied
	if ok {
		reply = s.fallback
		if len(s.script) > 0 {
			reply, s.script = s.script[0], s.script[1:]
		}
	}
	s.mu.Unlock()
	if s.decorate != nil {
		s.decorate(w)
	}
	for k, vs := range reply.Header {
		w.Header()[k] = vs
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(reply.Status)
	io.WriteString(w, reply.Body)
}

// Stormwall accepts the token as header x-api-key (v3) or as the
// api_access_token cookie (the vendor guide); it denies with v3's envelope.
func Stormwall(t testing.TB) *Server {
	return newServer(t,
		Reply{Status: 200, Body: `{"status":"ok","payload":{}}`},
		Reply{Status: 403, Body: `{"status":"error","payload":{"statusCode":403,"code":"FORBIDDEN","message":"Token is not valid"}}`},
		func(r *http.Request) bool {
			if r.Header.Get("x-api-key") == Token {
				return true
			}
			c, err := r.Cookie("api_access_token")
			return err == nil && c.Value == Token
		})
}

// Wallarm accepts the token in X-WallarmApi-Token or WallarmApi-Token, or
// the legacy UUID and secret pair; it answers in {status, body}.
func Wallarm(t testing.TB) *Server {
	return newServer(t,
		Reply{Status: 200, Body: `{"status":200,"body":{}}`},
		Reply{Status: 403, Body: `{"status":403,"body":"Access denied"}`},
		func(r *http.Request) bool {
			return r.Header.Get("X-WallarmApi-Token") == Token || r.Header.Get("WallarmApi-Token") == Token ||
				(r.Header.Get("X-WallarmAPI-UUID") == UUID && r.Header.Get("X-WallarmAPI-Secret") == Secret)
		})
}

// Admtools accepts a bearer token, answers in {result, response} and puts
// the four X-RateLimit-* headers on every answer, counting down from 3600
// an hour and 28800 a day.
func Admtools(t testing.TB) *Server {
	s := newServer(t,
		Reply{Status: 200, Body: `{"result":true,"response":{}}`},
		Reply{Status: 403, Body: `{"result":false,"error":{"code":"auth","message":"Невірний токен"}}`},
		func(r *http.Request) bool { return r.Header.Get("Authorization") == "Bearer "+Token })
	var n int
	var mu sync.Mutex
	s.decorate = func(w http.ResponseWriter) {
		mu.Lock()
		n++
		used := n
		mu.Unlock()
		w.Header().Set("X-RateLimit-Hour", "3600")
		w.Header().Set("X-RateLimit-Day", "28800")
		w.Header().Set("X-RateLimit-Hour-Remaining", strconv.Itoa(max(3600-used, 0)))
		w.Header().Set("X-RateLimit-Day-Remaining", strconv.Itoa(max(28800-used, 0)))
	}
	return s
}

// AdmtoolsOverLimit is adm.tools' answer when the hourly limit is spent.
func AdmtoolsOverLimit(pause int) Reply {
	return Reply{Status: 429, Body: fmt.Sprintf(`{"result":false,"messages":{"error":["Too Many Requests per hour. Limit 3600. Pause %d seconds"]}}`, pause)}
}
