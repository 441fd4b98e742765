// Command stormwall lists the domains a StormWall service protects, page
// after page, then shows one of them.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/apigen-dev/apigen/gen/stormwall"
)

func main() {
	ctx := context.Background()
	c, err := stormwall.New(stormwall.FromEnv()) // STORMWALL_API_TOKEN
	if err != nil {
		log.Fatal(err)
	}
	for d, err := range c.Domains.All(ctx, &stormwall.ListDomainsParams{ServiceId: stormwall.Ptr(int64(1021))}) {
		if err != nil {
			fail(err) // *APIError, *RateLimitError, transport errors
		}
		fmt.Println(d.Id, d.Domain)
	}
	dom, err := c.Domains.Get(ctx, 4512) // *stormwall.Domain, envelope already unwrapped
	if err != nil {
		fail(err)
	}
	fmt.Println(dom.Domain, "enabled:", *dom.Enabled)
}

func fail(err error) {
	if apiErr := (*stormwall.APIError)(nil); errors.As(err, &apiErr) {
		log.Fatalf("StormWall refused: HTTP %d %s: %s", apiErr.StatusCode, apiErr.Code, apiErr.Message)
	}
	log.Fatal(err) // network trouble, or 503s that outlasted the retries
}
