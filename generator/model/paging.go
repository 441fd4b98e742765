package model

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Paging is how a list operation pages, resolved against the operation:
// where its position travels and where the items are.
type Paging struct {
	Style string // offset, page or cursor
	// In is where Position and Size travel: query, json or form.
	In             string
	Position, Size string
	// Dot paths in the payload: the items ("" for the payload itself),
	// the total, the next cursor.
	Items, Total, Next string
	Start              int
	// PageSize is the spec's default for Size; 0 when it gives none.
	PageSize int
	// Item is the schema of one item; nil when the iterator yields whole
	// pages (page style, items not located).
	Item *openapi3.SchemaRef
	// Iterator is the method: All for List, AllHits for ListHits,
	// GetInvoicesPages for pages.
	Iterator string

	list jpath // the list holding Item (under "items"), for naming it
}

// paging resolves x-apigen-pagination for o. A parameter or items path the
// operation does not have leaves it without an iterator, with a warning.
func paging(o *Operation, item *openapi3.PathItem, op *openapi3.Operation, ext *PaginationExt) (*Paging, string) {
	p := &Paging{Style: ext.Style, Items: ext.Items, Total: ext.Total, Next: ext.Next, Start: ext.Start}
	p.Position = ext.Offset + ext.Page + ext.Cursor // exactly one is set
	p.Size = ext.Limit + ext.PerPage
	warn := func(format string, args ...any) (*Paging, string) {
		return nil, fmt.Sprintf("%s %s: x-apigen-pagination: %s; no iterator", o.Method, o.Path, fmt.Sprintf(format, args...))
	}
	if p.In, _ = whereIs(item, op, p.Position); p.In == "" {
		return warn("the operation has no query parameter or body field %s", p.Position)
	}
	if p.Size != "" {
		in, sizeSchema := whereIs(item, op, p.Size)
		if in != p.In {
			return warn("the page size %s is not beside %s (%s)", p.Size, p.Position, p.In)
		}
		if sizeSchema != nil && sizeSchema.Value != nil {
			if n, ok := sizeSchema.Value.Default.(float64); ok && n > 0 && n == float64(int(n)) {
				p.PageSize = int(n)
			}
		}
	}
	a := o.Answer
	if a.Kind != AnswerJSON || a.Schema == nil {
		return warn("the operation answers no JSON")
	}
	list, at := a.Schema, a.parent.Key(a.key)
	if p.Items != "" {
		var parent jpath
		var key string
		if list, parent, key = property(a.Schema, a.target, p.Items); list == nil {
			return warn("the answer has no %s", p.Items)
		}
		at = parent.Key(key)
	}
	if list.Value == nil || !list.Value.Type.Is("array") || list.Value.Items == nil {
		if p.Items == "" && p.Style == "page" {
			return p, "" // the items are not located: the pages are what it yields
		}
		return warn("the items (%q) are not a list", p.Items)
	}
	if t, ok := refPathOf(list); ok {
		at = t
	}
	p.Item, p.list = list.Value.Items, at
	return p, ""
}

// whereIs finds a request parameter of op by its wire name: a query
// parameter, or a property of its JSON or form body. It returns where it
// travels and its schema.
func whereIs(item *openapi3.PathItem, op *openapi3.Operation, name string) (string, *openapi3.SchemaRef) {
	for _, ps := range []openapi3.Parameters{op.Parameters, item.Parameters} {
		for _, p := range ps {
			if p != nil && p.Value != nil && p.Value.In == "query" && p.Value.Name == name {
				return "query", p.Value.Schema
			}
		}
	}
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return "", nil
	}
	content := op.RequestBody.Value.Content
	for _, m := range slices.Sorted(maps.Keys(content)) {
		in := ""
		switch base, _, _ := strings.Cut(m, ";"); {
		case base == "application/json" || strings.HasSuffix(base, "+json"):
			in = "json"
		case base == "application/x-www-form-urlencoded":
			in = "form"
		default:
			continue
		}
		if s, _ := member(content[m].Schema, "", name, 0); s != nil {
			return in, s
		}
	}
	return "", nil
}

// iteratorName is the method that iterates: List → All, ListHits →
// AllHits, anything else → <Call>All, or <Call>Pages for pages.
func iteratorName(call string, pages bool) string {
	if pages {
		return call + "Pages"
	}
	if rest, ok := strings.CutPrefix(call, "List"); ok && (rest == "" || rest[0] >= 'A' && rest[0] <= 'Z') {
		return "All" + rest
	}
	return call + "All"
}
