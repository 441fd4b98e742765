package samples

import (
	"encoding/json"
	"net"
	"net/mail"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/apigen-dev/apigen/generator/load"
)

const valuesSpec = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /domains/{domainId}:
    post:
      parameters:
        - {name: domainId, in: path, required: true, schema: {type: integer}}
        - {name: serviceId, in: query, required: true, schema: {type: integer}}
        - {name: search, in: query, schema: {type: string}}
        - {name: order, in: query, schema: {type: string}, example: name}
        - {name: domain_name, in: query, required: true, schema: {type: string}}
        - {name: server_ip, in: query, required: true, schema: {type: string}}
        - {name: contact, in: query, required: true, schema: {type: string, format: email}}
        - {name: created_at, in: query, required: true, schema: {type: string}}
        - {name: since, in: query, required: true, schema: {type: string, format: date}}
        - {name: code, in: query, required: true, schema: {type: string, pattern: '^[A-Z]{2}-[0-9]{3}$'}}
        - {name: page, in: query, required: true, schema: {type: integer, minimum: 1}}
        - {name: mode, in: query, required: true, schema: {type: string, enum: [fast, slow]}}
        - {name: v6, in: query, required: true, schema: {type: string, format: ipv6}}
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Rule"}
      responses: {"200": {description: ok}}
  /services/{serviceId}/list:
    get:
      parameters:
        - {name: serviceId, in: path, required: true, schema: {type: integer}}
        - {name: domain_id, in: query, required: true, schema: {type: string}}
      responses: {"200": {description: ok}}
components:
  schemas:
    Service:
      type: object
      properties:
        id: {type: integer, example: 1021}
    Domain:
      type: object
      properties:
        domainId: {type: integer, example: 4512}
    Rule:
      type: object
      required: [list]
      properties:
        list: {type: string, enum: [block, allow]}
        reason: {type: string, example: scanner}
        comment: {type: string}
        filter:
          type: object
          properties:
            clientid: {type: array, items: {type: integer}, example: [8]}
            status: {type: string}
        subnet: {type: string}
        source_values: {type: array, items: {type: string}}
      anyOf:
        - required: [subnet]
        - required: [source_values]
`

// TestValues: examples first, identifiers shared through the spec's
// examples, then values from the format, the name and the pattern, and
// bodies with what is required plus what the spec has examples for.
func TestValues(t *testing.T) {
	doc, err := load.Parse("values.yaml", []byte(valuesSpec))
	if err != nil {
		t.Fatal(err)
	}
	m, err := doc.BuildV3Model()
	if m == nil {
		t.Fatal(err)
	}
	vs := newValues(&m.Model)
	item, _ := m.Model.Paths.PathItems.Get("/domains/{domainId}")
	got := map[string]any{}
	for _, p := range item.Post.Parameters {
		v, err := vs.param(p)
		if err != nil {
			t.Fatal(err)
		}
		got[p.Name] = v
	}
	for name, want := range map[string]any{
		"domainId": json.Number("4512"), "serviceId": json.Number("1021"), "order": "name",
		"domain_name": "example.com", "contact": "user@example.com", "page": json.Number("1"),
		"mode": "fast", "created_at": sampleDateTime, "since": sampleDate,
	} {
		if got[name] != want {
			t.Errorf("%s = %#v, want %#v", name, got[name], want)
		}
	}
	if ip := net.ParseIP(got["server_ip"].(string)); ip == nil || !ip.IsPrivate() && !documentation(ip) {
		t.Errorf("server_ip = %v, want an address from a documentation range", got["server_ip"])
	}
	if ip := net.ParseIP(got["v6"].(string)); ip == nil || !documentation(ip) {
		t.Errorf("v6 = %v, want 2001:db8::/32", got["v6"])
	}
	if _, err := mail.ParseAddress(got["contact"].(string)); err != nil {
		t.Error(err)
	}
	if _, err := time.Parse(time.RFC3339, got["created_at"].(string)); err != nil {
		t.Error(err)
	}
	if !regexp.MustCompile(`^[A-Z]{2}-[0-9]{3}$`).MatchString(got["code"].(string)) {
		t.Errorf("code = %q does not match its pattern", got["code"])
	}
	list, _ := m.Model.Paths.PathItems.Get("/services/{serviceId}/list")
	if v, _ := vs.param(list.Get.Parameters[1]); v != "4512" {
		t.Errorf("domain_id as a string = %#v, want the shared id as text", v)
	}
	body, err := vs.media(item.Post.RequestBody.Content.GetOrZero("application/json"))
	if err != nil {
		t.Fatal(err)
	}
	b := body.(map[string]any)
	var keys []string
	for k := range b {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	// list: required; reason: an example; filter: an example below it;
	// subnet: the first anyOf branch requires it. comment and
	// source_values have neither.
	if want := []string{"filter", "list", "reason", "subnet"}; !slices.Equal(keys, want) {
		t.Errorf("body keys %v, want %v", keys, want)
	}
	if f := b["filter"].(map[string]any); len(f) != 1 || f["clientid"] == nil {
		t.Errorf("filter = %v, want only the clientid the spec shows", f)
	}
	if b["subnet"] != "192.0.2.0/24" {
		t.Errorf("subnet = %v", b["subnet"])
	}
	if _, ok := got["search"]; !ok {
		t.Log("search is optional without an example: newRequest leaves it out")
	}
}

func documentation(ip net.IP) bool {
	for _, cidr := range []string{"192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32"} {
		_, n, _ := net.ParseCIDR(cidr)
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

func TestWordsAndIDs(t *testing.T) {
	for name, want := range map[string][]string{
		"filter[clientid][]": {"filter", "clientid"}, "domainId": {"domain", "id"}, "IPAddress": {"ip", "address"},
		"mail_box_ids": {"mail", "box", "ids"}, "X-RateLimit-Hour": {"x", "rate", "limit", "hour"},
	} {
		if got := words(name); !slices.Equal(got, want) {
			t.Errorf("words(%q) = %v, want %v", name, got, want)
		}
	}
	for name, want := range map[string]string{
		"domainId": "domainid", "domain_id": "domainid", "clientid": "clientid", "mail_box_ids": "mailboxid",
		"id": "id", "valid": "", "name": "", "uuid": "uuid", "paid": "",
	} {
		if got := idKey(name); got != want {
			t.Errorf("idKey(%q) = %q, want %q", name, got, want)
		}
	}
	if idNumber("domainid") != idNumber("domainid") || idNumber("domainid") == idNumber("hostid") {
		t.Error("idNumber must be stable per key and differ between keys")
	}
}

func TestFromPattern(t *testing.T) {
	for _, p := range []string{`^[a-z0-9-]{3,16}$`, `^\d{8}$`, `^(ru|ua|en)$`, `^[A-Z]+_[0-9]?x$`, `^\S+@\S+$`} {
		s, ok := fromPattern(p)
		if !ok || !regexp.MustCompile(p).MatchString(s) {
			t.Errorf("fromPattern(%s) = %q, %v", p, s, ok)
		}
	}
}

// TestValuesCycleWithoutNesting: a cycle through allOf and oneOf (which do
// not nest the value, so depth does not grow) is cut where it comes back,
// instead of recursing until the stack overflows (brex-team in the wide
// corpus: a fatal error no recover can catch).
func TestValuesCycleWithoutNesting(t *testing.T) {
	const spec = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/A"}
      responses: {"204": {description: ok}}
components:
  schemas:
    A:
      allOf: [{$ref: "#/components/schemas/B"}]
    B:
      oneOf: [{$ref: "#/components/schemas/A"}, {type: object, properties: {name: {type: string}}}]
`
	doc, err := load.Parse("cycle.yaml", []byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	m, err := doc.BuildV3Model()
	if m == nil {
		t.Fatal(err)
	}
	item, _ := m.Model.Paths.PathItems.Get("/a")
	mt, _ := item.Post.RequestBody.Content.Get("application/json")
	if _, err := newValues(&m.Model).media(mt); err != nil {
		t.Fatal(err)
	}
}
