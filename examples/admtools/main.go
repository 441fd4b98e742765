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
	balance, err := c.Billing.BalanceGet(context.Background())
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
	hour, _ := c.RateLimit().Window("hour")
	fmt.Printf("balance: %s (requests left this hour: %d)\n", balance, hour.Remaining)
}
