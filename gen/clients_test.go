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
	c, err := admtools.NewClientWithResponses(srv.URL + "/action")
	if err != nil {
		t.Fatal(err)
	}
	prio := 10
	resp, err := c.DNSRecordAddWithFormdataBodyWithResponse(context.Background(), admtools.DNSRecordAddFormdataRequestBody{
		DomainId: 42, Type: admtools.DNSRecordAddFormdataBodyTypeMX, Record: ptr("@"), Data: ptr("mx.example.com"), Priority: &prio,
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
	if resp.StatusCode() != 200 || resp.JSON200 == nil || !resp.JSON200.Result {
		t.Fatalf("decoded %+v", resp.JSON200)
	}
	expect(t, "payload", resp.JSON200.Response, map[string]any{"id": float64(7)})
}

func TestAdmtoolsGet(t *testing.T) {
	srv := newFake(t, 200, `{"result":true,"response":{"list":[]}}`)
	c, err := admtools.NewClientWithResponses(srv.URL + "/action")
	if err != nil {
		t.Fatal(err)
	}
	page := 2
	resp, err := c.BillingGetInvoicesWithResponse(context.Background(), &admtools.BillingGetInvoicesParams{Page: &page})
	if err != nil {
		t.Fatal(err)
	}
	got := srv.only(t)
	expect(t, "method", got.Method, http.MethodGet)
	expect(t, "path", got.Path, "/action/billing/get_invoices/")
	expect(t, "query", got.Query, url.Values{"page": {"2"}})
	expect(t, "body", len(got.Body), 0)
	if resp.JSON200 == nil || !resp.JSON200.Result {
		t.Fatalf("decoded %+v", resp.JSON200)
	}
}

func ptr[T any](v T) *T { return &v }

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
	c, err := stormwall.NewClientWithResponses(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.GetLegacyDomainStatsWithResponse(context.Background(), 1,
		&stormwall.GetLegacyDomainStatsParams{DomainId: []int64{3, 6}})
	if err != nil {
		t.Fatal(err)
	}
	got := srv.only(t)
	expect(t, "method", got.Method, http.MethodGet)
	expect(t, "path", got.Path, "/user/service/1/domain/stats")
	// The guide's list convention: repeated keys, in order, not a comma list.
	expect(t, "query", got.Query, url.Values{"domain_id": {"3", "6"}})
	if resp.JSON200 == nil || (*resp.JSON200)["6"] == nil {
		t.Fatalf("decoded %+v", resp.JSON200)
	}
}

func TestStormwallLegacyDomainPath(t *testing.T) {
	srv := newFake(t, 200, `{"domain_id":2,"domain_name":"example.com"}`)
	c, err := stormwall.NewClientWithResponses(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.GetLegacyDomainWithResponse(context.Background(), 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	expect(t, "path", srv.only(t).Path, "/user/service/1/domain/2")
	if resp.JSON200 == nil || resp.JSON200.DomainName == nil || *resp.JSON200.DomainName != "example.com" {
		t.Fatalf("decoded %+v", resp.JSON200)
	}
}

func TestStormwallJSONWrite(t *testing.T) {
	srv := newFake(t, 200, `{"status":"ok","payload":{}}`)
	c, err := stormwall.NewClientWithResponses(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	body := stormwall.AddBackendRequest{Backend: stormwall.Backend{
		Ip: "203.0.113.10", Port: 443, Type: ptr(stormwall.BackendTypeBalance),
		Status: ptr(stormwall.BackendStatusEnabled), UseSsl: ptr(true), Weight: ptr(1),
	}}
	body.Domain.Port = 443
	resp, err := c.AddBackendWithResponse(context.Background(), 4512, &stormwall.AddBackendParams{ServiceId: 1021}, body)
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
	if resp.JSON200 == nil || resp.JSON200.Status != stormwall.OkStatusOk {
		t.Fatalf("decoded %+v", resp.JSON200)
	}
}

func TestStormwallDecodesPage(t *testing.T) {
	srv := newFake(t, 200, `{"status":"ok","payload":{"total":1,"limit":10,"offset":0,
		"results":[{"id":4512,"domain":"example.com","enabled":true}]}}`)
	c, err := stormwall.New(stormwall.WithServer(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.ListDomainsWithResponse(context.Background(), &stormwall.ListDomainsParams{Search: ptr("example"), Limit: ptr(10)})
	if err != nil {
		t.Fatal(err)
	}
	expect(t, "query", srv.only(t).Query, url.Values{"search": {"example"}, "limit": {"10"}})
	if resp.JSON200 == nil || len(resp.JSON200.Payload.Results) != 1 || resp.JSON200.Payload.Results[0].Domain != "example.com" {
		t.Fatalf("decoded %+v", resp.JSON200)
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
	us, err := wallarm.New(wallarm.WithDoer(hc))
	if err != nil {
		t.Fatal(err)
	}
	euURL, ok := wallarm.ServerURL("eu")
	if !ok || euURL != wallarm.ServerEU {
		t.Fatalf("ServerURL(eu) = %q, %v", euURL, ok)
	}
	eu, err := wallarm.New(wallarm.WithServer(euURL), wallarm.WithDoer(hc))
	if err != nil {
		t.Fatal(err)
	}
	params := &wallarm.ListNodesParams{FilterClientid: &[]int64{8, 9}, FilterNotType: ptr("fast_node")}
	for _, c := range []*wallarm.ClientWithResponses{us, eu} {
		resp, err := c.ListNodesWithResponse(context.Background(), params)
		if err != nil {
			t.Fatal(err)
		}
		if resp.JSON200 == nil || len(resp.JSON200.Body) != 1 || *resp.JSON200.Body[0].Hostname != "node-1" {
			t.Fatalf("decoded %+v", resp.JSON200)
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
	c, err := wallarm.NewClientWithResponses(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	q := wallarm.AttackQuery{Filter: wallarm.AttackFilter{
		Clientid: []int64{8}, NotType: &[]string{"xss"}, Time: &[]wallarm.TimeRange{{ptr(int64(1700000000)), nil}},
	}, Limit: ptr(50), OrderDesc: ptr(true)}
	resp, err := c.ListAttacksWithResponse(context.Background(), q)
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
	if resp.JSON200 == nil || len(resp.JSON200.Body) != 1 || *resp.JSON200.Body[0].Hits != 3 {
		t.Fatalf("decoded %+v", resp.JSON200)
	}
}
