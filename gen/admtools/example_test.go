package admtools_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"maps"
	"slices"

	"github.com/apigen-dev/apigen/gen/admtools"
	"github.com/apigen-dev/apigen/internal/fakevendor"
)

// The account's domains, page after page. adm.tools documents no page size
// or total, so ListPages yields whole pages until an empty one.
func ExampleDNSService_ListPages() {
	api := fakevendor.Admtools(nil) // a stand-in for adm.tools
	defer api.Close()
	api.Push(
		fakevendor.Reply{Status: 200, Body: `{"result":true,"response":{"list":{"b.example":{"id":2},"a.example":{"id":"1"}}}}`},
		fakevendor.Reply{Status: 200, Body: `{"result":true,"response":{"list":{"c.example":{"id":3}}}}`},
		fakevendor.Reply{Status: 200, Body: `{"result":true,"response":{"list":{}}}`},
	)

	c, err := admtools.New(admtools.WithServer(api.URL), admtools.WithBearerToken(fakevendor.Token))
	if err != nil {
		log.Fatal(err)
	}
	for page, err := range c.DNS.ListPages(context.Background(), admtools.DNSListFormdataRequestBody{}) {
		if err != nil {
			log.Fatal(err)
		}
		for _, name := range slices.Sorted(maps.Keys(page.List)) {
			fmt.Println(name, page.List[name].Id)
		}
	}
	hour, _ := c.RateLimit().Window("hour")
	fmt.Println("requests left this hour:", hour.Remaining)
	// Output:
	// a.example 1
	// b.example 2
	// c.example 3
	// requests left this hour: 3597
}

// {"result": false} under HTTP 200 is a refusal: an *APIError with the
// panel's message.
func ExampleAPIError() {
	api := fakevendor.Admtools(nil)
	defer api.Close()
	api.Push(fakevendor.Reply{Status: 200, Body: `{"result":false,"messages":{"error":["Домен не знайдено"]}}`})

	c, _ := admtools.New(admtools.WithServer(api.URL), admtools.WithBearerToken(fakevendor.Token))
	_, err := c.DNS.RecordsList(context.Background(), admtools.DNSRecordsListFormdataRequestBody{DomainId: 42})
	var apiErr *admtools.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Message)
	}
	// Output: 200 Домен не знайдено
}

// Over the hourly limit the panel says "Pause N seconds"; a pause longer
// than the retry policy allows comes back at once as a *RateLimitError.
func ExampleRateLimitError() {
	api := fakevendor.Admtools(nil)
	defer api.Close()
	api.Push(fakevendor.AdmtoolsOverLimit(3000))

	c, _ := admtools.New(admtools.WithServer(api.URL), admtools.WithBearerToken(fakevendor.Token))
	_, err := c.Billing.BalanceGet(context.Background())
	var limited *admtools.RateLimitError
	if errors.As(err, &limited) {
		fmt.Println("over the limit; try again in", limited.Wait)
	}
	// Output: over the limit; try again in 50m0s
}

// domain/check answers "not available" with result: false, which is an
// answer here, not an error.
func ExampleDomainService_Check() {
	api := fakevendor.Admtools(nil)
	defer api.Close()
	api.Push(fakevendor.Reply{Status: 200, Body: `{"result":false,"messages":{"error":["Домен зайнятий"]}}`})

	c, _ := admtools.New(admtools.WithServer(api.URL), admtools.WithBearerToken(fakevendor.Token))
	check, err := c.Domain.Check(context.Background(), admtools.DomainCheckFormdataRequestBody{Domain: "example.com"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("available:", check.Result)
	// Output: available: false
}
