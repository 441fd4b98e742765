package samples

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/apigen-dev/apigen/generator/model"
)

// A word is one command-line argument as a sequence of parts: literal text,
// or the value of an environment variable. Each shell prints the parts
// with its own quoting, so no example value or spec text can ever reach a
// shell unquoted.
type word []part

type part struct {
	Text string // literal text, or the variable name when Env
	Env  bool
	Base bool // the base URL variable
	// Default is printed when the variable is unset (bash ${X:-...}).
	Default string
}

func lit(s string) part { return part{Text: s} }

// arg is one option of the curl command line: a flag and its value, if any.
type arg struct {
	Flag  string
	Value word
	// File marks a value that curl reads from a file in PowerShell (JSON
	// bodies: PowerShell 5.1 drops the double quotes of native arguments).
	File bool
}

// curlArgs lists the curl options of r, in the order every sample prints
// them: method, URL, headers, cookies, credentials, body.
func curlArgs(api *model.API, r *request) []arg {
	args := []arg{{Flag: "--request", Value: word{lit(r.Op.Method)}}}
	u := r.url(api)
	if u.needsGlobOff() {
		args = append(args, arg{Flag: "--globoff"})
	}
	args = append(args, arg{Flag: "--url", Value: u})
	for _, h := range r.Headers {
		args = append(args, arg{Flag: "--header", Value: word{lit(h.Name + ": " + scalarJoin(h.Value))}})
	}
	if r.Body != nil && r.Body.MediaType != "multipart/form-data" && r.Body.MediaType != "application/x-www-form-urlencoded" {
		args = append(args, arg{Flag: "--header", Value: word{lit("Content-Type: " + r.Body.MediaType)}})
	}
	for _, c := range r.Cookies {
		args = append(args, arg{Flag: "--cookie", Value: word{lit(c.Name + "=" + url.QueryEscape(scalarJoin(c.Value)))}})
	}
	args = append(args, credentialArgs(r.Auth)...)
	return append(args, bodyArgs(r.Body)...)
}

func credentialArgs(schemes []model.Scheme) []arg {
	var out []arg
	for _, s := range schemes {
		env := part{Text: s.Env, Env: true}
		switch s.In {
		case "header":
			out = append(out, arg{Flag: "--header", Value: word{lit(s.Param + ": "), env}})
		case "cookie":
			out = append(out, arg{Flag: "--cookie", Value: word{lit(s.Param + "="), env}})
		case "bearer":
			out = append(out, arg{Flag: "--header", Value: word{lit("Authorization: Bearer "), env}})
		case "basic":
			out = append(out, arg{Flag: "--user", Value: word{env}})
		}
		// Query credentials travel in the URL; see request.url.
	}
	return out
}

func bodyArgs(b *body) []arg {
	if b == nil {
		return nil
	}
	switch b.MediaType {
	case "application/x-www-form-urlencoded":
		var out []arg
		for _, f := range formFields(b.Value) {
			// The name is encoded here, so an "@" in it can never make curl
			// read a file; curl encodes the value.
			out = append(out, arg{Flag: "--data-urlencode", Value: word{lit(queryEscape(f[0]) + "=" + f[1])}})
		}
		return out
	case "multipart/form-data":
		var out []arg
		for _, f := range formFields(b.Value) {
			// --form-string: a value starting with @ or < stays text.
			out = append(out, arg{Flag: "--form-string", Value: word{lit(f[0] + "=" + f[1])}})
		}
		return out
	}
	return []arg{{Flag: "--data-raw", Value: word{lit(bodyText(b))}, File: true}}
}

// bodyText is the body as sent: JSON pretty-printed, anything else as text.
func bodyText(b *body) string {
	if s, ok := b.Value.(string); ok && !isJSON(b.MediaType) {
		return s
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(b.Value) // decoded JSON always encodes
	return strings.TrimSuffix(buf.String(), "\n")
}

// url is the request URL: the base URL from the environment (the first
// server by default), the path with its parameters, the query.
func (r *request) url(api *model.API) word {
	base := part{Text: api.BaseURLEnv, Env: true, Base: true}
	if len(api.Servers) > 0 {
		base.Default = safeDefault(api.Servers[0].URL)
	}
	w := word{base, lit(r.path())}
	var pairs []string
	for _, q := range r.Query {
		pairs = append(pairs, queryPairs(q)...)
	}
	if len(pairs) > 0 {
		w = append(w, lit("?"+strings.Join(pairs, "&")))
	}
	for _, s := range r.Auth {
		if s.In == "query" {
			sep := "&"
			if len(pairs) == 0 {
				sep = "?"
			}
			pairs = append(pairs, s.Param)
			w = append(w, lit(sep+queryEscape(s.Param)+"="), part{Text: s.Env, Env: true})
		}
	}
	return w
}

// path fills the path template with the example values (simple style).
func (r *request) path() string {
	p := r.Op.Path
	for _, pp := range r.Path {
		p = strings.ReplaceAll(p, "{"+pp.Name+"}", url.PathEscape(scalarJoin(pp.Value)))
	}
	return p
}

func (w word) needsGlobOff() bool {
	for _, p := range w {
		if !p.Env && strings.ContainsAny(p.Text, "[]{}") {
			return true
		}
	}
	return false
}

// safeDefault percent-encodes the few characters that could end a shell
// default value or start an expansion; none of them means anything else in
// a base URL.
func safeDefault(u string) string { return defaultEscapes.Replace(u) }

var defaultEscapes = strings.NewReplacer(`"`, "%22", "$", "%24", "`", "%60", `\`, "%5C", "}", "%7D", "'", "%27", " ", "%20", "\n", "%0A")

// queryPairs serialises one query parameter as OpenAPI's style and explode
// say: arrays as repeated keys (form, explode) or one joined value,
// objects as key[prop]=value (deepObject) or their properties.
func queryPairs(q param) []string {
	key := queryEscape(q.Name)
	sep := map[string]string{"spaceDelimited": "%20", "pipeDelimited": "|"}[q.Style]
	if sep == "" {
		sep = ","
	}
	switch v := q.Value.(type) {
	case []any:
		var vals []string
		for _, e := range v {
			vals = append(vals, queryEscape(scalar(e)))
		}
		if q.Explode {
			out := make([]string, len(vals))
			for i, e := range vals {
				out[i] = key + "=" + e
			}
			return out
		}
		return []string{key + "=" + strings.Join(vals, sep)}
	case map[string]any:
		var out, flat []string
		for _, k := range sortedKeys(v) {
			val := queryEscape(scalar(v[k]))
			switch {
			case q.Style == "deepObject":
				out = append(out, key+"["+queryEscape(k)+"]="+val)
			case q.Explode:
				out = append(out, queryEscape(k)+"="+val)
			default:
				flat = append(flat, queryEscape(k), val)
			}
		}
		if len(flat) > 0 {
			out = append(out, key+"="+strings.Join(flat, ","))
		}
		return out
	}
	return []string{key + "=" + queryEscape(scalar(q.Value))}
}

// queryEscape encodes for a query string but keeps brackets, so bracketed
// keys (filter[clientid][]) read as the vendor documents them.
func queryEscape(s string) string { return keepBrackets.Replace(url.QueryEscape(s)) }

var keepBrackets = strings.NewReplacer("%5B", "[", "%5D", "]")

// formFields flattens a form body the way the generated Go client's form
// encoder (oapi-codegen's runtime.MarshalForm) does, so every sample of an
// operation sends the same fields: scalars as name=value, arrays as
// name[0], name[1] ..., objects as name[prop]. PHP back ends (adm.tools)
// read both as arrays; a plain repeated name would keep only the last.
func formFields(v any) [][2]string {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	var out [][2]string
	for _, k := range sortedKeys(m) {
		switch e := m[k].(type) {
		case []any:
			for i, x := range e {
				out = append(out, [2]string{fmt.Sprintf("%s[%d]", k, i), scalar(x)})
			}
		case map[string]any:
			for _, sub := range sortedKeys(e) {
				out = append(out, [2]string{k + "[" + sub + "]", scalar(e[sub])})
			}
		default:
			out = append(out, [2]string{k, scalar(e)})
		}
	}
	return out
}

// scalar prints a decoded JSON value as a parameter value; structured
// values print as compact JSON.
func scalar(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	}
	b, _ := json.Marshal(v) // decoded JSON always encodes
	return string(b)
}

// scalarJoin prints arrays comma-separated (the simple style of path and
// header parameters) and everything else as scalar does.
func scalarJoin(v any) string {
	if a, ok := v.([]any); ok {
		parts := make([]string, len(a))
		for i, e := range a {
			parts[i] = scalar(e)
		}
		return strings.Join(parts, ",")
	}
	return scalar(v)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
