package gen_test

import (
	"context"
	"encoding/json"
	"net/url"
	"testing"

	"github.com/apigen-dev/apigen/gen/admtools"
	fake "github.com/apigen-dev/apigen/internal/fakevendor"
)

// The adm.tools answers the vendor facts describe come back typed; the
// panel's numbers may be text or numbers.
func TestAdmtoolsTypedAnswers(t *testing.T) {
	srv := fake.Admtools(t)
	srv.Push(
		fake.Reply{Status: 200, Body: `{"result":true,"response":{"host_id":"12","account_id":34,"virtual_domain_id":56}}`},
		fake.Reply{Status: 200, Body: `{"result":true,"response":{"balance":"120.50"}}`},
		fake.Reply{Status: 200, Body: `{"result":true,"response":{"balance":99.5}}`},
		fake.Reply{Status: 200, Body: `{"result":true,"response":{"list":[{"id":"7","type":"MX","record":"@","data":"mx.example.com","priority":10}]}}`},
		fake.Reply{Status: 200, Body: `{"result":true,"response":[{"id":1,"name":"example.com"},{"id":2,"login":"acc1","alias":"main"}]}`},
	)
	c, _ := admtools.New(admtools.WithServer(srv.URL), admtools.WithBearerToken(fake.Token))
	ctx := context.Background()

	ids, err := c.GetID(ctx, admtools.GetIDFormdataRequestBody{Type: "virtual_domain", Name: "example.com"})
	if err != nil {
		t.Fatal(err)
	}
	expect(t, "ids", ids, admtools.ObjectIDs{"host_id": "12", "account_id": "34", "virtual_domain_id": "56"})
	got := srv.Requests()[0]
	form, _ := url.ParseQuery(string(got.Body))
	expect(t, "get_id request", got.Path+" "+form.Encode(), "/get_id/ name=example.com&type=virtual_domain")

	for _, want := range []string{"120.50", "99.5"} {
		b, err := c.Billing.BalanceGet(ctx)
		if err != nil || b.Balance.String() != want {
			t.Errorf("balance %v, %v; want %s", b, err, want)
		}
	}
	records, err := c.DNS.RecordsList(ctx, admtools.DNSRecordsListFormdataRequestBody{DomainId: 42})
	if err != nil || len(records.List) != 1 || records.List[0].Type != "MX" || records.List[0].Id != "7" || *records.List[0].Priority != "10" {
		t.Errorf("records %+v, %v", records, err)
	}
	services, err := c.GetServices(ctx, admtools.GetServicesFormdataRequestBody{Type: admtools.GetServicesFormdataBodyTypeAccount})
	if err != nil || len(services) != 2 || *services[1].Login != "acc1" || services[0].Id != json.Number("1") {
		t.Errorf("services %+v, %v", services, err)
	}
}

// domain/check says "not available" with result: false; that is an
// answer, not an *APIError, while any other action's result: false still is.
func TestAdmtoolsDomainCheckFalseIsData(t *testing.T) {
	srv := fake.Admtools(t)
	srv.Push(
		fake.Reply{Status: 200, Body: `{"result":false,"messages":{"error":["Домен зайнятий"]}}`},
		fake.Reply{Status: 200, Body: `{"result":true,"response":{"price":"350.00","currency":"UAH"}}`},
		fake.Reply{Status: 200, Body: `{"result":false,"messages":{"error":["Домен не знайдено"]}}`},
	)
	c, _ := admtools.New(admtools.WithServer(srv.URL), admtools.WithBearerToken(fake.Token))
	ctx := context.Background()
	taken, err := c.Domain.Check(ctx, admtools.DomainCheckFormdataRequestBody{Domain: "example.com"})
	if err != nil || taken.Result || (*taken.Messages.Error)[0] != "Домен зайнятий" {
		t.Fatalf("taken: %+v, %v; want result false as data", taken, err)
	}
	free, err := c.Domain.Check(ctx, admtools.DomainCheckFormdataRequestBody{Domain: "free-name.example"})
	if err != nil || !free.Result || (*free.Response)["price"] != "350.00" {
		t.Errorf("available: %+v, %v", free, err)
	}
	_, err = c.DNS.RecordsList(ctx, admtools.DNSRecordsListFormdataRequestBody{DomainId: 1})
	if e := asAPIError(t, err); e.Message != "Домен не знайдено" {
		t.Errorf("elsewhere result:false stays an error: %+v", e)
	}
}

// mail/list answers a list: its iterator yields each mail domain.
func TestAdmtoolsMailAll(t *testing.T) {
	srv := fake.Admtools(t)
	srv.Push(
		fake.Reply{Status: 200, Body: `{"result":true,"response":[{"name":"a.example"},{"name":"b.example"}]}`},
		fake.Reply{Status: 200, Body: `{"result":true,"response":[]}`},
	)
	c, _ := admtools.New(admtools.WithServer(srv.URL), admtools.WithBearerToken(fake.Token))
	var names []any
	for d, err := range c.Mail.All(context.Background(), admtools.MailListFormdataRequestBody{}) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, d["name"])
	}
	expect(t, "mail domains", names, []any{"a.example", "b.example"})
}
