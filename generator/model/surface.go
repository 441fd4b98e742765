package model

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// The client's surface: operations grouped by tag into services
// (c.Domains), each a method with a natural name (List, not
// ListDomainsWithResponse), returning the payload of the answer, the
// vendor's envelope already taken off. Every name here is decided once,
// from the spec alone, so the emitters and samples agree on it.

// Service is the operations of one tag: a field of the generated Client
// and the type that holds their methods.
type Service struct {
	Tag   string // as the spec names it
	Field string // the Client's field: Domains
	Type  string // its type: DomainsService
	Doc   string // the tag's description, one line
}

// AnswerKind says what a successful call returns.
type AnswerKind int

const (
	AnswerNone  AnswerKind = iota // nothing but an error
	AnswerJSON                    // the decoded payload
	AnswerBytes                   // the body as it came (not JSON)
)

// Answer is what an operation's successful call returns.
type Answer struct {
	Kind   AnswerKind
	Status string // the 2xx response it is read from
	Media  string // its content type
	// Schema is the payload's schema, inside the envelope (AnswerJSON).
	Schema *openapi3.SchemaRef
	// Envelope is the payload's dot path in the body; "" when the body
	// is the payload.
	Envelope      string
	FailureIsData bool

	target jpath  // where Schema is
	parent jpath  // the object holding Schema as key, for the fix-up that names it
	key    string //
	shared string // the components.responses key the answer is read from, if any
}

// buildSurface groups the operations into services, names their methods
// and decides what each returns.
func (api *API) buildSurface() error {
	doc := api.Doc
	def, err := documentEnvelope(doc)
	if err != nil {
		return err
	}
	api.Envelope = def.Payload
	api.Services = services(doc, api.Operations)
	used := clientMembers(api)
	for i := range api.Operations {
		o := &api.Operations[i]
		if o.Service == "" && used[o.GoName] {
			o.Call = free(o.GoName, used)
		}
		item := doc.Paths.Value(o.Path)
		op := item.GetOperation(o.Method)
		if op == nil {
			continue
		}
		env, err := operationEnvelope(op, def)
		if err != nil {
			return fmt.Errorf("%s: %w", o.Target, err)
		}
		var warning string
		if o.Answer, warning = answer(o, op, env); warning != "" {
			api.Warnings = append(api.Warnings, warning)
		}
		ext, err := operationPaging(op)
		if err != nil {
			return fmt.Errorf("%s: %w", o.Target, err)
		}
		if ext != nil {
			if o.Paging, warning = paging(o, item, op, ext); warning != "" {
				api.Warnings = append(api.Warnings, warning)
			}
		}
	}
	api.nameIterators()
	return nil
}

// nameIterators names the iterator of every paging operation, after every
// method has its name, so an iterator never takes a method's.
func (api *API) nameIterators() {
	used := map[string]map[string]bool{"": clientMembers(api)}
	for _, o := range api.Operations {
		if used[o.Service] == nil {
			used[o.Service] = map[string]bool{}
		}
		used[o.Service][o.Call] = true
	}
	for i := range api.Operations {
		o := &api.Operations[i]
		if o.Paging != nil {
			o.Paging.Iterator = free(iteratorName(o.Call, o.Paging.Item == nil), used[o.Service])
		}
	}
}

// services makes one service per tag and names each operation's method:
// the operation's name without the words of its tag (ListDomains in
// "domains" is List) and without the group its operationId starts with
// (see groupPrefix), unless that leaves nothing or a name another
// operation of the service already took, in the stable operation order.
// A tag whose only operation is named like the tag (get_services) adds
// nothing a service would group: that operation goes on the Client.
func services(doc *openapi3.T, ops []Operation) []Service {
	byTag := map[string][]int{}
	for i, o := range ops {
		if o.Tag != "" {
			byTag[o.Tag] = append(byTag[o.Tag], i)
		}
	}
	docs, names := map[string]string{}, map[string]string{}
	for _, t := range doc.Tags {
		if t == nil {
			continue
		}
		docs[t.Name] = OneLine(t.Description)
		if n, ok := t.Extensions["x-apigen-name"].(string); ok && isExported(n) {
			names[t.Name] = n
		}
	}
	var out []Service
	fields := map[string]bool{}
	for _, tag := range slices.Sorted(maps.Keys(byTag)) {
		field := names[tag]
		if field == "" {
			field = Exported(tag)
		}
		members := byTag[tag]
		if len(members) == 1 && strip(ops[members[0]].GoName, field, Exported(tag)) == "" {
			continue // lands on the Client
		}
		field = free(field, fields)
		out = append(out, Service{Tag: tag, Field: field, Type: field + fixedNames().ServiceSuffix, Doc: docs[tag]})
		used := map[string]bool{}
		for _, i := range members {
			o := &ops[i]
			o.Service = field
			name := strip(o.GoName, field, Exported(tag))
			if g := groupPrefix(o.ID, tag); g != "" {
				if rest, ok := strings.CutPrefix(o.GoName, g); ok && startsWithLetter(rest) {
					if r := strip(rest, field, Exported(tag)); r != "" && startsWithLetter(r) {
						name = r
					}
				}
			}
			if name == "" || used[name] || !startsWithLetter(name) {
				name = o.GoName
			}
			o.Call = free(name, used)
		}
	}
	for i := range ops {
		if ops[i].Service == "" {
			ops[i].Call = ops[i].GoName
		}
	}
	return out
}

// groupPrefix is the Go form of the group an operationId starts with, in
// the Group_operation convention of AutoRest-made specs
// (LROs_put200Succeeded tagged "LRO Operations", StorageAccounts_List):
// the service already says the group, so its method leaves it out
// (Put200Succeeded). The group counts only when its first word is the
// tag's, singular or plural, so get_domain is not read as a group "get".
// "" when there is none.
func groupPrefix(id, tag string) string {
	g, _, ok := strings.Cut(id, "_")
	gw, tw := words(g), words(tag)
	if !ok || len(gw) == 0 || len(tw) == 0 || !strings.EqualFold(singular(gw[0]), singular(tw[0])) {
		return ""
	}
	return Exported(g)
}

// singular is a word without its plural ending: Domains → Domain, Policies
// → Policy, Addresses → Address; other words as they are.
func singular(w string) string {
	switch l := strings.ToLower(w); {
	case strings.HasSuffix(l, "ies") && len(l) > 3:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(l, "sses") || strings.HasSuffix(l, "xes") || strings.HasSuffix(l, "ches") || strings.HasSuffix(l, "shes"):
		return w[:len(w)-2]
	case strings.HasSuffix(l, "s") && !strings.HasSuffix(l, "ss") && len(l) > 1:
		return w[:len(w)-1]
	}
	return w
}

// clientMembers are the names taken on the Client: its services, its own
// methods and the untagged operations, which are renamed on a clash.
func clientMembers(api *API) map[string]bool {
	used := map[string]bool{api.Names.ClientDo: true, api.Names.ClientRateLimit: true}
	for _, s := range api.Services {
		used[s.Field] = true
	}
	return used
}

// free returns name, or name with the first free number after it, and
// marks it used.
func free(name string, used map[string]bool) string {
	out := name
	for n := 2; used[out]; n++ {
		out = fmt.Sprintf("%s%d", name, n)
	}
	used[out] = true
	return out
}

func startsWithLetter(s string) bool {
	return s != "" && s[0] >= 'A' && s[0] <= 'Z'
}

// strip removes the words of a service's name (as written, or singular)
// from the Go name of an operation, the first time they appear as whole
// words: GetDomain in Domains is Get, ListIPListGroups in IPLists is
// ListGroups. Each of names is tried in turn (the service's field and the
// tag's own spelling: MySQL, Mysql).
func strip(goName string, names ...string) string {
	words := camelWords(goName)
	for _, n := range names {
		for _, form := range wordForms(camelWords(n)) {
			for i := 0; i+len(form) <= len(words); i++ {
				if equalFold(words[i:i+len(form)], form) {
					return strings.Join(slices.Concat(words[:i], words[i+len(form):]), "")
				}
			}
		}
	}
	return goName
}

// wordForms is the service's words as written, then with the last word
// made singular (Domains → Domain, Policies → Policy, Addresses →
// Address).
func wordForms(words []string) [][]string {
	if len(words) == 0 {
		return nil
	}
	forms := [][]string{words}
	last := words[len(words)-1]
	if one := singular(last); one != last {
		forms = append(forms, append(slices.Clone(words[:len(words)-1]), one))
	}
	return forms
}

func equalFold(a, b []string) bool {
	for i := range a {
		if !strings.EqualFold(a[i], b[i]) {
			return false
		}
	}
	return true
}

// camelWords splits a Go name into its words, keeping initialisms whole:
// ListDomainDNSRecords → List Domain DNS Records.
func camelWords(s string) []string {
	var out []string
	start := 0
	r := []rune(s)
	for i := 1; i < len(r); i++ {
		lower := func(c rune) bool { return c >= 'a' && c <= 'z' }
		upper := func(c rune) bool { return c >= 'A' && c <= 'Z' }
		digit := func(c rune) bool { return c >= '0' && c <= '9' }
		if upper(r[i]) && (lower(r[i-1]) || digit(r[i-1])) ||
			upper(r[i]) && upper(r[i-1]) && i+1 < len(r) && lower(r[i+1]) {
			out = append(out, string(r[start:i]))
			start = i
		}
	}
	if start < len(r) {
		out = append(out, string(r[start:]))
	}
	return out
}
