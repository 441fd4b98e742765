package model

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestCamelWords(t *testing.T) {
	for in, want := range map[string][]string{
		"ListDomainDNSRecords": {"List", "Domain", "DNS", "Records"},
		"GetSSLCertificate":    {"Get", "SSL", "Certificate"},
		"ListAttacksV2":        {"List", "Attacks", "V2"},
		"IPLists":              {"IP", "Lists"},
		"List":                 {"List"},
	} {
		if got := camelWords(in); !reflect.DeepEqual(got, want) {
			t.Errorf("camelWords(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStripServiceWords(t *testing.T) {
	for _, tc := range []struct{ op, want string }{
		{"ListDomains", "List"},                    // plural
		{"GetDomain", "Get"},                       // singular
		{"ListDomainDNSRecords", "ListDNSRecords"}, // in the middle
		{"AssignProtectedIps", "AssignProtectedIps"},
		{"ListDomainsV2", "ListV2"},
		{"Domains", ""}, // nothing left: the caller keeps the full name
	} {
		if got := strip(tc.op, "Domains"); got != tc.want {
			t.Errorf("strip(%q, Domains) = %q, want %q", tc.op, got, tc.want)
		}
	}
	if got := strip("ListIPListGroups", "IPLists", "Iplists"); got != "ListGroups" {
		t.Errorf("a multi-word service: %q", got)
	}
	if got := strip("MysqlAccessPage", "MySQL", "Mysql"); got != "AccessPage" {
		t.Errorf("the tag's own spelling: %q", got)
	}
	if got := strip("ListPolicies", "Policies"); got != "List" || strip("GetPolicy", "Policies") != "Get" {
		t.Errorf("ies plural: %q", got)
	}
}

const surfaceSpec = `openapi: 3.0.3
info: {title: t, version: "1"}
x-apigen-envelope: {payload: data}
tags:
  - {name: domains, description: Domains.}
  - {name: ip-lists, x-apigen-name: IPLists}
paths:
  /domains:
    get:
      operationId: listDomains
      tags: [domains]
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {data: {type: array, items: {$ref: "#/components/schemas/Domain"}}}}}}}
    post:
      operationId: createDomain
      tags: [domains]
      responses:
        default: {description: "no 2xx declared, so this is the answer", content: {application/json: {schema: {type: object, properties: {data: {$ref: "#/components/schemas/Domain"}}}}}}
  /domains/expired:
    get:
      operationId: Domains_listExpired
      tags: [domains]
      responses:
        "204": {description: none}
  /domains/{id}/status:
    get:
      operationId: get_domain_status
      tags: [domains]
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        "204": {description: none}
  /domains/{id}:
    get:
      operationId: getDomain
      tags: [domains]
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {data: {$ref: "#/components/schemas/Domain"}}}}}}
    delete:
      operationId: deleteDomain
      tags: [domains]
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        "204": {description: gone}
        default: {description: "an error, beside a 2xx", content: {application/json: {schema: {type: object, properties: {data: {type: string}}}}}}
  /ip-lists:
    get:
      operationId: listIPListGroups
      tags: [ip-lists]
      x-apigen-envelope: {none: true}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {groups: {type: array, items: {type: string}}}}}}}
  /status:
    get:
      operationId: status
      tags: [status]
      responses:
        "200": {description: ok, content: {text/plain: {schema: {type: string}}}}
  /do:
    post:
      operationId: do
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {nope: {type: string}}}}}}
components:
  schemas:
    Domain: {type: object, properties: {id: {type: integer}}}
`

// The surface: services by tag (named by x-apigen-name where set), method
// names without the service's words or an AutoRest group prefix naming the
// tag (Domains_listExpired; not get_domain_status's "get"), a lone operation named like its tag
// on the client, a Client member name taken by an operation renamed, and
// the answer of each operation read through the envelope (from default
// when no 2xx response is declared).
func TestSurface(t *testing.T) {
	api, err := Build(Input{Name: "t", Package: "t", SpecPath: "spec.yaml", Spec: []byte(surfaceSpec)})
	if err != nil {
		t.Fatal(err)
	}
	var services []string
	for _, s := range api.Services {
		services = append(services, s.Field+"="+s.Type)
	}
	if want := []string{"Domains=DomainsService", "IPLists=IPListsService"}; !reflect.DeepEqual(services, want) {
		t.Errorf("services %v, want %v", services, want)
	}
	got := map[string]string{}
	for _, o := range api.Operations {
		got[o.GoName] = o.Service + "." + o.Call
	}
	want := map[string]string{
		"ListDomains": "Domains.List", "GetDomain": "Domains.Get", "DeleteDomain": "Domains.Delete", "CreateDomain": "Domains.Create",
		"DomainsListExpired": "Domains.ListExpired", "GetDomainStatus": "Domains.GetStatus",
		"ListIPListGroups": "IPLists.ListGroups", "Status": ".Status", "Do": ".Do2",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("calls %v, want %v", got, want)
	}
	answers := map[string]string{}
	for _, o := range api.Operations {
		a := o.Answer
		ref := ""
		if a.Schema != nil {
			ref = a.Schema.Ref
		}
		answers[o.GoName] = strings.Join([]string{[]string{"none", "json", "bytes"}[a.Kind], a.Envelope, ref}, " ")
	}
	wantAnswers := map[string]string{
		"ListDomains": "json data ", "GetDomain": "json data #/components/schemas/Domain", "DeleteDomain": "none  ",
		"CreateDomain": "json data #/components/schemas/Domain", "DomainsListExpired": "none  ", "GetDomainStatus": "none  ",
		"ListIPListGroups": "json  ", "Status": "bytes  ", "Do": "json  ",
	}
	if !reflect.DeepEqual(answers, wantAnswers) {
		t.Errorf("answers %v, want %v", answers, wantAnswers)
	}
	// The envelope the operation says it has is missing: a warning, and
	// the whole body is the answer.
	if len(api.Warnings) != 1 || !strings.Contains(api.Warnings[0], "POST /do: x-apigen-envelope: the 200 response has no data") {
		t.Errorf("warnings %q", api.Warnings)
	}
	// ListIPListGroups answers an inline object: it is named.
	for _, o := range api.Operations {
		if o.GoName == "ListIPListGroups" && o.Answer.Schema.Value.Extensions["x-go-type-name"] != "ListIPListGroupsResult" {
			t.Errorf("inline answer named %v", o.Answer.Schema.Value.Extensions["x-go-type-name"])
		}
	}
}

// TestEnvelopeExtensionErrors: the model's own guards. Unknown keys and
// values of the wrong type are found earlier, at their line, by
// generator/ext (TestCheckMistakes there).
func TestEnvelopeExtensionErrors(t *testing.T) {
	for ext, want := range map[string]string{
		"x-apigen-envelope: {none: true}":    "on the document only payload is allowed",
		"x-apigen-envelope: {payload: a..b}": "keys separated by single dots",
	} {
		spec := strings.Replace(surfaceSpec, "x-apigen-envelope: {payload: data}", ext, 1)
		if _, err := Build(Input{Name: "t", Package: "t", SpecPath: "spec.yaml", Spec: []byte(spec)}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", ext, err, want)
		}
	}
	spec := strings.Replace(surfaceSpec, "x-apigen-envelope: {none: true}", "x-apigen-envelope: {none: true, payload: x}", 1)
	if _, err := Build(Input{Name: "t", Package: "t", SpecPath: "spec.yaml", Spec: []byte(spec)}); err == nil || !strings.Contains(err.Error(), "$.paths['/ip-lists'].get: x-apigen-envelope: payload and none exclude each other") {
		t.Errorf("operation-level: got %v", err)
	}
}

const pagingSpec = `openapi: 3.0.3
info: {title: t, version: "1"}
x-apigen-envelope: {payload: data}
paths:
  /items:
    get:
      operationId: listItems
      tags: [items]
      x-apigen-pagination: {style: offset, offset: offset, limit: limit, items: results, total: total}
      parameters:
        - {name: offset, in: query, schema: {type: integer}}
        - {name: limit, in: query, schema: {type: integer, default: 25}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {data: {type: object, properties: {total: {type: integer}, results: {type: array, items: {type: object, properties: {id: {type: integer}}}}}}}}}}}
    post:
      operationId: searchItems
      tags: [items]
      x-apigen-pagination: {style: cursor, cursor: cursor, next: next}
      requestBody: {content: {application/json: {schema: {type: object, properties: {cursor: {type: string}, q: {type: string}}}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {data: {type: array, items: {$ref: "#/components/schemas/Item"}}}}}}}
  /pages:
    post:
      operationId: listPages
      tags: [items]
      x-apigen-pagination: {style: page, page: page}
      requestBody: {content: {application/x-www-form-urlencoded: {schema: {type: object, properties: {page: {type: integer}}}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {data: {}}}}}}
  /broken:
    get:
      operationId: listBroken
      tags: [items]
      x-apigen-pagination: {style: offset, offset: skip}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {data: {type: array, items: {type: string}}}}}}}
components:
  schemas:
    Item: {type: object, properties: {id: {type: integer}}}
`

// x-apigen-pagination resolved against each operation: where the position
// travels, the page size's default, the items (named when inline), the
// iterator's name; a parameter the operation lacks is a warning and no
// iterator.
func TestPaging(t *testing.T) {
	api, err := Build(Input{Name: "t", Package: "t", SpecPath: "spec.yaml", Spec: []byte(pagingSpec)})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, o := range api.Operations {
		p := o.Paging
		if p == nil {
			got[o.GoName] = "none"
			continue
		}
		item := "pages"
		if p.Item != nil {
			item = p.Item.Ref
			if n, ok := p.Item.Value.Extensions["x-go-type-name"].(string); ok {
				item = n
			}
		}
		got[o.GoName] = strings.Join([]string{p.Iterator, p.Style, p.In, p.Position, p.Size, p.Items, p.Total, fmt.Sprint(p.PageSize), item}, " ")
	}
	want := map[string]string{
		"ListItems":   "All offset query offset limit results total 25 ListItemsItem",
		"SearchItems": "SearchAll cursor json cursor    0 #/components/schemas/Item",
		"ListPages":   "ListPagesPages page form page    0 pages",
		"ListBroken":  "none",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("paging\n got %q\nwant %q", got, want)
	}
	if len(api.Warnings) != 1 || !strings.Contains(api.Warnings[0], "GET /broken: x-apigen-pagination: the operation has no query parameter or body field skip; no iterator") {
		t.Errorf("warnings %q", api.Warnings)
	}
	for ext, want := range map[string]string{
		"{style: offset, offset: offset, limit: limit, items: results, total: total, page: p}": "style offset takes",
		"{style: pages, page: page}":           `style "pages": want offset, page or cursor`,
		"{style: cursor, cursor: c}":           "style cursor takes cursor and next",
		"{style: offset, offset: o, start: 2}": "start is the first page number",
	} {
		spec := strings.Replace(pagingSpec, "{style: offset, offset: offset, limit: limit, items: results, total: total}", ext, 1)
		if _, err := Build(Input{Name: "t", Package: "t", SpecPath: "spec.yaml", Spec: []byte(spec)}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", ext, err, want)
		}
	}
}

// An AutoRest group (Group_operation) counts only when it names the tag.
func TestGroupPrefix(t *testing.T) {
	for _, c := range []struct{ id, tag, want string }{
		{"LROs_put200Succeeded", "LRO Operations", "LROs"},
		{"header_paramBool", "Header Operations", "Header"},
		{"queries_arrayStringMultiNull", "Query Operations", "Queries"},
		{"StorageAccounts_List", "StorageAccounts", "StorageAccounts"},
		{"LROSADs_put200InvalidJson", "LRO Operations", ""},
		{"get_domain_status", "domains", ""},
		{"listDomains", "domains", ""},
		{"_x", "x", ""},
	} {
		if got := groupPrefix(c.id, c.tag); got != c.want {
			t.Errorf("groupPrefix(%q, %q) = %q, want %q", c.id, c.tag, got, c.want)
		}
	}
	// In a service, the group goes and the service's words with it.
	api, err := Build(Input{Name: "t", Package: "t", SpecPath: "spec.yaml", Spec: []byte(`openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a: {get: {operationId: LROs_put200Succeeded, tags: [LRO Operations], responses: {"204": {description: ok}}}}
  /b: {get: {operationId: LROSADs_put200InvalidJson, tags: [LRO Operations], responses: {"204": {description: ok}}}}
`)})
	if err != nil {
		t.Fatal(err)
	}
	var calls []string
	for _, o := range api.Operations {
		calls = append(calls, o.Service+"."+o.Call)
	}
	if want := []string{"LROOperations.Put200Succeeded", "LROOperations.LROSADsPut200InvalidJson"}; !reflect.DeepEqual(calls, want) {
		t.Errorf("calls %q, want %q", calls, want)
	}
}
