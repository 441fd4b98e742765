package wallarm_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"

	"github.com/apigen-dev/apigen/gen/wallarm"
	"github.com/apigen-dev/apigen/internal/fakevendor"
)

// Every attack on a client: the limit and offset travel in the filter
// body, and a page shorter than the limit is the last.
func ExampleEventsService_AllAttacks() {
	api := fakevendor.Wallarm(nil) // a stand-in for us1.api.wallarm.com
	defer api.Close()
	api.Push(
		fakevendor.Reply{Status: 200, Body: `{"status":200,"body":[{"type":"sqli","domain":"shop.example"},{"type":"xss","domain":"shop.example"}]}`},
		fakevendor.Reply{Status: 200, Body: `{"status":200,"body":[{"type":"rce","domain":"api.example"}]}`},
	)

	c, err := wallarm.New(wallarm.WithServer(api.URL), wallarm.WithAPIToken(fakevendor.Token))
	if err != nil {
		log.Fatal(err)
	}
	query := wallarm.AttackQuery{Filter: wallarm.AttackFilter{Clientid: []int64{8}}, Limit: wallarm.Ptr(2)}
	for a, err := range c.Events.AllAttacks(context.Background(), query) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(*a.Type, *a.Domain)
	}
	// Output:
	// sqli shop.example
	// xss shop.example
	// rce api.example
}

// A refusal is an *APIError; Wallarm's {status, body} envelope gives the
// message.
func ExampleAPIError() {
	api := fakevendor.Wallarm(nil)
	defer api.Close()
	api.Push(fakevendor.Reply{Status: 400, Body: `{"status":400,"body":"Already exists"}`})

	c, _ := wallarm.New(wallarm.WithServer(api.URL), wallarm.WithAPIToken(fakevendor.Token))
	_, err := c.Applications.Create(context.Background(), wallarm.Application{Clientid: 8, Id: 3, Name: "shop"})
	var apiErr *wallarm.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Message)
	}
	// Output: 400 Already exists
}

// A 429 asking for a longer pause than the retry policy allows comes back
// at once as a *RateLimitError.
func ExampleRateLimitError() {
	api := fakevendor.Wallarm(nil)
	defer api.Close()
	api.Push(fakevendor.Reply{Status: 429, Header: http.Header{"Retry-After": {"600"}}, Body: `{"status":429,"body":"Too many requests"}`})

	c, _ := wallarm.New(wallarm.WithServer(api.URL), wallarm.WithAPIToken(fakevendor.Token))
	_, err := c.Users.GetCurrent(context.Background())
	var limited *wallarm.RateLimitError
	if errors.As(err, &limited) {
		fmt.Println("the API asks to wait", limited.Wait)
	}
	// Output: the API asks to wait 10m0s
}
