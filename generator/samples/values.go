package samples

import (
	"bytes"
	"encoding/json"
	"errors"
	"hash/fnv"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/pb33f/go-yaml"
	"github.com/pb33f/libopenapi/datamodel/high/base"
	"github.com/pb33f/libopenapi/datamodel/high/v3"
	"github.com/pb33f/libopenapi/orderedmap"
)

// values picks the example values samples send, in this order: the spec's
// own example of the parameter, body or schema; for an identifier, the
// value the spec's examples give the same identifier anywhere else, so one
// vendor's samples share one set of ids; the schema's default, const or
// first enum value; then a value a reader can use as it is, chosen from the
// format, the name and the pattern: addresses from the documentation ranges
// (RFC 5737, RFC 3849), example.com names and mailboxes, dates that parse.
// Never random text: every sample is the same on every run.
type values struct {
	ids map[string]any // identifier key (idKey) → the spec's example
	// walking holds the schemas being walked, by their node in the spec
	// and depth. allOf, oneOf and anyOf do not nest the value, so a cycle
	// through them (A allOf B, B oneOf A) comes back at the same depth; it
	// is cut there instead of recursing until the stack overflows. Nodes,
	// not *base.Schema: libopenapi renders a fresh copy per reference.
	walking map[walk]bool
}

type walk struct {
	node  *yaml.Node
	depth int
}

// errNoSchema is a parameter with neither an example nor a schema.
var errNoSchema = errors.New("no example and no schema")

// maxDepth bounds how deep a body example nests, against recursive schemas.
const maxDepth = 8

// newValues collects the examples of every identifier the document names:
// properties and parameters whose name says id, and the id property of each
// named schema under its schema's name (Domain.id is domainId).
func newValues(doc *v3.Document) *values {
	vs := &values{ids: map[string]any{}, walking: map[walk]bool{}}
	note := func(name string, ex *yaml.Node) {
		key := idKey(name)
		if key == "" || ex == nil {
			return
		}
		if _, seen := vs.ids[key]; seen {
			return
		}
		v, err := nodeValue(ex)
		if a, ok := v.([]any); ok && len(a) > 0 {
			v = a[0]
		}
		if err == nil && isScalar(v) {
			vs.ids[key] = v
		}
	}
	// A schema reached again at the same depth or deeper has nothing new
	// to note (the first example of a name wins): walking it again made
	// specs whose schemas nest each other (gotd's) slow.
	type visit struct {
		s     *base.Schema
		owner string
	}
	walked := map[visit]int{}
	var walk func(owner string, s *base.Schema, depth int)
	walk = func(owner string, s *base.Schema, depth int) {
		if s == nil || depth > 4 || s.Properties == nil {
			return
		}
		if d, ok := walked[visit{s, owner}]; ok && d <= depth {
			return
		}
		walked[visit{s, owner}] = depth
		for name, p := range s.Properties.FromOldest() {
			ps := schemaOf(p)
			if ps == nil {
				continue
			}
			if strings.EqualFold(name, "id") && owner != "" {
				note(owner+"Id", ps.Example)
			}
			note(name, ps.Example)
			if ps.Items != nil && ps.Items.IsA() {
				if is := schemaOf(ps.Items.A); is != nil {
					note(name, is.Example)
					walk("", is, depth+1)
				}
			}
			walk("", ps, depth+1)
		}
	}
	if c := doc.Components; c != nil {
		if c.Parameters != nil {
			for _, p := range c.Parameters.FromOldest() {
				noteParam(p, note)
			}
		}
		if c.Schemas != nil {
			for name, sp := range c.Schemas.FromOldest() {
				walk(name, schemaOf(sp), 0)
			}
		}
	}
	if doc.Paths != nil && doc.Paths.PathItems != nil {
		for _, item := range doc.Paths.PathItems.FromOldest() {
			for _, op := range item.GetOperations().FromOldest() {
				for _, p := range parameters(item, op) {
					noteParam(p, note)
				}
			}
		}
	}
	return vs
}

func noteParam(p *v3.Parameter, note func(string, *yaml.Node)) {
	if p == nil {
		return
	}
	note(p.Name, p.Example)
	if s := schemaOf(p.Schema); s != nil {
		note(p.Name, s.Example)
	}
}

// param is a parameter's example value.
func (vs *values) param(p *v3.Parameter) (any, error) {
	if p.Example != nil {
		return nodeValue(p.Example)
	}
	if v, ok, err := firstExample(p.Examples); ok {
		return v, err
	}
	s := schemaOf(p.Schema)
	if s == nil {
		return nil, errNoSchema
	}
	return vs.schema(s, p.Name, 0)
}

// media is a request body's example value.
func (vs *values) media(mt *v3.MediaType) (any, error) {
	if mt.Example != nil {
		return nodeValue(mt.Example)
	}
	if v, ok, err := firstExample(mt.Examples); ok {
		return v, err
	}
	s := schemaOf(mt.Schema)
	if s == nil {
		return nil, errNoSchema
	}
	return vs.schema(s, "", 0)
}

func firstExample(m *orderedmap.Map[string, *base.Example]) (any, bool, error) {
	if m == nil {
		return nil, false, nil
	}
	for _, ex := range m.FromOldest() {
		if ex != nil && ex.Value != nil {
			v, err := nodeValue(ex.Value)
			return v, true, err
		}
	}
	return nil, false, nil
}

// schema is the example of a value of schema s, named name where it sits.
func (vs *values) schema(s *base.Schema, name string, depth int) (any, error) {
	if depth > maxDepth {
		return nil, nil
	}
	if low := s.GoLow(); low != nil && low.RootNode != nil {
		k := walk{low.RootNode, depth}
		if vs.walking[k] {
			return nil, nil
		}
		vs.walking[k] = true
		defer delete(vs.walking, k)
	}
	switch {
	case s.Example != nil:
		return nodeValue(s.Example)
	case len(s.Examples) > 0:
		return nodeValue(s.Examples[0])
	case s.Const != nil:
		return nodeValue(s.Const)
	}
	typ := schemaType(s)
	if id, ok := vs.ids[idKey(name)]; ok && fits(id, typ) && len(s.Enum) == 0 {
		if n, isNum := id.(json.Number); isNum && typ == "string" {
			return n.String(), nil // a numeric id the API takes as text
		}
		return id, nil
	}
	if s.Default != nil {
		return nodeValue(s.Default)
	}
	for _, e := range s.Enum {
		if e != nil && e.Tag != "!!null" {
			return nodeValue(e)
		}
	}
	if len(s.AllOf) > 0 {
		return vs.allOf(s, name, depth)
	}
	alt, required := alternatives(s)
	if alt != nil && typ != "object" {
		return vs.schema(alt, name, depth)
	}
	switch typ {
	case "object":
		m, err := vs.object(s, required, depth)
		if err != nil || alt == nil {
			return m, err
		}
		extra, err := vs.schema(alt, name, depth)
		merge(m, extra)
		return m, err
	case "array":
		return vs.array(s, name, depth)
	case "integer", "number":
		return vs.number(s, name, typ), nil
	case "boolean":
		return true, nil
	case "null":
		return nil, nil
	}
	return vs.text(s, name), nil
}

// schemaType is the schema's type, inferred from its keywords when unset.
func schemaType(s *base.Schema) string {
	for _, t := range s.Type {
		if t != "null" {
			return t
		}
	}
	switch {
	case s.Properties != nil && s.Properties.Len() > 0, s.AdditionalProperties != nil:
		return "object"
	case s.Items != nil:
		return "array"
	case len(s.Type) > 0:
		return "null"
	}
	return ""
}

// alternatives reads oneOf/anyOf. Branches that only require properties
// (anyOf: [{required: [subnet]}, {required: [source_values]}]) are a rule
// on the object's own properties: the first branch's names are returned to
// be filled in. Otherwise the first branch is the example's shape.
func alternatives(s *base.Schema) (*base.Schema, []string) {
	branches := s.OneOf
	if len(branches) == 0 {
		branches = s.AnyOf
	}
	if len(branches) == 0 {
		return nil, nil
	}
	first := schemaOf(branches[0])
	if first == nil {
		return nil, nil
	}
	if len(first.Type) == 0 && (first.Properties == nil || first.Properties.Len() == 0) && len(first.Required) > 0 {
		return nil, first.Required
	}
	return first, nil
}

func (vs *values) allOf(s *base.Schema, name string, depth int) (any, error) {
	var out map[string]any
	if s.Properties != nil && s.Properties.Len() > 0 {
		m, err := vs.object(s, nil, depth)
		if err != nil {
			return nil, err
		}
		out = m
	}
	for _, sp := range s.AllOf {
		sub := schemaOf(sp)
		if sub == nil {
			continue
		}
		v, err := vs.schema(sub, name, depth)
		if err != nil {
			return nil, err
		}
		m, ok := v.(map[string]any)
		if !ok {
			if out == nil {
				return v, nil // allOf of a scalar: its own example
			}
			continue
		}
		if out == nil {
			out = map[string]any{}
		}
		merge(out, m)
	}
	if out == nil {
		out = map[string]any{}
	}
	return out, nil
}

// object holds the required properties, those named by extra, and the
// optional ones the spec has examples for (at any depth below them): what
// a caller must send plus what the spec shows them sending. Optional
// filters without an example stay out, so a pasted list call lists.
func (vs *values) object(s *base.Schema, extra []string, depth int) (map[string]any, error) {
	m := map[string]any{}
	if s.Properties == nil {
		return m, nil
	}
	for name, sp := range s.Properties.FromOldest() {
		ps := schemaOf(sp)
		if ps == nil || isTrue(ps.ReadOnly) {
			continue
		}
		if !contains(s.Required, name) && !contains(extra, name) && !hasExamples(ps, 3) {
			continue
		}
		v, err := vs.schema(ps, name, depth+1)
		if err != nil {
			return nil, err
		}
		m[name] = v
	}
	return m, nil
}

// hasExamples reports whether s, or a property or item below it (depth
// levels down), has an example.
func hasExamples(s *base.Schema, depth int) bool {
	if s == nil {
		return false
	}
	if s.Example != nil || len(s.Examples) > 0 {
		return true
	}
	if depth == 0 {
		return false
	}
	if s.Properties != nil {
		for _, sp := range s.Properties.FromOldest() {
			if hasExamples(schemaOf(sp), depth-1) {
				return true
			}
		}
	}
	return s.Items != nil && s.Items.IsA() && hasExamples(schemaOf(s.Items.A), depth-1)
}

func (vs *values) array(s *base.Schema, name string, depth int) (any, error) {
	n := 1
	if s.MinItems != nil && *s.MinItems > 1 {
		n = int(min(*s.MinItems, 3))
	}
	item := &base.Schema{}
	if s.Items != nil && s.Items.IsA() {
		if is := schemaOf(s.Items.A); is != nil {
			item = is
		}
	}
	out := make([]any, 0, n)
	for i := range n {
		v, err := vs.schema(item, name, depth+1)
		if err != nil {
			return nil, err
		}
		if i > 0 { // minItems with uniqueItems: number the copies
			v = nth(v, i)
		}
		out = append(out, v)
	}
	return out, nil
}

func nth(v any, i int) any {
	switch v := v.(type) {
	case json.Number:
		if n, err := v.Int64(); err == nil {
			return json.Number(strconv.FormatInt(n+int64(i), 10))
		}
	case string:
		return v + strconv.Itoa(i+1)
	}
	return v
}

// The fixed moments of the samples' dates and times.
const (
	sampleDate     = "2026-01-15"
	sampleDateTime = "2026-01-15T09:30:00Z"
	sampleUnix     = 1768469400 // sampleDateTime in Unix seconds
)

// text is a string for a schema without an example.
func (vs *values) text(s *base.Schema, name string) string {
	v := byFormat(s.Format, name)
	if key := idKey(name); v == "" && key != "" {
		v = strconv.FormatInt(idNumber(key), 10)
	}
	if v == "" {
		v = byName(words(name))
	}
	if v == "" {
		v = "example"
	}
	if s.Pattern != "" {
		if re, err := regexp.Compile(s.Pattern); err == nil && !re.MatchString(v) {
			if p, ok := fromPattern(s.Pattern); ok {
				v = p
			}
		}
	}
	if s.MinLength != nil && int64(len(v)) < *s.MinLength {
		v += strings.Repeat("x", int(*s.MinLength)-len(v))
	}
	if s.MaxLength != nil && *s.MaxLength > 0 && int64(len(v)) > *s.MaxLength {
		v = v[:*s.MaxLength]
	}
	return v
}

func byFormat(format, name string) string {
	switch strings.ToLower(format) {
	case "ipv4":
		return "192.0.2.10"
	case "ipv6":
		return "2001:db8::10"
	case "email", "idn-email":
		return "user@example.com"
	case "hostname", "idn-hostname":
		return "www.example.com"
	case "uri", "url", "iri", "uri-reference", "iri-reference":
		return "https://www.example.com/"
	case "date":
		return sampleDate
	case "date-time":
		return sampleDateTime
	case "time":
		return "09:30:00"
	case "uuid":
		return uuidFor(idKey(name) + name)
	case "byte":
		return "ZXhhbXBsZQ==" // "example"
	case "password":
		return "Example-Passw0rd"
	}
	return ""
}

// nameHints maps words of a name to a value; the first word of the name
// that has one decides (so ip_address is an address, mail_domain a domain).
var nameHints = []struct {
	words []string
	value string
}{
	{[]string{"cidr", "subnet", "subnets", "network", "networks", "mask"}, "192.0.2.0/24"},
	{[]string{"ipv6"}, "2001:db8::10"},
	{[]string{"ip", "ips", "ipv4", "addr"}, "192.0.2.10"},
	{[]string{"email", "emails"}, "user@example.com"},
	{[]string{"url", "uri", "link", "webhook", "callback", "endpoint", "redirect"}, "https://www.example.com/"},
	{[]string{"hostname", "host", "fqdn", "vhost"}, "www.example.com"},
	{[]string{"nameserver", "ns"}, "ns1.example.com"},
	{[]string{"subdomain"}, "www"},
	{[]string{"domain", "domains", "zone", "site"}, "example.com"},
	{[]string{"phone", "tel", "mobile"}, "+15555550100"},
	{[]string{"port", "dport", "sport"}, "443"},
	{[]string{"database", "db"}, "example_db"},
	{[]string{"table"}, "example_table"},
	{[]string{"password", "pass", "passwd"}, "Example-Passw0rd"},
	{[]string{"login", "username", "user"}, "example_user"},
	{[]string{"datetime", "timestamp", "time", "at"}, sampleDateTime},
	{[]string{"date", "day", "since", "until"}, sampleDate},
	{[]string{"lang", "language", "locale"}, "en"},
	{[]string{"country"}, "US"},
	{[]string{"currency"}, "USD"},
	{[]string{"color", "colour"}, "#336699"},
	{[]string{"path", "dir", "directory", "folder"}, "/example"},
	{[]string{"file", "filename"}, "example.txt"},
	{[]string{"comment", "description", "note", "reason", "message", "text", "title"}, "Created with the API"},
	{[]string{"name", "label"}, "example"},
}

func byName(ws []string) string {
	// The last word says what the value is (server_ip is an address,
	// ip_comment a comment), unless it is generic (domain_name is a domain).
	for _, generic := range []bool{false, true} {
		for i := len(ws) - 1; i >= 0; i-- {
			if genericWords[ws[i]] != generic {
				continue
			}
			for _, h := range nameHints {
				if contains(h.words, ws[i]) {
					return h.value
				}
			}
		}
	}
	return ""
}

// genericWords say little about a value beside a word that says more.
var genericWords = map[string]bool{"name": true, "names": true, "value": true, "values": true, "list": true,
	"data": true, "new": true, "old": true, "main": true, "default": true, "custom": true, "label": true}

func (vs *values) number(s *base.Schema, name, typ string) json.Number {
	ws := words(name)
	var n float64
	switch last := lastWord(ws); {
	case idKey(name) != "":
		n = float64(idNumber(idKey(name)))
	case last == "port":
		n = 443
	case contains([]string{"page"}, last):
		n = 1
	case contains([]string{"limit", "size", "count", "perpage", "pagesize"}, last) || strings.HasSuffix(strings.ToLower(name), "per_page"):
		n = 10
	case contains([]string{"offset", "skip"}, last):
		n = 0
	case contains([]string{"ttl"}, last):
		n = 3600
	case contains([]string{"priority", "prio"}, last):
		n = 10
	case contains([]string{"year"}, last):
		n = 2026
	case contains([]string{"month"}, last):
		n = 1
	case contains([]string{"time", "timestamp", "at", "from", "to", "since", "until", "start", "end", "date"}, last):
		n = sampleUnix
		if strings.Contains(strings.ToLower(s.Description), "millisecond") || contains(ws, "ms") {
			n *= 1000
		}
	default:
		n = 1
	}
	if s.Minimum != nil && n < *s.Minimum {
		n = *s.Minimum
	}
	if s.Maximum != nil && n > *s.Maximum {
		n = *s.Maximum
	}
	if typ == "integer" || n == float64(int64(n)) {
		return json.Number(strconv.FormatInt(int64(n), 10))
	}
	return json.Number(strconv.FormatFloat(n, 'f', -1, 64))
}

// idKey is the key identifiers share across a vendor's spec: the name
// lower-cased without separators, a plural "ids" as "id"; "" when the name
// does not name an identifier.
func idKey(name string) string {
	ws := words(name)
	if len(ws) == 0 {
		return ""
	}
	last := ws[len(ws)-1]
	joined := strings.Join(ws, "")
	switch {
	case last == "id" || last == "uuid":
	case last == "ids":
		joined = strings.TrimSuffix(joined, "s")
	case len(ws) == 1 && len(last) > 4 && strings.HasSuffix(last, "id") && !notIDs[last]:
		// clientid, domainid: an identifier written as one word
	default:
		return ""
	}
	return joined
}

// notIDs are words ending in "id" that name no identifier.
var notIDs = map[string]bool{"valid": true, "invalid": true, "paid": true, "unpaid": true, "prepaid": true,
	"void": true, "avoid": true, "android": true, "grid": true, "hybrid": true, "rapid": true, "fluid": true, "liquid": true}

// idNumber is the identifier a sample uses for key when the spec has no
// example of it: the same in every operation of the vendor.
func idNumber(key string) int64 {
	h := fnv.New32a()
	h.Write([]byte(key))
	return 1000 + int64(h.Sum32()%9000)
}

// uuidFor is a fixed, well-formed UUID (version 4 layout) for a key.
func uuidFor(key string) string {
	h := fnv.New128a()
	h.Write([]byte(key))
	b := h.Sum(nil)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	const hex = "0123456789abcdef"
	var out []byte
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, hex[c>>4], hex[c&0xf])
	}
	return string(out)
}

// words splits a parameter or property name into lower-case words at
// separators, brackets and camel-case humps: filter[clientid][] is
// filter, clientid; domainId is domain, id; IPAddress is ip, address.
func words(name string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(name)
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		if unicode.IsUpper(r) && len(cur) > 0 {
			prevLower := unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1])
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if prevLower || (unicode.IsUpper(rs[i-1]) && nextLower) {
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return out
}

func lastWord(ws []string) string {
	if len(ws) == 0 {
		return ""
	}
	return ws[len(ws)-1]
}

// fits reports whether a collected identifier suits a schema type.
func fits(v any, typ string) bool {
	switch v.(type) {
	case json.Number:
		return typ == "integer" || typ == "number" || typ == "" || typ == "string"
	case string:
		return typ == "string" || typ == ""
	}
	return false
}

func isScalar(v any) bool {
	switch v.(type) {
	case json.Number, string:
		return true
	}
	return false
}

func merge(dst map[string]any, src any) {
	if m, ok := src.(map[string]any); ok {
		for k, v := range m {
			if _, set := dst[k]; !set {
				dst[k] = v
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// nodeValue decodes an example node into the form samples print: JSON
// types, numbers as json.Number.
func nodeValue(n *yaml.Node) (any, error) {
	var b bytes.Buffer
	if err := writeJSON(&b, n, ""); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(&b)
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}
