package stormwall_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"

	"github.com/apigen-dev/apigen/gen/stormwall"
	"github.com/apigen-dev/apigen/internal/fakevendor"
)

// Every domain of a service, page after page: All fetches a page only when
// the loop gets to it and stops after the last one (here, when the total
// the answer gives is reached).
func ExampleDomainsService_All() {
	api := fakevendor.Stormwall(nil) // a stand-in for api.stormwall.pro
	defer api.Close()
	api.Push(
		fakevendor.Reply{Status: 200, Body: `{"status":"ok","payload":{"total":3,"limit":2,"offset":0,"results":[{"id":1,"domain":"a.example"},{"id":2,"domain":"b.example"}]}}`},
		fakevendor.Reply{Status: 200, Body: `{"status":"ok","payload":{"total":3,"limit":2,"offset":2,"results":[{"id":3,"domain":"c.example"}]}}`},
	)

	c, err := stormwall.New(stormwall.WithServer(api.URL), stormwall.WithAPIToken(fakevendor.Token))
	if err != nil {
		log.Fatal(err)
	}
	params := &stormwall.ListDomainsParams{ServiceId: stormwall.Ptr(int64(1021)), Limit: stormwall.Ptr(2)}
	for d, err := range c.Domains.All(context.Background(), params) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(d.Id, d.Domain)
	}
	// Output:
	// 1 a.example
	// 2 b.example
	// 3 c.example
}

// A refusal is an *APIError carrying the vendor's machine code and message,
// taken out of its {status, payload} envelope.
func ExampleAPIError() {
	api := fakevendor.Stormwall(nil)
	defer api.Close()
	api.Push(fakevendor.Reply{Status: 404, Body: `{"status":"error","payload":{"statusCode":404,"code":"DOMAIN_NOT_FOUND","message":"Domain not found"}}`})

	c, _ := stormwall.New(stormwall.WithServer(api.URL), stormwall.WithAPIToken(fakevendor.Token))
	_, err := c.Domains.Get(context.Background(), 42)
	var apiErr *stormwall.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Code, apiErr.Message)
	}
	// Output: 404 DOMAIN_NOT_FOUND Domain not found
}

// A pause longer than the retry policy allows is not slept through: the
// call returns a *RateLimitError at once, saying how long the API asked
// to wait.
func ExampleRateLimitError() {
	api := fakevendor.Stormwall(nil)
	defer api.Close()
	api.Push(fakevendor.Reply{Status: 503, Header: http.Header{"Retry-After": {"3600"}}, Body: `{"statusCode":503,"message":"Request limit exceeded"}`})

	c, _ := stormwall.New(stormwall.WithServer(api.URL), stormwall.WithAPIToken(fakevendor.Token))
	_, err := c.Services.List(context.Background(), nil)
	var limited *stormwall.RateLimitError
	if errors.As(err, &limited) {
		fmt.Println("the API asks to wait", limited.Wait)
	}
	// Output: the API asks to wait 1h0m0s
}
