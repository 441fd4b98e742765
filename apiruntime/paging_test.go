package apiruntime

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// pager serves numbered items 0..total-1, a page at a time, and records
// the requests.
type pager struct {
	t     *testing.T
	total int
	mu    sync.Mutex
	seen  []url.Values // query, or the body's fields
	fail  map[int]int  // request number → status to answer instead
	body  func(items []int, at, next int) any
	read  func(r *http.Request, seen url.Values) (at, size int)
}

func (p *pager) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	seen := url.Values{}
	at, size := p.read(r, seen)
	p.mu.Lock()
	p.seen = append(p.seen, seen)
	n := len(p.seen)
	p.mu.Unlock()
	if status, ok := p.fail[n]; ok {
		w.WriteHeader(status)
		return
	}
	var items []int
	for i := at; i < min(at+size, p.total); i++ {
		items = append(items, i)
	}
	json.NewEncoder(w).Encode(p.body(items, at, at+len(items)))
}

func (p *pager) requests() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.seen)
}

func fromQuery(def int) func(*http.Request, url.Values) (int, int) {
	return func(r *http.Request, seen url.Values) (int, int) {
		q := r.URL.Query()
		for k, v := range q {
			seen[k] = v
		}
		at, _ := strconv.Atoi(q.Get("offset"))
		size, err := strconv.Atoi(q.Get("limit"))
		if err != nil {
			size = def
		}
		return at, size
	}
}

func collect[T any](t *testing.T, seq func(func(T, error) bool), stopAfter int) ([]T, error) {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
		if len(out) == stopAfter {
			break
		}
	}
	return out, nil
}

// StormWall's style: limit/offset in the query, the items and the total in
// the payload. The last page ends the loop without another request, and a
// loop that stops early fetches no more.
func TestOffsetPagingWithTotal(t *testing.T) {
	p := &pager{t: t, total: 25, read: fromQuery(10), body: func(items []int, at, _ int) any {
		return map[string]any{"status": "ok", "payload": map[string]any{"total": 25, "offset": at, "results": items}}
	}}
	c := newTestClient(t, testPolicy, p.ServeHTTP)
	build := func() (*http.Request, error) {
		return http.NewRequest(http.MethodGet, c.Server()+"v3/domains?search=x", nil)
	}
	paging := Paging{Style: "offset", In: "query", Position: "offset", Size: "limit", Items: "results", Total: "total", PageSize: 10}
	got, err := collect(t, Items[int](context.Background(), c, build, paging, Envelope{Payload: "payload"}, nil), -1)
	if err != nil || len(got) != 25 || got[24] != 24 || p.requests() != 3 {
		t.Fatalf("%d items (%v) over %d requests; want 25 over 3", len(got), err, p.requests())
	}
	if p.seen[1].Get("offset") != "10" || p.seen[2].Get("offset") != "20" || p.seen[2].Get("search") != "x" {
		t.Errorf("requests %v", p.seen)
	}
	p.seen = nil
	if got, _ := collect(t, Items[int](context.Background(), c, build, paging, Envelope{Payload: "payload"}, nil), 12); len(got) != 12 || p.requests() != 2 {
		t.Errorf("stopping at 12 items made %d requests; want 2 (pages are fetched lazily)", p.requests())
	}
}

// jsonBody pages with limit/offset inside a JSON filter body (Wallarm's
// POST lists), with no total: a short page is the last.
func jsonBodyReader(r *http.Request, seen url.Values) (int, int) {
	var m map[string]any
	b, _ := io.ReadAll(r.Body)
	json.Unmarshal(b, &m)
	for k, v := range m {
		seen.Set(k, fmt.Sprint(v))
	}
	at, _ := m["offset"].(float64)
	size, ok := m["limit"].(float64)
	if !ok {
		size = 50
	}
	return int(at), int(size)
}

func TestOffsetPagingInABody(t *testing.T) {
	p := &pager{t: t, total: 12, read: jsonBodyReader, body: func(items []int, _, _ int) any {
		return map[string]any{"status": 200, "body": items}
	}}
	c := newTestClient(t, testPolicy, p.ServeHTTP)
	build := func() (*http.Request, error) {
		return http.NewRequest(http.MethodPost, c.Server()+"v1/objects/attack", stringsReader(`{"filter":{"clientid":[8]},"limit":5}`))
	}
	paging := Paging{Style: "offset", In: "json", Position: "offset", Size: "limit", PageSize: 50}
	got, err := collect(t, Items[int](context.Background(), c, build, paging, Envelope{Payload: "body"}, nil), -1)
	if err != nil || len(got) != 12 || p.requests() != 3 {
		t.Fatalf("%d items (%v) over %d requests; want 12 over 3 (5, 5, then a short 2)", len(got), err, p.requests())
	}
	for i, want := range []string{"", "5", "10"} {
		if p.seen[i].Get("offset") != want || p.seen[i].Get("filter") != "map[clientid:[8]]" || p.seen[i].Get("limit") != "5" {
			t.Errorf("request %d: %v", i, p.seen[i])
		}
	}
}

// adm.tools' style: a page number in a form body, items not located: the
// pages themselves, until an empty one; a server that ignores the page
// number ends the loop instead of repeating forever.
func TestPagesUntilEmpty(t *testing.T) {
	ignore := false
	p := &pager{t: t, total: 7, read: func(r *http.Request, seen url.Values) (int, int) {
		b, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(b))
		for k, v := range form {
			seen[k] = v
		}
		n, _ := strconv.Atoi(form.Get("page"))
		if ignore {
			n = 1
		}
		return (max(n, 1) - 1) * 3, 3
	}, body: func(items []int, _, _ int) any {
		return map[string]any{"result": true, "response": map[string]any{"list": items}}
	}}
	c := newTestClient(t, testPolicy, p.ServeHTTP)
	build := func() (*http.Request, error) {
		req, err := http.NewRequest(http.MethodPost, c.Server()+"dns/list/", stringsReader("sort=name"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return req, err
	}
	paging := Paging{Style: "page", In: "form", Position: "page"}
	type list struct{ List []int }
	got, err := collect(t, Pages[list](context.Background(), c, build, paging, Envelope{Payload: "response"}, nil), -1)
	if err != nil || len(got) != 3 || len(got[2].List) != 1 || p.requests() != 4 {
		t.Fatalf("%d pages (%v) over %d requests; want 3 pages and a 4th, empty answer", len(got), err, p.requests())
	}
	if p.seen[1].Get("page") != "2" || p.seen[3].Get("sort") != "name" {
		t.Errorf("requests %v", p.seen)
	}
	ignore, p.seen = true, nil
	got, err = collect(t, Pages[list](context.Background(), c, build, paging, Envelope{Payload: "response"}, nil), -1)
	if err != nil || len(got) != 1 || p.requests() != 2 {
		t.Errorf("a server ignoring the page: %d pages over %d requests; want 1 over 2", len(got), p.requests())
	}
}

// Wallarm's v2 attacks: a cursor in the body, the next one in the payload.
func TestCursorPaging(t *testing.T) {
	p := &pager{t: t, total: 5, read: func(r *http.Request, seen url.Values) (int, int) {
		at, _ := jsonBodyReader(r, seen)
		cursor := seen.Get("cursor")
		if cursor != "" {
			at, _ = strconv.Atoi(cursor[1:])
		}
		return at, 2
	}, body: func(items []int, _, next int) any {
		cursor := ""
		if next < 5 {
			cursor = "c" + strconv.Itoa(next)
		}
		return map[string]any{"status": 200, "body": map[string]any{"objects": items, "cursor": cursor}}
	}}
	c := newTestClient(t, testPolicy, p.ServeHTTP)
	build := func() (*http.Request, error) {
		return http.NewRequest(http.MethodPost, c.Server()+"v2/objects/attack", stringsReader(`{"paging":true,"filter":{}}`))
	}
	paging := Paging{Style: "cursor", In: "json", Position: "cursor", Items: "objects", Next: "cursor"}
	got, err := collect(t, Items[int](context.Background(), c, build, paging, Envelope{Payload: "body"}, nil), -1)
	if err != nil || len(got) != 5 || p.requests() != 3 {
		t.Fatalf("%d items (%v) over %d requests; want 5 over 3", len(got), err, p.requests())
	}
	if p.seen[1].Get("cursor") != "c2" || p.seen[2].Get("cursor") != "c4" || p.seen[2].Get("paging") != "true" {
		t.Errorf("requests %v", p.seen)
	}
}

// Every page goes through the Doer: a 503 is retried, a 400 ends the loop
// with the error after the items already read, a done context stops it.
func TestPagingErrorsAndContext(t *testing.T) {
	p := &pager{t: t, total: 30, read: fromQuery(10), fail: map[int]int{1: 503, 3: 400}, body: func(items []int, _, _ int) any {
		return map[string]any{"results": items}
	}}
	c := newTestClient(t, testPolicy, p.ServeHTTP)
	c.doer.retry.MaxAttempts = 3
	build := func() (*http.Request, error) { return http.NewRequest(http.MethodGet, c.Server()+"x", nil) }
	paging := Paging{Style: "offset", In: "query", Position: "offset", Size: "limit", Items: "results", PageSize: 10}
	got, err := collect(t, Items[int](context.Background(), c, build, paging, Envelope{}, nil), -1)
	var apiErr *APIError
	if len(got) != 10 || !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || p.requests() != 3 {
		t.Fatalf("%d items, %v, %d requests; want the first page (after a retried 503), then the 400", len(got), err, p.requests())
	}
	p.fail, p.seen = nil, nil
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	for _, err := range Items[int](ctx, c, build, paging, Envelope{}, nil) {
		if err != nil {
			if !errors.Is(err, context.Canceled) {
				t.Errorf("got %v, want context.Canceled", err)
			}
			break
		}
		if n++; n == 10 {
			cancel()
		}
	}
	if p.requests() != 1 {
		t.Errorf("%d requests after cancelling during the first page; want 1", p.requests())
	}
}

// stringsReader is what oapi-codegen's request builders give a body: a
// reader http.NewRequest knows how to replay.
func stringsReader(s string) io.Reader { return strings.NewReader(s) }
