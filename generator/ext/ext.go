// Package ext defines apigen's x-apigen-* OpenAPI extensions: their Go
// types, where in a document each is read, and a strict check of a YAML
// value against them that reports problems at the value's file:line:col.
//
// It is a leaf that load, overlay and model share: load checks the
// extensions a spec carries, overlay checks each action's update in the
// overlay file the user edits, and model decodes what was already checked.
// docs/EXTENSIONS.md describes every extension; a test keeps it in step with
// the types here.
package ext

import (
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pb33f/go-yaml"
)

// Prefix starts every apigen extension key.
const Prefix = "x-apigen-"

// The extension keys.
const (
	NameKey       = "x-apigen-name"
	CredentialKey = "x-apigen-credential"
	ErrorsKey     = "x-apigen-errors"
	RetryKey      = "x-apigen-retry"
	RateLimitKey  = "x-apigen-ratelimit"
	LimitsKey     = "x-apigen-limits"
	NoteKey       = "x-apigen-note"
	EnvelopeKey   = "x-apigen-envelope"
	PaginationKey = "x-apigen-pagination"
)

// Location is the kind of OpenAPI object an extension is read from.
type Location string

// The places extensions are read from. Elsewhere, nothing reads them, so an
// extension there is a mistake worth reporting.
const (
	Document       Location = "the document root"
	Server         Location = "a server of the document's servers list"
	SecurityScheme Location = "a security scheme (components.securitySchemes.NAME)"
	Operation      Location = "an operation (paths.PATH.METHOD)"
	Tag            Location = "a tag of the document's tags list"
	// Anywhere is for extensions any object may carry.
	Anywhere Location = "any object of the document"
)

// Def describes one extension.
type Def struct {
	Key     string
	Where   []Location   // the places it is read from
	Type    reflect.Type // the Go type its value decodes into
	Summary string
	// Rules, when set, checks what depends on the place (where is ""
	// when the place cannot be told); the value's shape is already right.
	Rules func(where Location, value *yaml.Node) (problem string, at *yaml.Node)
}

// Places renders where the extension is read, for messages and docs.
func (d Def) Places() string {
	var s []string
	for _, w := range d.Where {
		s = append(s, string(w))
	}
	return strings.Join(s, "; or ")
}

func (d Def) readAt(where Location) bool {
	return slices.Contains(d.Where, Anywhere) || slices.Contains(d.Where, where)
}

// Defs lists every extension apigen reads, sorted by key.
func Defs() []Def {
	doc := []Location{Document}
	defs := []Def{
		{Key: NameKey, Where: []Location{Server, Tag}, Type: reflect.TypeFor[string](), Rules: nameRules,
			Summary: "a server's name (its Server<Name> constant) or a tag's service name"},
		{Key: CredentialKey, Where: []Location{SecurityScheme}, Type: reflect.TypeFor[Credential](),
			Summary: "the Credentials field, environment variable and option that feed a security scheme"},
		{Key: ErrorsKey, Where: doc, Type: reflect.TypeFor[Errors](),
			Summary: "where an error body keeps its code, type and message; which 2xx bodies are failures; where warnings sit"},
		{Key: RetryKey, Where: doc, Type: reflect.TypeFor[Retry](), Summary: "which statuses are retried, and how long to wait"},
		{Key: RateLimitKey, Where: doc, Type: reflect.TypeFor[RateLimit](), Summary: "the response headers that carry each rate-limit window"},
		{Key: LimitsKey, Where: doc, Type: reflect.TypeFor[Limits](), Summary: "request sizes the vendor refuses, refused before sending"},
		{Key: NoteKey, Where: []Location{Anywhere}, Type: reflect.TypeFor[string](),
			Summary: "a note for the people who maintain the snapshot (where a fact comes from); never generated into anything published"},
		{Key: EnvelopeKey, Where: []Location{Document, Operation}, Type: reflect.TypeFor[Envelope](), Rules: envelopeRules,
			Summary: "where a successful answer keeps its payload, which the client's methods return"},
		{Key: PaginationKey, Where: []Location{Operation}, Type: reflect.TypeFor[Pagination](), Rules: paginationRules,
			Summary: "how a list operation pages, for its iterator"},
	}
	sort.Slice(defs, func(i, j int) bool { return defs[i].Key < defs[j].Key })
	return defs
}

// Lookup returns the definition of key.
func Lookup(key string) (Def, bool) {
	for _, d := range Defs() {
		if d.Key == key {
			return d, true
		}
	}
	return Def{}, false
}

// Envelope is x-apigen-envelope: on the document, where every 2xx JSON
// body keeps its payload; on an operation, an exception to that.
type Envelope struct {
	// Payload is the dot path of the payload in the body ("payload",
	// "body", "response").
	Payload string `json:"payload,omitempty" check:"dotpath"`
	// None says the operation's body is the payload itself (Wallarm's
	// triggers, StormWall's legacy v1 calls). Operations only.
	None bool `json:"none,omitempty"`
	// FailureIsData turns the document's x-apigen-errors failure rules off
	// for the operation: a 2xx that matches one is an ordinary answer
	// (adm.tools' domain/check says "not available" with result: false).
	// Operations only.
	FailureIsData bool `json:"failure-is-data,omitempty"`
}

// Pagination is x-apigen-pagination on a list operation: how it pages, so
// the client can offer an iterator over every item (or every page).
type Pagination struct {
	// Style is offset (an item offset, with limit), page (a page number,
	// with per-page) or cursor (a token the last page gave).
	Style string `json:"style" check:"required"`
	// The request parameters (query, or fields of a JSON or form body)
	// holding the position and the page size.
	Offset  string `json:"offset,omitempty"`
	Limit   string `json:"limit,omitempty"`
	Page    string `json:"page,omitempty"`
	PerPage string `json:"per-page,omitempty"`
	Cursor  string `json:"cursor,omitempty"`
	// Dot paths in the payload (inside the envelope): the items ("" when
	// the payload is the list; with page style and neither, the iterator
	// yields whole pages), the total item count, the next cursor.
	Items string `json:"items,omitempty" check:"dotpath"`
	Total string `json:"total,omitempty" check:"dotpath"`
	Next  string `json:"next,omitempty" check:"dotpath"`
	// Start is the first page number (page style; default 1).
	Start int `json:"start,omitempty"`
}

// Credential is x-apigen-credential, on a security scheme.
type Credential struct {
	// Field is the Credentials field that holds the secret; schemes that
	// name the same field share it. Default: the scheme name, exported.
	Field string `json:"field,omitempty" check:"goname"`
	// Env is the environment variable FromEnv reads. Default:
	// <VENDOR>_<FIELD> in upper snake case.
	Env string `json:"env,omitempty" check:"env"`
	// Option is the With... function that sets the field; fields that name
	// the same option become its parameters. Default: With<Field>.
	Option string `json:"option,omitempty" check:"goname"`
	// Param orders the parameters of a shared option (1, 2, ...).
	Param int `json:"param,omitempty"`
}

// Errors is x-apigen-errors, at the document root.
type Errors struct {
	// Code, Type and Message are dot paths into an error body, tried in
	// order; the first that holds a value wins.
	Code []string `json:"code,omitempty"`
	// Reason is where the body repeats the HTTP reason phrase ("Bad
	// Request"), kept apart from Code, which holds only machine codes.
	Reason  []string `json:"reason,omitempty"`
	Type    []string `json:"type,omitempty"`
	Message []string `json:"message,omitempty"`
	// Failure rules make a 2xx answer an error when a path holds a value.
	Failure []Match `json:"failure,omitempty"`
	// Warnings says where a successful body lists non-fatal warnings.
	Warnings *Warnings `json:"warnings,omitempty"`
}

// Match is one failure rule: the body's value at Path equals Equals.
type Match struct {
	Path   string `json:"path" check:"required"`
	Equals any    `json:"equals" check:"required"`
}

// Warnings locates the warnings list in a successful body.
type Warnings struct {
	Path string `json:"path" check:"required"` // dot path to the list
	Type string `json:"type,omitempty"`        // field of an entry holding its type
	Code string `json:"code,omitempty"`        // field of an entry holding its code
}

// Retry is x-apigen-retry, at the document root.
type Retry struct {
	// Statuses to retry: a code ("429") or a class ("5XX").
	Statuses []string `json:"statuses,omitempty" check:"status"`
	// RetryAfter honours the Retry-After header (seconds or an HTTP date).
	RetryAfter bool `json:"retry-after,omitempty"`
	// Pause is a regular expression whose first group is the seconds to
	// wait, read from an error body ("Pause (\d+) seconds").
	Pause string `json:"pause-pattern,omitempty" check:"pattern"`
}

// RateLimit is x-apigen-ratelimit, at the document root: one entry per window.
type RateLimit []Window

// Window names the headers of one rate-limit window.
type Window struct {
	Window    string `json:"window" check:"required"`    // its name: "hour", "minute"
	Limit     string `json:"limit" check:"required"`     // header with the window's allowance
	Remaining string `json:"remaining" check:"required"` // header with what is left of it
}

// Limits is x-apigen-limits, at the document root.
type Limits struct {
	MaxBodyBytes   int64 `json:"max-body-bytes,omitempty" check:"positive"`
	MaxHeaderBytes int64 `json:"max-header-bytes,omitempty" check:"positive"`
}

// keys lists the keys of an extension object type, in field order.
func keys(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		if name, _ := jsonName(t.Field(i)); name != "" {
			out = append(out, name)
		}
	}
	return out
}

func jsonName(f reflect.StructField) (string, bool) {
	tag := f.Tag.Get("json")
	name, opts, _ := strings.Cut(tag, ",")
	if name == "-" {
		return "", false
	}
	return name, strings.Contains(opts, "omitempty")
}

// StatusCodes turns the retry statuses into numbers: "5XX" becomes 5.
func (r Retry) StatusCodes() []int {
	var out []int
	for _, s := range r.Statuses {
		if n, err := strconv.Atoi(s); err == nil {
			out = append(out, n)
		} else if s != "" {
			out = append(out, int(s[0]-'0'))
		}
	}
	return out
}
