package apiruntime

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"strconv"
)

// Paging is how a list operation pages (x-apigen-pagination): where the
// position travels in the request and what in the payload says where the
// next page starts.
type Paging struct {
	// Style is "offset" (an item offset), "page" (a page number) or
	// "cursor" (an opaque token from the last page).
	Style string
	// In is where Position and Size travel: "query", "json" (a JSON body)
	// or "form" (a form body).
	In string
	// Position is the offset, page or cursor parameter; Size the page-size
	// parameter ("" when the operation has none).
	Position, Size string
	// Items is the dot path of the items in the payload, "" when the
	// payload is the list. Total is the dot path of the total item count
	// ("" when there is none); Next that of the next cursor.
	Items, Total, Next string
	// Start is the first page number (page style; 0 means 1).
	Start int
	// PageSize is the page size when the request does not set one: the
	// spec's default for Size, 0 when unknown.
	PageSize int
}

// Items iterates over the items of every page of a list operation, fetching
// each page only when the loop reaches it. build makes the first page's
// request, as the caller's parameters say (an offset or page the caller set
// is where it starts); each later page is the same request at the next
// position. Every page goes through the Client like any call: credentials,
// retries, rate limits, typed errors. Iteration stops after the last page
// (an empty or short page, the total reached, no next cursor), at the
// first error, which is yielded, or when ctx is done.
func Items[T any](ctx context.Context, c *Client, build func() (*http.Request, error), p Paging, e Envelope, opts []CallOption) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		for page, err := range c.pages(ctx, build, p, e, opts) {
			if err != nil {
				yield(zero, err)
				return
			}
			for _, raw := range page.items {
				var item T
				if err := json.Unmarshal(raw, &item); err != nil {
					yield(zero, c.decodeError(page.req, page.resp, page.body, err))
					return
				}
				if !yield(item, nil) {
					return
				}
			}
		}
	}
}

// Pages iterates over the pages of a list operation whose items the spec
// does not locate: each page's payload, decoded as T. It stops after an
// empty page (null, [], {}, or an object holding only empty members),
// before a page that repeats the one before (a server ignoring the
// position), at the first error, or when ctx is done.
func Pages[T any](ctx context.Context, c *Client, build func() (*http.Request, error), p Paging, e Envelope, opts []CallOption) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		for page, err := range c.pages(ctx, build, p, e, opts) {
			if err != nil {
				yield(zero, err)
				return
			}
			var v T
			if err := json.Unmarshal(page.payload, &v); err != nil {
				yield(zero, c.decodeError(page.req, page.resp, page.body, err))
				return
			}
			if !yield(v, nil) {
				return
			}
		}
	}
}

// page is one fetched page.
type page struct {
	req     *http.Request
	resp    *http.Response
	body    []byte
	payload json.RawMessage
	items   []json.RawMessage // with Paging.Items (or a list payload)
}

// pages fetches page after page while the caller keeps asking.
func (c *Client) pages(ctx context.Context, build func() (*http.Request, error), p Paging, e Envelope, opts []CallOption) iter.Seq2[page, error] {
	return func(yield func(page, error) bool) {
		first, err := build()
		if err != nil {
			yield(page{}, fmt.Errorf("%s: building the request: %w", c.policy.Vendor, err))
			return
		}
		at, err := start(first, p)
		if err != nil {
			yield(page{}, fmt.Errorf("%s: %s %s: %w", c.policy.Vendor, first.Method, first.URL.Path, err))
			return
		}
		size := p.PageSize
		if n, err := strconv.Atoi(value(first, p.Size, p.In)); err == nil && n > 0 {
			size = n
		}
		var previous []byte
		for n := 0; ; n++ {
			if err := ctx.Err(); err != nil {
				yield(page{}, err)
				return
			}
			req := first
			if n > 0 {
				if req, err = build(); err == nil {
					err = setValue(req, p.Position, at, p.In)
				}
				if err != nil {
					yield(page{}, fmt.Errorf("%s: next page: %w", c.policy.Vendor, err))
					return
				}
			}
			pg, err := c.fetch(ctx, req, p, e, opts)
			if err != nil {
				yield(page{}, err)
				return
			}
			if empty(pg.payload) || previous != nil && bytes.Equal(previous, pg.payload) {
				return // past the last page, or a server ignoring the position
			}
			if !yield(pg, nil) {
				return
			}
			next, more := advance(p, at, size, pg)
			if !more {
				return
			}
			at, previous = next, pg.payload
		}
	}
}

// fetch sends one page's request and reads what paging needs out of it.
func (c *Client) fetch(ctx context.Context, req *http.Request, p Paging, e Envelope, opts []CallOption) (page, error) {
	resp, body, err := c.send(ctx, req, nil, e, opts)
	if err != nil {
		return page{}, err
	}
	pg := page{req: req, resp: resp, body: body}
	if pg.payload, err = unwrap(body, e.Payload); err != nil {
		return page{}, c.decodeError(req, resp, body, err)
	}
	if p.Items != "" || p.Style != "page" || isList(pg.payload) {
		list, err := unwrap(pg.payload, p.Items)
		if err == nil && !isNull(list) {
			err = json.Unmarshal(list, &pg.items)
		}
		if err != nil {
			return page{}, c.decodeError(req, resp, body, fmt.Errorf("the items (%q) are not a list: %w", p.Items, err))
		}
	}
	return pg, nil
}

// advance says where the page after pg starts, and whether there is one.
func advance(p Paging, at string, size int, pg page) (string, bool) {
	n := len(pg.items)
	switch p.Style {
	case "cursor":
		next := ""
		if raw, err := unwrap(pg.payload, p.Next); err == nil {
			_ = json.Unmarshal(raw, &next)
		}
		return next, next != "" && next != at && n > 0
	case "page":
		if size > 0 && pg.items != nil && n < size {
			return "", false
		}
		num, _ := strconv.Atoi(at)
		return strconv.Itoa(num + 1), pg.items == nil || n > 0
	default: // offset
		off, _ := strconv.Atoi(at)
		if n == 0 || size > 0 && n < size {
			return "", false
		}
		if total, ok := count(pg.payload, p.Total); ok && off+n >= total {
			return "", false
		}
		return strconv.Itoa(off + n), true
	}
}

// start is the position of the first page: what the caller's request
// says, else the style's own start.
func start(req *http.Request, p Paging) (string, error) {
	if v := value(req, p.Position, p.In); v != "" {
		return v, nil
	}
	switch p.Style {
	case "page":
		return strconv.Itoa(max(p.Start, 1)), nil
	case "cursor":
		return "", nil
	case "offset":
		return "0", nil
	}
	return "", fmt.Errorf("paging style %q: want offset, page or cursor", p.Style)
}

// count reads an integer at a dot path of the payload.
func count(payload json.RawMessage, path string) (int, bool) {
	if path == "" {
		return 0, false
	}
	raw, err := unwrap(payload, path)
	if err != nil {
		return 0, false
	}
	var n json.Number
	if json.Unmarshal(raw, &n) != nil {
		return 0, false
	}
	i, err := n.Int64()
	return int(i), err == nil
}

func isList(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) > 0 && t[0] == '['
}

func isNull(raw json.RawMessage) bool {
	return len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null"
}

// empty: null, "", false, 0, [], {}, or an object whose members are all
// empty themselves ({"list": []}).
func empty(raw json.RawMessage) bool {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return false
	}
	var isEmpty func(v any, depth int) bool
	isEmpty = func(v any, depth int) bool {
		switch t := v.(type) {
		case nil:
			return true
		case string:
			return t == ""
		case bool:
			return !t
		case float64:
			return t == 0
		case []any:
			return len(t) == 0
		case map[string]any:
			for _, m := range t {
				if depth > 0 || !isEmpty(m, depth+1) {
					return false
				}
			}
			return true
		}
		return false
	}
	return isEmpty(v, 0)
}

// value reads a paging parameter from a built request.
func value(req *http.Request, name, in string) string {
	if name == "" {
		return ""
	}
	switch in {
	case "query":
		return req.URL.Query().Get(name)
	case "form":
		if body := bodyOf(req); body != nil {
			if form, err := url.ParseQuery(string(body)); err == nil {
				return form.Get(name)
			}
		}
	case "json":
		if body := bodyOf(req); body != nil {
			var m map[string]any
			if json.Unmarshal(body, &m) == nil && m[name] != nil {
				switch v := m[name].(type) {
				case string:
					return v
				case float64:
					return strconv.FormatFloat(v, 'f', -1, 64)
				}
			}
		}
	}
	return ""
}

// setValue puts a paging parameter into a built request: the query, a
// form body or a JSON body (a number where the value is one).
func setValue(req *http.Request, name, v, in string) error {
	switch in {
	case "query":
		q := req.URL.Query()
		q.Set(name, v)
		req.URL.RawQuery = q.Encode()
		return nil
	case "form":
		form, err := url.ParseQuery(string(bodyOf(req)))
		if err != nil {
			return err
		}
		form.Set(name, v)
		return setBody(req, []byte(form.Encode()))
	case "json":
		m := map[string]any{}
		if b := bodyOf(req); len(bytes.TrimSpace(b)) > 0 {
			if err := json.Unmarshal(b, &m); err != nil {
				return fmt.Errorf("the body to page through is not a JSON object: %w", err)
			}
		}
		var val any = v
		if n, err := strconv.Atoi(v); err == nil {
			val = n
		}
		m[name] = val
		b, err := json.Marshal(m)
		if err != nil {
			return err
		}
		return setBody(req, b)
	}
	return fmt.Errorf("paging parameter %s: in %q: want query, json or form", name, in)
}

// bodyOf reads a built request's body without consuming it.
func bodyOf(req *http.Request) []byte {
	if req.GetBody == nil {
		return nil
	}
	rc, err := req.GetBody()
	if err != nil {
		return nil
	}
	defer rc.Close()
	b, _ := io.ReadAll(rc)
	return b
}

// setBody replaces a request's body, keeping it replayable for retries.
func setBody(req *http.Request, b []byte) error {
	req.Body = io.NopCloser(bytes.NewReader(b))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	req.ContentLength = int64(len(b))
	return nil
}
