package gen_test

import (
	"context"
	"encoding/json"
	"net/url"
	"testing"
	"time"

	"github.com/apigen-dev/apigen/gen/admtools"
	"github.com/apigen-dev/apigen/gen/stormwall"
	"github.com/apigen-dev/apigen/gen/wallarm"
	fake "github.com/apigen-dev/apigen/internal/fakevendor"
)

// The iterators the paging overlays declare, against the fakes: every
// item of every page, lazily, with the caller's parameters kept.

func TestStormwallDomainsAll(t *testing.T) {
	srv := fake.Stormwall(t)
	srv.Push(
		fake.Reply{Status: 200, Body: `{"status":"ok","payload":{"total":3,"limit":2,"offset":0,"results":[{"id":1,"domain":"a.example"},{"id":2,"domain":"b.example"}]}}`},
		fake.Reply{Status: 200, Body: `{"status":"ok","payload":{"total":3,"limit":2,"offset":2,"results":[{"id":3,"domain":"c.example"}]}}`},
	)
	c, _ := stormwall.New(stormwall.WithServer(srv.URL), stormwall.WithAPIToken(fake.Token))
	var names []string
	for d, err := range c.Domains.All(context.Background(), &stormwall.ListDomainsParams{ServiceId: stormwall.Ptr(int64(1021)), Limit: stormwall.Ptr(2)}) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, d.Domain)
	}
	expect(t, "domains", names, []string{"a.example", "b.example", "c.example"})
	reqs := srv.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests; the total (3) ends the loop after the second page", len(reqs))
	}
	expect(t, "first query", reqs[0].Query, url.Values{"serviceId": {"1021"}, "limit": {"2"}})
	expect(t, "second query", reqs[1].Query, url.Values{"serviceId": {"1021"}, "limit": {"2"}, "offset": {"2"}})
}

// Wallarm's POST lists page inside the filter body; a short page is the
// last (no total).
func TestWallarmAttacksAllInTheBody(t *testing.T) {
	srv := fake.Wallarm(t)
	srv.Push(
		fake.Reply{Status: 200, Body: `{"status":200,"body":[{"clientid":8,"type":"sqli"},{"clientid":8,"type":"xss"}]}`},
		fake.Reply{Status: 200, Body: `{"status":200,"body":[{"clientid":8,"type":"rce"}]}`},
	)
	c, _ := wallarm.New(wallarm.WithServer(srv.URL), wallarm.WithAPIToken(fake.Token))
	q := wallarm.AttackQuery{Filter: wallarm.AttackFilter{Clientid: []int64{8}}, Limit: wallarm.Ptr(2)}
	var kinds []string
	for a, err := range c.Events.AllAttacks(context.Background(), q) {
		if err != nil {
			t.Fatal(err)
		}
		kinds = append(kinds, *a.Type)
	}
	expect(t, "attacks", kinds, []string{"sqli", "xss", "rce"})
	reqs := srv.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests; a short page is the last", len(reqs))
	}
	expect(t, "second body", jsonBody(t, reqs[1].Body), map[string]any{"filter": map[string]any{"clientid": []any{float64(8)}}, "limit": float64(2), "offset": float64(2)})
}

func TestWallarmCursorAll(t *testing.T) {
	srv := fake.Wallarm(t)
	srv.Push(
		fake.Reply{Status: 200, Body: `{"status":200,"body":{"objects":[{"type":"sqli"}],"cursor":"abc"}}`},
		fake.Reply{Status: 200, Body: `{"status":200,"body":{"objects":[{"type":"xss"}],"cursor":""}}`},
	)
	c, _ := wallarm.New(wallarm.WithServer(srv.URL), wallarm.WithAPIToken(fake.Token))
	n := 0
	for _, err := range c.Events.AllAttacksV2(context.Background(), wallarm.AttackCursorQuery{Paging: true, Filter: wallarm.AttackFilter{Clientid: []int64{8}}}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	reqs := srv.Requests()
	if n != 2 || len(reqs) != 2 || jsonBody(t, reqs[1].Body)["cursor"] != "abc" {
		t.Errorf("%d attacks over %d requests; second body %s", n, len(reqs), reqs[len(reqs)-1].Body)
	}
}

// adm.tools documents no page size or total: the iterator yields pages
// until an empty one, and an hourly-limit pause in between is waited out
// like for any call.
func TestAdmtoolsPages(t *testing.T) {
	srv := fake.Admtools(t)
	srv.Push(
		fake.Reply{Status: 200, Body: `{"result":true,"response":{"list":{"a.example":{"id":1}}}}`},
		fake.AdmtoolsOverLimit(2),
		fake.Reply{Status: 200, Body: `{"result":true,"response":{"list":{"b.example":{"id":2}}}}`},
		fake.Reply{Status: 200, Body: `{"result":true,"response":{"list":{}}}`},
	)
	var clk clock
	c, _ := admtools.New(admtools.WithServer(srv.URL), admtools.WithBearerToken(fake.Token), admtools.WithRetry(clk.policy()))
	var pages []string
	for page, err := range c.DNS.ListPages(context.Background(), admtools.DNSListFormdataRequestBody{}) {
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(page)
		pages = append(pages, string(b))
	}
	if len(pages) != 2 || len(srv.Requests()) != 4 || len(clk.waits) != 1 || clk.waits[0] != 2*time.Second {
		t.Fatalf("pages %q over %d requests, waits %v; want 2 pages, 4 requests (one retried after the 2 s pause)", pages, len(srv.Requests()), clk.waits)
	}
	form, _ := url.ParseQuery(string(srv.Requests()[3].Body))
	expect(t, "last page asked", form.Get("page"), "3")
}
