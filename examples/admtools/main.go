// Command admtools prints the account balance, then the account's domains
// page after page, and what is left of the hourly request budget.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"maps"
	"slices"

	"github.com/apigen-dev/apigen/gen/admtools"
)

func main() {
	ctx := context.Background()
	c, err := admtools.New(admtools.FromEnv()) // ADMTOOLS_API_TOKEN
	if err != nil {
		log.Fatal(err)
	}
	balance, err := c.Billing.BalanceGet(ctx) // *admtools.Balance, envelope already unwrapped
	if err != nil {
		fail(err)
	}
	fmt.Println("balance:", balance.Balance)
	for page, err := range c.DNS.ListPages(ctx, admtools.DNSListFormdataRequestBody{}) {
		if err != nil {
			fail(err) // *APIError, *RateLimitError, transport errors
		}
		for _, name := range slices.Sorted(maps.Keys(page.List)) {
			fmt.Println(name, page.List[name].Id)
		}
	}
	hour, _ := c.RateLimit().Window("hour")
	fmt.Println("requests left this hour:", hour.Remaining)
}

func fail(err error) {
	var limited *admtools.RateLimitError
	var apiErr *admtools.APIError
	switch {
	case errors.As(err, &limited):
		log.Fatalf("over the rate limit: try again in %s", limited.Wait)
	case errors.As(err, &apiErr):
		log.Fatalf("adm.tools refused: HTTP %d: %s", apiErr.StatusCode, apiErr.Message)
	}
	log.Fatal(err)
}
