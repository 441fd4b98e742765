package model

import (
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/apigen-dev/apigen/generator/ext"
)

// The extensions that shape the client's surface (rather than its runtime
// behaviour): where a successful answer keeps its payload, and how a list
// operation pages. They are kept together here so they can move as one.

// EnvelopeExt is x-apigen-envelope (generator/ext checks it where it is
// written; the checks here only guard what ext cannot place, such as an
// overlay whose target is a union).
type EnvelopeExt = ext.Envelope

// documentEnvelope reads the document's x-apigen-envelope.
func documentEnvelope(doc *openapi3.T) (EnvelopeExt, error) {
	var e EnvelopeExt
	if err := ext.Decode(doc.Extensions, ext.EnvelopeKey, &e); err != nil {
		return e, err
	}
	if e.None || e.FailureIsData {
		return e, fmt.Errorf("x-apigen-envelope: on the document only payload is allowed (none and failure-is-data belong on an operation)")
	}
	return e, checkPath("x-apigen-envelope: payload", e.Payload)
}

// operationEnvelope is the envelope of one operation: its own
// x-apigen-envelope, else the document's.
func operationEnvelope(op *openapi3.Operation, def EnvelopeExt) (EnvelopeExt, error) {
	if _, ok := op.Extensions["x-apigen-envelope"]; !ok {
		return def, nil
	}
	var e EnvelopeExt
	if err := ext.Decode(op.Extensions, ext.EnvelopeKey, &e); err != nil {
		return e, err
	}
	switch {
	case e.None && e.Payload != "":
		return e, fmt.Errorf("x-apigen-envelope: payload and none exclude each other")
	case !e.None && e.Payload == "" && !e.FailureIsData:
		return e, fmt.Errorf("x-apigen-envelope: say where the payload is (payload) or that there is no envelope (none: true)")
	case !e.None && e.Payload == "":
		e.Payload = def.Payload // only failure-is-data: the document's envelope still holds
	}
	return e, checkPath("x-apigen-envelope: payload", e.Payload)
}

// checkPath accepts "" or dot-separated non-empty keys.
func checkPath(what, path string) error {
	if path == "" {
		return nil
	}
	for _, k := range strings.Split(path, ".") {
		if k == "" {
			return fmt.Errorf("%s %q: want keys separated by single dots, like payload or data.items", what, path)
		}
	}
	return nil
}

// PaginationExt is x-apigen-pagination (generator/ext checks it where it
// is written; the checks below guard what ext cannot place).
type PaginationExt = ext.Pagination

// operationPaging reads an operation's x-apigen-pagination; nil when it has
// none.
func operationPaging(op *openapi3.Operation) (*PaginationExt, error) {
	if _, ok := op.Extensions["x-apigen-pagination"]; !ok {
		return nil, nil
	}
	var p PaginationExt
	if err := ext.Decode(op.Extensions, ext.PaginationKey, &p); err != nil {
		return nil, err
	}
	wrong := func(format string, args ...any) (*PaginationExt, error) {
		return nil, fmt.Errorf("x-apigen-pagination: "+format, args...)
	}
	switch p.Style {
	case "offset":
		if p.Offset == "" || p.Page != "" || p.Cursor != "" || p.PerPage != "" || p.Next != "" {
			return wrong("style offset takes offset (required), limit, items and total")
		}
	case "page":
		if p.Page == "" || p.Offset != "" || p.Cursor != "" || p.Limit != "" || p.Next != "" {
			return wrong("style page takes page (required), per-page, items, total and start")
		}
	case "cursor":
		if p.Cursor == "" || p.Next == "" || p.Offset != "" || p.Page != "" || p.Total != "" {
			return wrong("style cursor takes cursor and next (both required), limit and items")
		}
	default:
		return wrong("style %q: want offset, page or cursor", p.Style)
	}
	if p.Start != 0 && p.Style != "page" || p.Start < 0 {
		return wrong("start is the first page number of style page")
	}
	for _, path := range []string{p.Items, p.Total, p.Next} {
		if err := checkPath("x-apigen-pagination:", path); err != nil {
			return nil, err
		}
	}
	return &p, nil
}
