package samples

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pb33f/libopenapi/datamodel/high/base"
	"github.com/pb33f/libopenapi/datamodel/high/v3"

	"github.com/apigen-dev/apigen/generator/model"
)

// request is one example call, in the terms every sample prints it in.
type request struct {
	Op      model.Operation
	Path    []param // path parameters, in the order the path names them
	Query   []param
	Headers []param
	Cookies []param
	Body    *body
	Auth    []model.Scheme // one requirement: every scheme in it is sent
	// Warnings are examples apigen could not render.
	Warnings []string
}

// placeholder stands in for a parameter whose example cannot be rendered
// (a schema that is empty or broken); the warning says so.
const placeholder = "example"

// param is one parameter with its example value (decoded JSON: string,
// json.Number, bool, nil, []any or map[string]any).
type param struct {
	Name    string
	Style   string
	Explode bool
	Value   any
}

// body is the request body: a media type and its example value.
type body struct {
	MediaType string
	Value     any
}

// newRequest picks the example call for one operation: every required
// parameter and every optional one the spec gives an example for, the
// first body media type apigen can print, and the first credential
// requirement the client can satisfy.
func newRequest(api *model.API, vs *values, o model.Operation, item *v3.PathItem, op *v3.Operation) *request {
	r := &request{Op: o, Auth: auth(api, op)}
	for _, p := range parameters(item, op) {
		if p == nil || (!isTrue(p.Required) && p.In != "path" && !hasExample(p)) {
			continue
		}
		v, err := vs.param(p)
		if err != nil {
			r.Warnings = append(r.Warnings, fmt.Sprintf("parameter %q: no example (%v); the samples use %q", p.Name, err, placeholder))
			v = placeholder
		}
		pp := param{Name: p.Name, Style: p.Style, Value: v}
		pp.Explode = p.Explode == nil && (p.Style == "" || p.Style == "form") || isTrue(p.Explode)
		switch p.In {
		case "path":
			r.Path = append(r.Path, pp)
		case "query":
			r.Query = append(r.Query, pp)
		case "header":
			r.Headers = append(r.Headers, pp)
		case "cookie":
			r.Cookies = append(r.Cookies, pp)
		}
	}
	r.Path = inPathOrder(o.Path, r.Path)
	if op.RequestBody != nil && op.RequestBody.Content != nil {
		b, err := requestBody(vs, op.RequestBody)
		if err != nil {
			r.Warnings = append(r.Warnings, fmt.Sprintf("request body: no example (%v); the samples send none", err))
		}
		r.Body = b
	}
	return r
}

// parameters merges path-level parameters with the operation's own, which
// win on the same name and location.
func parameters(item *v3.PathItem, op *v3.Operation) []*v3.Parameter {
	out := slices.Clone(op.Parameters)
	for _, p := range item.Parameters {
		if !slices.ContainsFunc(out, func(q *v3.Parameter) bool { return q != nil && q.Name == p.Name && q.In == p.In }) {
			out = append(out, p)
		}
	}
	return out
}

func inPathOrder(path string, ps []param) []param {
	slices.SortStableFunc(ps, func(a, b param) int {
		return strings.Index(path, "{"+a.Name+"}") - strings.Index(path, "{"+b.Name+"}")
	})
	return ps
}

// mediaTypes apigen prints bodies for, best first.
var mediaTypes = []string{"application/json", "application/x-www-form-urlencoded", "multipart/form-data"}

func requestBody(vs *values, rb *v3.RequestBody) (*body, error) {
	var name string
	var mt *v3.MediaType
	for _, want := range mediaTypes {
		for k, v := range rb.Content.FromOldest() {
			if mt == nil && (k == want || want == "application/json" && isJSON(k)) {
				name, mt = k, v
			}
		}
	}
	if mt == nil {
		first := rb.Content.Oldest()
		if first == nil {
			return nil, nil
		}
		name, mt = first.Key, first.Value
	}
	v, err := vs.media(mt)
	if err != nil {
		return nil, err
	}
	return &body{MediaType: name, Value: v}, nil
}

func isJSON(mediaType string) bool {
	mediaType, _, _ = strings.Cut(mediaType, ";")
	return mediaType == "application/json" || strings.HasSuffix(mediaType, "+json")
}

func hasExample(p *v3.Parameter) bool {
	if p.Example != nil || p.Examples != nil && p.Examples.Len() > 0 {
		return true
	}
	s := schemaOf(p.Schema)
	return s != nil && (s.Example != nil || len(s.Examples) > 0)
}

func schemaOf(sp *base.SchemaProxy) *base.Schema {
	if sp == nil {
		return nil
	}
	return sp.Schema()
}

func isTrue(b *bool) bool { return b != nil && *b }

// auth picks the credentials a sample sends: none when the operation opts
// out of security, else the first requirement the client can satisfy.
func auth(api *model.API, op *v3.Operation) []model.Scheme {
	reqs := api.Runtime.Requirements
	if op.Security != nil {
		reqs = nil
		for _, r := range op.Security {
			if r != nil && r.Requirements != nil {
				var names []string
				for k := range r.Requirements.KeysFromOldest() {
					names = append(names, k)
				}
				reqs = append(reqs, names)
			}
		}
	}
	for _, names := range reqs {
		var out []model.Scheme
		for _, n := range names {
			if i := slices.IndexFunc(api.Runtime.Schemes, func(s model.Scheme) bool { return s.Name == n }); i >= 0 {
				out = append(out, api.Runtime.Schemes[i])
			}
		}
		if len(out) == len(names) && len(out) > 0 {
			return out
		}
	}
	return nil
}
