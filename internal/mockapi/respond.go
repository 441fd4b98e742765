package mockapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/pb33f/libopenapi/datamodel/high/v3"
	"github.com/pb33f/libopenapi/renderer"
)

// responder answers accepted requests with the operation's lowest 2xx
// response, rendered once per operation and then cached.
type responder struct {
	failures []failure // the document's x-apigen-errors failure rules

	mu    sync.Mutex
	cache map[string]response
}

type response struct {
	status  int
	headers http.Header
	body    []byte
}

// failure is one x-apigen-errors rule: a body whose path holds this value
// is a failure even under 2xx, so a success must not hold it.
type failure struct {
	Path   string `json:"path"`
	Equals any    `json:"equals"`
}

func newResponder(doc *v3.Document) *responder {
	r := &responder{cache: map[string]response{}}
	if doc.Extensions != nil {
		if n, ok := doc.Extensions.Get("x-apigen-errors"); ok && n != nil {
			var ext struct {
				Failure []failure `yaml:"failure"`
			}
			if err := n.Decode(&ext); err == nil {
				r.failures = ext.Failure
			}
		}
	}
	return r
}

func (r *responder) write(w http.ResponseWriter, template string, op *v3.Operation) {
	key := template + " " + op.OperationId
	r.mu.Lock()
	resp, ok := r.cache[key]
	if !ok {
		resp = r.render(key, op)
		r.cache[key] = resp
	}
	r.mu.Unlock()
	for k, v := range resp.headers {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.status)
	_, _ = w.Write(resp.body) // the client may have gone
}

func (r *responder) render(key string, op *v3.Operation) response {
	resp := response{status: http.StatusNoContent, headers: http.Header{}}
	if op.Responses == nil || op.Responses.Codes == nil {
		return resp
	}
	var chosen *v3.Response
	for code, rs := range op.Responses.Codes.FromOldest() {
		n, err := strconv.Atoi(code)
		if err == nil && n >= 200 && n < 300 && (chosen == nil || n < resp.status) {
			chosen, resp.status = rs, n
		}
	}
	if chosen == nil {
		return resp
	}
	seed := seedOf(key)
	if chosen.Headers != nil {
		for name, h := range chosen.Headers.FromOldest() {
			if v, err := mock(h, seed); err == nil && v != nil {
				resp.headers.Set(name, scalar(v))
			}
		}
	}
	if chosen.Content == nil || chosen.Content.Len() == 0 {
		return resp
	}
	first := chosen.Content.Oldest()
	resp.headers.Set("Content-Type", first.Key)
	v, err := mock(first.Value, seed)
	if err != nil {
		resp.status = http.StatusInternalServerError
		resp.body = []byte(fmt.Sprintf(`{"mock":"cannot render the response: %s"}`, strings.ReplaceAll(err.Error(), `"`, `'`)))
		return resp
	}
	r.succeed(v)
	resp.body, _ = json.Marshal(v) // decoded JSON always encodes
	return resp
}

// succeed flips any value a failure rule would read as a failure.
func (r *responder) succeed(v any) {
	for _, f := range r.failures {
		parts := strings.Split(f.Path, ".")
		m, ok := v.(map[string]any)
		for _, p := range parts[:len(parts)-1] {
			if !ok {
				break
			}
			m, ok = m[p].(map[string]any)
		}
		last := parts[len(parts)-1]
		if !ok || m[last] == nil || fmt.Sprint(m[last]) != fmt.Sprint(f.Equals) {
			continue
		}
		switch e := f.Equals.(type) {
		case bool:
			m[last] = !e
		case string:
			m[last] = "ok"
		default:
			m[last] = json.Number("0")
		}
	}
}

// mock renders a header or media type (its example, else its schema) with
// libopenapi's renderer, seeded so responses repeat from run to run.
func mock(m any, seed int64) (any, error) {
	g := renderer.NewMockGeneratorWithDictionary("", renderer.JSON)
	g.SetSeed(seed)
	raw, err := g.GenerateMock(m, "")
	if err != nil || len(raw) == 0 {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	return v, dec.Decode(&v)
}

func scalar(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func seedOf(s string) int64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return int64(h.Sum64() >> 1)
}
