// Package mockapi is a validating mock of an API, for tests: an httptest
// server built from an OpenAPI 3 document that checks every request
// against the document (path, method, parameters, body, credentials) with
// libopenapi-validator and answers an accepted one with the operation's
// success response, rendered from the document's examples or schema.
//
// The samples' proof runs every published sample against it: a sample that
// sends a wrong parameter, body or credential is refused and recorded.
package mockapi

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	verrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi-validator/helpers"
	"github.com/pb33f/libopenapi-validator/paths"
	"github.com/pb33f/libopenapi/datamodel"
	"github.com/pb33f/libopenapi/datamodel/high/v3"
)

// Options configures a mock.
type Options struct {
	// Secrets maps a security scheme's name to the credential it accepts
	// ("user:password" for http basic). A scheme not listed accepts none.
	Secrets map[string]string
}

// Call is one request the mock saw and what it made of it.
type Call struct {
	Method, Path string
	Operation    string   // the matched operationId, "" when none matched
	Problems     []string // why it was refused; empty when accepted
}

// Server is a running mock. Close it when done.
type Server struct {
	*httptest.Server
	doc       *v3.Document
	validator validator.Validator
	opts      *config.ValidationOptions
	responses *responder

	mu    sync.Mutex
	calls []Call
}

// New starts a mock of spec, an OpenAPI 3.x document in JSON or YAML.
func New(spec []byte, opts Options) (*Server, error) {
	d, err := libopenapi.NewDocumentWithConfiguration(spec, &datamodel.DocumentConfiguration{})
	if err != nil {
		return nil, fmt.Errorf("mockapi: %w", err)
	}
	m, err := d.BuildV3Model()
	if m == nil {
		return nil, fmt.Errorf("mockapi: %w", err)
	}
	options := []config.Option{
		config.WithStandardBodyDecoders(),
		config.WithBodyDecoder("application/x-www-form-urlencoded", formDecoder()),
		config.WithBodyDecoder("multipart/form-data", formDecoder()),
		config.WithFormatAssertions(),
		config.WithAuthenticationFunc(authenticate(opts.Secrets)),
		// Path templates become regular expressions; compile each once.
		config.WithRegexCache(&sync.Map{}),
	}
	s := &Server{doc: &m.Model, responses: newResponder(&m.Model)}
	s.validator = validator.NewValidatorFromV3Model(&m.Model, options...)
	s.opts = config.NewValidationOptions(options...)
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s, nil
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	call := Call{Method: r.Method, Path: r.URL.RequestURI()}
	item, _, template := paths.FindPath(r, s.doc, s.opts)
	var op *v3.Operation
	if item != nil {
		op = item.GetOperations().GetOrZero(strings.ToLower(r.Method))
	}
	if op != nil {
		call.Operation = op.OperationId
	}
	if ok, errs := s.validator.ValidateHttpRequestSync(r); !ok {
		for _, e := range errs {
			p := e.Message
			if e.Reason != "" {
				p += ": " + e.Reason
			}
			for _, se := range e.SchemaValidationErrors {
				p += "; " + se.FieldPath + ": " + se.Reason
			}
			call.Problems = append(call.Problems, p)
		}
		sort.Strings(call.Problems)
		s.record(call)
		status := http.StatusBadRequest
		if isAuth(errs) {
			status = http.StatusForbidden
		}
		writeJSON(w, status, map[string]any{"mock": "request refused", "problems": call.Problems})
		return
	}
	s.record(call)
	s.responses.write(w, template, op)
}

func (s *Server) record(c Call) {
	s.mu.Lock()
	s.calls = append(s.calls, c)
	s.mu.Unlock()
}

// Calls returns every request seen so far, in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// Reset forgets the calls seen so far.
func (s *Server) Reset() {
	s.mu.Lock()
	s.calls = nil
	s.mu.Unlock()
}

func isAuth(errs []*verrors.ValidationError) bool {
	for _, e := range errs {
		if e.ValidationType == helpers.SecurityValidation {
			return true
		}
	}
	return false
}

// authenticate checks the credential a scheme carries against the secret
// configured for it; the validator calls it per scheme of a requirement.
func authenticate(secrets map[string]string) config.AuthenticationFunc {
	return func(_ context.Context, in *config.AuthenticationInput) error {
		want, ok := secrets[in.SecuritySchemeName]
		if !ok {
			return fmt.Errorf("scheme %q has no credential configured in the mock", in.SecuritySchemeName)
		}
		got, err := credential(in.Request, in.SecurityScheme)
		if err != nil {
			return err
		}
		if subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
			return fmt.Errorf("scheme %q: wrong credential", in.SecuritySchemeName)
		}
		return nil
	}
}

// credential reads what the request sends for a scheme.
func credential(r *http.Request, s *v3.SecurityScheme) (string, error) {
	switch {
	case s.Type == "apiKey" && s.In == "header":
		if r.Header.Get(s.Name) == "" {
			return "", fmt.Errorf("header %s is missing", s.Name)
		}
		return r.Header.Get(s.Name), nil
	case s.Type == "apiKey" && s.In == "query":
		if !r.URL.Query().Has(s.Name) {
			return "", fmt.Errorf("query parameter %s is missing", s.Name)
		}
		return r.URL.Query().Get(s.Name), nil
	case s.Type == "apiKey" && s.In == "cookie":
		c, err := r.Cookie(s.Name)
		if err != nil {
			return "", fmt.Errorf("cookie %s: %w", s.Name, err)
		}
		return c.Value, nil
	case s.Type == "http" && strings.EqualFold(s.Scheme, "basic"):
		u, p, ok := r.BasicAuth()
		if !ok {
			return "", fmt.Errorf("no basic credentials")
		}
		return u + ":" + p, nil
	case s.Type == "http" && strings.EqualFold(s.Scheme, "bearer"), s.Type == "oauth2", s.Type == "openIdConnect":
		h := r.Header.Get("Authorization")
		if len(h) < 7 || !strings.EqualFold(h[:7], "bearer ") {
			return "", fmt.Errorf("no bearer token")
		}
		return h[7:], nil
	}
	return "", fmt.Errorf("security scheme type %q in %q is not supported by the mock", s.Type, s.In)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v) // the client may have gone; nothing to do
}
