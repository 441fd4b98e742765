package gen_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"sync"
	"testing"

	"github.com/apigen-dev/apigen/gen/admtools"
	"github.com/apigen-dev/apigen/gen/stormwall"
	"github.com/apigen-dev/apigen/gen/wallarm"
)

// Round trips: each generated client talks to an httptest server that records
// what arrived (method, path, query, headers, body) and answers with the
// vendor's success envelope; the test checks both directions.

type exchange struct {
	Method, Path string
	Query        url.Values
	Header       http.Header
	Body         []byte
}

type fakeServer struct {
	*httptest.Server
	mu   sync.Mutex
	seen []exchange
}

// newFake answers every request with status and body (JSON) and records it.
func newFake(t *testing.T, status int, body string) *fakeServer {
	t.Helper()
	f := &fakeServer{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.seen = append(f.seen, exchange{r.Method, r.URL.Path, r.URL.Query(), r.Header.Clone(), b})
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(f.Close)
	return f
}

// only returns the single request the server saw.
func (f *fakeServer) only(t *testing.T) exchange {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.seen) != 1 {
		t.Fatalf("server saw %d requests, want 1", len(f.seen))
	}
	return f.seen[0]
}

func expect(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %#v, want %#v", what, got, want)
	}
}

func TestAdmtoolsFormPost(t *testing.T) {
	srv := newFake(t, 200, `{"result":true,"response":{"id":7}}`)
	c, err := admtools.New(admtools.WithServer(srv.URL + "/action"))
	if err != nil {
		t.Fatal(err)
	}
	got7, err := c.DNS.RecordAdd(context.Background(), admtools.DNSRecordAddFormdataRequestBody{
		DomainId: 42, Type: admtools.DNSRecordAddFormdataBodyTypeMX, Record: admtools.Ptr("@"), Data: admtools.Ptr("mx.example.com"), Priority: admtools.Ptr(10),
	})
	if err != nil {
		t.Fatal(err)
	}
	got := srv.only(t)
	expect(t, "method", got.Method, http.MethodPost)
	expect(t, "path", got.Path, "/action/dns/record_add/")
	expect(t, "content type", got.Header.Get("Content-Type"), "application/x-www-form-urlencoded")
	form, err := url.ParseQuery(string(got.Body))
	if err != nil {
		t.Fatal(err)
	}
	expect(t, "form", form, url.Values{"domain_id": {"42"}, "type": {"MX"}, "record": {"@"}, "data": {"mx.example.com"}, "priority": {"10"}})
	// The envelope is off: what comes back is the response member.
	expect(t, "payload", string(got7), `{"id":7}`)
}

func TestAdmtoolsGet(t *testing.T) {
	srv := newFake(t, 200, `{"result":true,"response":{"list":[]}}`)
	c, err := admtools.New(admtools.WithServer(srv.URL + "/action"))
	if err != nil {
		t.Fatal(err)
	}
	invoices, err := c.Billing.GetInvoices(context.Background(), &admtools.BillingGetInvoicesParams{Page: admtools.Ptr(2)})
	if err != nil {
		t.Fatal(err)
	}
	got := srv.only(t)
	expect(t, "method", got.Method, http.MethodGet)
	expect(t, "path", got.Path, "/action/billing/get_invoices/")
	expect(t, "query", got.Query, url.Values{"page": {"2"}})
	expect(t, "body", len(got.Body), 0)
	expect(t, "payload", string(invoices), `{"list":[]}`)
}

// jsonBody decodes a request body for comparison with what the caller sent.
func jsonBody(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("request body is not JSON: %v: %s", err, b)
	}
	return v
}

func TestStormwallPathIDsAndRepeatedKeys(t *testing.T) {
	srv := newFake(t, 200, `{"3":{"requests":10},"6":{"requests":4}}`)
	c, err := stormwall.New(stormwall.WithServer(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	stats, err := c.Legacy.GetDomainStats(context.Background(), 1,
		&stormwall.GetLegacyDomainStatsParams{DomainId: []int64{3, 6}})
	if err != nil {
		t.Fatal(err)
	}
	got := srv.only(t)
	expect(t, "method", got.Method, http.MethodGet)
	expect(t, "path", got.Path, "/user/service/1/domain/stats")
	// The guide's list convention: repeated keys, in order, not a comma list.
	expect(t, "query", got.Query, url.Values{"domain_id": {"3", "6"}})
	// A legacy v1 call: no envelope, the body is the answer.
	if stats["6"] == nil {
		t.Fatalf("decoded %+v", stats)
	}
}

func TestStormwallLegacyDomainPath(t *testing.T) {
	srv := newFake(t, 200, `{"domain_id":2,"domain_name":"example.com"}`)
	c, err := stormwall.New(stormwall.WithServer(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	dom, err := c.Legacy.GetDomain(context.Background(), 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	expect(t, "path", srv.only(t).Path, "/user/service/1/domain/2")
	if dom.DomainName == nil || *dom.DomainName != "example.com" {
		t.Fatalf("decoded %+v", dom)
	}
}

func TestStormwallJSONWrite(t *testing.T) {
	srv := newFake(t, 200, `{"status":"ok","payload":{"queued":true}}`)
	c, err := stormwall.New(stormwall.WithServer(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	body := stormwall.AddBackendRequest{Backend: stormwall.Backend{
		Ip: "203.0.113.10", Port: 443, Type: stormwall.Ptr(stormwall.BackendTypeBalance),
		Status: stormwall.Ptr(stormwall.BackendStatusEnabled), UseSsl: stormwall.Ptr(true), Weight: stormwall.Ptr(1),
	}}
	body.Domain.Port = 443
	payload, err := c.Backends.Add(context.Background(), 4512, &stormwall.AddBackendParams{ServiceId: 1021}, body)
	if err != nil {
		t.Fatal(err)
	}
	got := srv.only(t)
	expect(t, "method", got.Method, http.MethodPost)
	expect(t, "path", got.Path, "/v3/domains/4512/backends")
	expect(t, "query", got.Query, url.Values{"serviceId": {"1021"}})
	expect(t, "content type", got.Header.Get("Content-Type"), "application/json")
	expect(t, "body", jsonBody(t, got.Body), map[string]any{
		"backend": map[string]any{"ip": "203.0.113.10", "port": float64(443), "type": "balance",
			"status": "enabled", "useSsl": true, "weight": float64(1)},
		"domain": map[string]any{"port": float64(443)},
	})
	expect(t, "payload", payload, map[string]any{"queued": true})
}

func TestStormwallDecodesPage(t *testing.T) {
	srv := newFake(t, 200, `{"status":"ok","payload":{"total":1,"limit":10,"offset":0,
		"results":[{"id":4512,"domain":"example.com","enabled":true}]}}`)
	c, err := stormwall.New(stormwall.WithServer(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	page, err := c.Domains.List(context.Background(), &stormwall.ListDomainsParams{Search: stormwall.Ptr("example"), Limit: stormwall.Ptr(10)})
	if err != nil {
		t.Fatal(err)
	}
	expect(t, "query", srv.only(t).Query, url.Values{"search": {"example"}, "limit": {"10"}})
	if len(page.Results) != 1 || page.Results[0].Domain != "example.com" || page.Total != 1 {
		t.Fatalf("decoded %+v", page)
	}
}

// rerouter records the host a client chose and sends the request to the
// local test server instead, so server selection is observable offline.
type rerouter struct {
	to    *url.URL
	mu    sync.Mutex
	hosts []string
}

func (r *rerouter) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.hosts = append(r.hosts, req.URL.Scheme+"://"+req.URL.Host)
	r.mu.Unlock()
	req = req.Clone(req.Context())
	req.URL.Scheme, req.URL.Host = r.to.Scheme, r.to.Host
	return http.DefaultTransport.RoundTrip(req)
}

func TestWallarmServerSelection(t *testing.T) {
	srv := newFake(t, 200, `{"status":200,"body":[{"id":1,"hostname":"node-1","type":"cloud_node"}]}`)
	to, _ := url.Parse(srv.URL)
	rr := &rerouter{to: to}
	hc := &http.Client{Transport: rr}
	us, err := wallarm.New(wallarm.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	euURL, ok := wallarm.ServerURL("eu")
	if !ok || euURL != wallarm.ServerEU {
		t.Fatalf("ServerURL(eu) = %q, %v", euURL, ok)
	}
	eu, err := wallarm.New(wallarm.WithServer(euURL), wallarm.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	params := &wallarm.ListNodesParams{FilterClientid: &[]int64{8, 9}, FilterNotType: wallarm.Ptr("fast_node")}
	for _, c := range []*wallarm.Client{us, eu} {
		nodes, err := c.Nodes.List(context.Background(), params)
		if err != nil {
			t.Fatal(err)
		}
		if len(nodes) != 1 || *nodes[0].Hostname != "node-1" {
			t.Fatalf("decoded %+v", nodes)
		}
	}
	expect(t, "hosts", rr.hosts, []string{"https://us1.api.wallarm.com", "https://api.wallarm.com"})
	for _, ex := range srv.seen {
		expect(t, "path", ex.Path, "/v2/node")
		expect(t, "query", ex.Query, url.Values{"filter[clientid][]": {"8", "9"}, "filter[!type]": {"fast_node"}})
	}
}

func TestWallarmFilterBody(t *testing.T) {
	srv := newFake(t, 200, `{"status":200,"body":[{"clientid":8,"type":"sqli","hits":3}]}`)
	c, err := wallarm.New(wallarm.WithServer(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	q := wallarm.AttackQuery{Filter: wallarm.AttackFilter{
		Clientid: []int64{8}, NotType: &[]string{"xss"}, Time: &[]wallarm.TimeRange{{wallarm.Ptr(int64(1700000000)), nil}},
	}, Limit: wallarm.Ptr(50), OrderDesc: wallarm.Ptr(true)}
	attacks, err := c.Events.ListAttacks(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	got := srv.only(t)
	expect(t, "path", got.Path, "/v1/objects/attack")
	expect(t, "body", jsonBody(t, got.Body), map[string]any{
		"filter": map[string]any{"clientid": []any{float64(8)}, "!type": []any{"xss"},
			"time": []any{[]any{float64(1700000000), nil}}},
		"limit": float64(50), "order_desc": true,
	})
	if len(attacks) != 1 || *attacks[0].Hits != 3 {
		t.Fatalf("decoded %+v", attacks)
	}
}
