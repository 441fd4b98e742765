// Command stormwall lists the domains StormWall protects.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/apigen-dev/apigen/gen/stormwall"
)

func main() {
	c, err := stormwall.New(stormwall.FromEnv()) // STORMWALL_API_TOKEN
	if err != nil {
		log.Fatal(err)
	}
	page, err := c.Domains.List(context.Background(), nil)
	if apiErr := (*stormwall.APIError)(nil); errors.As(err, &apiErr) {
		log.Fatalf("StormWall refused: HTTP %d %s: %s", apiErr.StatusCode, apiErr.Code, apiErr.Message)
	} else if err != nil {
		log.Fatal(err) // network trouble, or 503s that outlasted the retries
	}
	for _, d := range page.Results {
		fmt.Println(d.Id, d.Domain)
	}
}
