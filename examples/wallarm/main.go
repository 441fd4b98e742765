// Command wallarm prints who the Wallarm token belongs to, in the EU cloud.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/apigen-dev/apigen/gen/wallarm"
)

func main() {
	// WALLARM_API_TOKEN, or WALLARM_API_UUID with WALLARM_API_SECRET.
	c, err := wallarm.New(wallarm.WithServer(wallarm.ServerEU), wallarm.FromEnv())
	if err != nil {
		log.Fatal(err)
	}
	user, err := c.Users.GetCurrent(context.Background())
	if apiErr := (*wallarm.APIError)(nil); errors.As(err, &apiErr) {
		log.Fatalf("Wallarm refused: HTTP %d: %s", apiErr.StatusCode, apiErr.Message)
	} else if err != nil {
		log.Fatal(err) // network trouble, or 423/429/5xx that outlasted the retries
	}
	fmt.Println(*user.Username, "client", *user.Clientid)
}
