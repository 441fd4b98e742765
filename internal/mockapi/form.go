package mockapi

import (
	"encoding/json"
	"io"
	"mime/multipart"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/pb33f/libopenapi-validator/content"
	"github.com/pb33f/libopenapi/datamodel/high/base"
)

// formDecoder turns a form body (urlencoded or multipart) into the JSON
// value its schema describes, so the validator can check it. It reads
// arrays and objects the ways clients send them: repeated names (OpenAPI's
// form style), name[]=, name[0]= (oapi-codegen's encoder, PHP) and
// name[key]=; and it converts each value to its property's type, since a
// form carries only strings. The validator's own form decoder knows only
// repeated names and makes a one-item array a string.
func formDecoder() content.Decoder {
	return content.DecoderFunc(func(in *content.DecodeInput) (any, error) {
		values, err := formValues(in)
		if err != nil {
			return nil, err
		}
		return formObject(values, in.Schema), nil
	})
}

func formValues(in *content.DecodeInput) (url.Values, error) {
	if in.MediaType == "multipart/form-data" {
		form, err := multipart.NewReader(in.Body, in.Parameters["boundary"]).ReadForm(1 << 20)
		if err != nil {
			return nil, err
		}
		defer form.RemoveAll()
		values := url.Values(form.Value)
		for name, files := range form.File {
			for range files {
				values[name] = append(values[name], "(file)")
			}
		}
		return values, nil
	}
	raw, err := io.ReadAll(in.Body)
	if err != nil {
		return nil, err
	}
	return url.ParseQuery(string(raw))
}

// field is one form name split into its base and bracketed key.
type formField struct {
	base, key string // key is "" for name and name[]
	values    []string
}

func formObject(values url.Values, schema *base.Schema) map[string]any {
	groups := map[string][]formField{}
	for name, vs := range values {
		b, key, _ := strings.Cut(name, "[")
		key = strings.TrimSuffix(key, "]")
		groups[b] = append(groups[b], formField{base: b, key: key, values: vs})
	}
	out := map[string]any{}
	for name, fields := range groups {
		sort.Slice(fields, func(i, j int) bool { return indexLess(fields[i].key, fields[j].key) })
		out[name] = formValue(fields, property(schema, name))
	}
	return out
}

func formValue(fields []formField, s *base.Schema) any {
	switch typeOf(s) {
	case "array":
		var items []any
		for _, f := range fields {
			for _, v := range f.values {
				items = append(items, convert(v, itemsOf(s)))
			}
		}
		return items
	case "object":
		m := map[string]any{}
		for _, f := range fields {
			if len(f.values) > 0 {
				m[f.key] = convert(f.values[0], property(s, f.key))
			}
		}
		return m
	}
	if len(fields) == 0 || len(fields[0].values) == 0 {
		return nil
	}
	return convert(fields[0].values[0], s)
}

// convert reads a form string as the schema's type; what does not parse
// stays a string and the validator reports it.
func convert(v string, s *base.Schema) any {
	switch typeOf(s) {
	case "integer", "number":
		if _, err := strconv.ParseFloat(v, 64); err == nil {
			return json.Number(v)
		}
	case "boolean":
		if b, err := strconv.ParseBool(v); err == nil {
			return b
		}
	}
	return v
}

func typeOf(s *base.Schema) string {
	if s == nil || len(s.Type) == 0 {
		return ""
	}
	for _, t := range s.Type {
		if t != "null" {
			return t
		}
	}
	return ""
}

func property(s *base.Schema, name string) *base.Schema {
	if s == nil || s.Properties == nil {
		return nil
	}
	if p, ok := s.Properties.Get(name); ok && p != nil {
		return p.Schema()
	}
	return nil
}

func itemsOf(s *base.Schema) *base.Schema {
	if s == nil || s.Items == nil || !s.Items.IsA() {
		return nil
	}
	return s.Items.A.Schema()
}

// indexLess orders name[2] before name[10].
func indexLess(a, b string) bool {
	ia, ea := strconv.Atoi(a)
	ib, eb := strconv.Atoi(b)
	if ea == nil && eb == nil {
		return ia < ib
	}
	return a < b
}
