// Command admtools prints the account balance and what is left of the
// hourly request budget.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/apigen-dev/apigen/gen/admtools"
)

func main() {
	c, err := admtools.New(admtools.FromEnv()) // ADMTOOLS_API_TOKEN
	if err != nil {
		log.Fatal(err)
	}
	resp, err := c.BillingBalanceGetWithResponse(context.Background())
	var limited *admtools.RateLimitError
	var apiErr *admtools.APIError
	switch {
	case errors.As(err, &limited):
		log.Fatalf("over the rate limit: try again in %s", limited.Wait)
	case errors.As(err, &apiErr):
		log.Fatalf("adm.tools refused: HTTP %d: %s", apiErr.StatusCode, apiErr.Message)
	case err != nil:
		log.Fatal(err)
	}
	hour, _ := admtools.RateLimitOf(resp.HTTPResponse).Window("hour")
	fmt.Printf("balance: %v (requests left this hour: %d)\n", resp.JSON200.Response, hour.Remaining)
}
