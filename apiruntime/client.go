package apiruntime

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Client is what a generated package's services send through: the server,
// the Doer (credentials, limits, retries, typed errors) and the request
// editors. Generated methods build a request with oapi-codegen's request
// builder and hand it to Call, Value, Raw or Send, which add the context,
// send it and decode the payload of the answer. It is safe for concurrent
// use.
type Client struct {
	server  string // with a trailing slash: request builders resolve paths against it
	doer    *Doer
	policy  *Policy
	editors []RequestEditor
}

// RequestEditor changes a request just before it is sent (a header, a
// query parameter). Credentials are added after it, on a copy.
type RequestEditor func(ctx context.Context, req *http.Request) error

// Config is what NewClient needs; generated New functions fill it from
// their options.
type Config struct {
	Policy  *Policy
	Server  string
	Auth    *Auth
	Retry   RetryPolicy
	HTTP    HTTPDoer // nil: a new http.Client with DefaultTimeout
	Editors []RequestEditor
}

// NewClient returns a Client for cfg.Server.
func NewClient(cfg Config) (*Client, error) {
	d, err := NewDoer(cfg.Policy, cfg.Server, cfg.Auth, cfg.Retry, cfg.HTTP)
	if err != nil {
		return nil, err
	}
	server := cfg.Server
	if !strings.HasSuffix(server, "/") {
		server += "/"
	}
	return &Client{server: server, doer: d, policy: cfg.Policy, editors: cfg.Editors}, nil
}

// Server is the base URL requests are built against.
func (c *Client) Server() string { return c.server }

// RateLimit is what the latest answer said about the vendor's rate limits.
func (c *Client) RateLimit() RateLimit { return c.doer.RateLimit() }

// Envelope says where the payload of a successful answer sits.
type Envelope struct {
	// Payload is the dot path of the payload in a 2xx JSON body
	// ("payload", "body", "response"); "" means the whole body.
	Payload string
	// FailureIsData turns the vendor's failure rules off for this call: a
	// 2xx that would match one (adm.tools' {"result": false}) is an
	// ordinary answer, as for a domain availability check.
	FailureIsData bool
}

// Response is a call's raw answer, for what the typed result leaves out:
// headers, the status, the exact bytes. Ask for it with Capture.
type Response struct {
	// HTTP is the answer; its Body reads the bytes of Body again, and its
	// Request shows REDACTED where a credential went.
	HTTP *http.Response
	// Body is the whole body, before the envelope is unwrapped.
	Body []byte
}

// CallOption changes one call.
type CallOption func(*callSettings)

type callSettings struct {
	capture *Response
	editors []RequestEditor
}

// Capture fills r with the raw answer of a successful call. An error
// answer is an *APIError, which carries its status and body instead.
func Capture(r *Response) CallOption {
	return func(s *callSettings) { s.capture = r }
}

// EditRequest changes this call's request before it is sent, after the
// client's own editors.
func EditRequest(fn RequestEditor) CallOption {
	return func(s *callSettings) { s.editors = append(s.editors, fn) }
}

// Call sends req (built by a request builder, which returned buildErr)
// and decodes the payload of its answer into a new T.
func Call[T any](ctx context.Context, c *Client, req *http.Request, buildErr error, e Envelope, opts []CallOption) (*T, error) {
	out := new(T)
	if err := c.call(ctx, req, buildErr, e, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// Value is Call for results that are not structs (lists, maps, scalars).
func Value[T any](ctx context.Context, c *Client, req *http.Request, buildErr error, e Envelope, opts []CallOption) (T, error) {
	var out T
	err := c.call(ctx, req, buildErr, e, &out, opts)
	return out, err
}

// Raw sends req and returns the body of its answer as it came, for
// operations whose answer is not JSON.
func Raw(ctx context.Context, c *Client, req *http.Request, buildErr error, opts []CallOption) ([]byte, error) {
	_, body, err := c.send(ctx, req, buildErr, Envelope{}, opts)
	return body, err
}

// Send sends req for an operation that declares no answer body.
func Send(ctx context.Context, c *Client, req *http.Request, buildErr error, e Envelope, opts []CallOption) error {
	_, _, err := c.send(ctx, req, buildErr, e, opts)
	return err
}

// Do sends a request the spec does not describe, with the same
// credentials, limits, retries and typed errors as every generated
// method. path is relative to the server and may carry a query. body is
// nil, url.Values (sent as a form), an io.Reader (sent as it is; set its
// Content-Type with EditRequest) or any other value (sent as JSON). When
// out is not nil, the payload of the answer (the document's envelope
// unwrapped) is decoded into it.
func (c *Client) Do(ctx context.Context, method, path string, body, out any, opts []CallOption) error {
	var r io.Reader
	contentType := ""
	switch b := body.(type) {
	case nil:
	case url.Values:
		r, contentType = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	case io.Reader:
		r = b
	default:
		data, err := json.Marshal(b)
		if err != nil {
			return fmt.Errorf("%s: %s %s: encoding the body: %w", c.policy.Vendor, method, path, err)
		}
		r, contentType = bytes.NewReader(data), "application/json"
	}
	req, err := http.NewRequest(method, c.server+strings.TrimLeft(path, "/"), r)
	if err == nil && contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if out == nil {
		return Send(ctx, c, req, err, c.policy.Envelope, opts)
	}
	return c.call(ctx, req, err, c.policy.Envelope, out, opts)
}

// failureIsData marks a request whose 2xx answers skip the failure rules.
type failureIsData struct{}

// send adds ctx and the editors to req, sends it through the Doer and
// returns the answer with its whole body.
func (c *Client) send(ctx context.Context, req *http.Request, buildErr error, e Envelope, opts []CallOption) (*http.Response, []byte, error) {
	if buildErr != nil {
		return nil, nil, fmt.Errorf("%s: building the request: %w", c.policy.Vendor, buildErr)
	}
	var s callSettings
	for _, o := range opts {
		o(&s)
	}
	if e.FailureIsData {
		ctx = context.WithValue(ctx, failureIsData{}, true)
	}
	req = req.WithContext(ctx)
	for _, edit := range append(c.editors[:len(c.editors):len(c.editors)], s.editors...) {
		if err := edit(ctx, req); err != nil {
			return nil, nil, fmt.Errorf("%s: %s %s: request editor: %w", c.policy.Vendor, req.Method, req.URL.Path, err)
		}
	}
	resp, err := c.doer.Do(req)
	if err != nil {
		return nil, nil, err
	}
	body, err := io.ReadAll(resp.Body) // the Doer has read it already: this is a copy
	resp.Body.Close()
	if err != nil {
		return nil, nil, c.doer.transportError(req, err)
	}
	if s.capture != nil {
		resp.Body = io.NopCloser(bytes.NewReader(body))
		*s.capture = Response{HTTP: resp, Body: body}
	}
	return resp, body, nil
}

// call sends req and decodes the payload of the answer into out.
func (c *Client) call(ctx context.Context, req *http.Request, buildErr error, e Envelope, out any, opts []CallOption) error {
	resp, body, err := c.send(ctx, req, buildErr, e, opts)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) == 0 && (resp.StatusCode == http.StatusNoContent || resp.StatusCode == http.StatusResetContent || req.Method == http.MethodHead) {
		return nil // nothing was promised: the zero value is the answer
	}
	payload, err := unwrap(body, e.Payload)
	if err == nil {
		err = json.Unmarshal(payload, out)
	}
	if err != nil {
		return c.decodeError(req, resp, body, err)
	}
	return nil
}

// unwrap returns the JSON at a dot path of body; a missing member is null
// (the zero value), a body that is not JSON is an error.
func unwrap(body []byte, path string) (json.RawMessage, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, errEmpty
	}
	cur := json.RawMessage(body)
	if path == "" {
		return cur, nil
	}
	for _, key := range strings.Split(path, ".") {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(cur, &m); err != nil {
			return nil, fmt.Errorf("the envelope holding %q: %w", path, err)
		}
		if cur = m[key]; cur == nil {
			return json.RawMessage("null"), nil
		}
	}
	return cur, nil
}

var errEmpty = errors.New("the body is empty")

// DecodeError is a successful (2xx) answer whose body is not the JSON the
// spec declares: an HTML page from a proxy, a field whose type changed.
// The call failed; the status and an excerpt of the body say why.
type DecodeError struct {
	Vendor      string
	Method      string
	Path        string // the request path; the query is left out, it may hold secrets
	StatusCode  int
	ContentType string
	// Body is the raw body, at most 64 KB, with any credential the client
	// sent blanked out.
	Body []byte
	Err  error // what encoding/json said
}

func (e *DecodeError) Error() string {
	ct := ""
	if e.ContentType != "" {
		ct = " (" + e.ContentType + ")"
	}
	msg := fmt.Sprintf("%s: %s %s: HTTP %d%s: the answer is not the declared JSON: %v", e.Vendor, e.Method, e.Path, e.StatusCode, ct, e.Err)
	if len(e.Body) > 0 {
		msg += ": " + excerpt(e.Body, 200)
	}
	return msg
}

// Unwrap gives errors.As the *json.SyntaxError or *json.UnmarshalTypeError.
func (e *DecodeError) Unwrap() error { return e.Err }

func (c *Client) decodeError(req *http.Request, resp *http.Response, body []byte, err error) *DecodeError {
	secrets := c.doer.auth.secrets()
	if len(body) > maxBody {
		body = body[:maxBody]
	}
	return &DecodeError{
		Vendor: c.policy.Vendor, Method: req.Method, Path: req.URL.Path, StatusCode: resp.StatusCode,
		ContentType: resp.Header.Get("Content-Type"), Body: redact(body, secrets), Err: err,
	}
}
