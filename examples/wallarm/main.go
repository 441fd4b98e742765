// Command wallarm prints who the Wallarm token belongs to, in the EU cloud,
// and every attack on that client, page after page.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/apigen-dev/apigen/gen/wallarm"
)

func main() {
	ctx := context.Background()
	// WALLARM_API_TOKEN, or WALLARM_API_UUID with WALLARM_API_SECRET.
	c, err := wallarm.New(wallarm.WithServer(wallarm.ServerEU), wallarm.FromEnv())
	if err != nil {
		log.Fatal(err)
	}
	user, err := c.Users.GetCurrent(ctx) // *wallarm.User, envelope already unwrapped
	if err != nil {
		fail(err)
	}
	fmt.Println(*user.Username, "client", *user.Clientid)
	query := wallarm.AttackQuery{Filter: wallarm.AttackFilter{Clientid: []int64{*user.Clientid}}}
	for a, err := range c.Events.AllAttacks(ctx, query) {
		if err != nil {
			fail(err) // *APIError, *RateLimitError, transport errors
		}
		fmt.Println(*a.Type, *a.Domain)
	}
}

func fail(err error) {
	if apiErr := (*wallarm.APIError)(nil); errors.As(err, &apiErr) {
		log.Fatalf("Wallarm refused: HTTP %d: %s", apiErr.StatusCode, apiErr.Message)
	}
	log.Fatal(err) // network trouble, or 423/429/5xx that outlasted the retries
}
