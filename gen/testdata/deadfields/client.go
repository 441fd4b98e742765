// Package deadfields is written the way oapi-codegen's response layer and
// a careless result type look, for TestNoDeadResponseFields to find: the
// parsed-response struct every operation had before apigen's own surface,
// whose JSON429, JSONDefault and Headers200 the runtime never filled, and a
// result type with a field JSON decoding never fills.
package deadfields

import (
	"context"
	"net/http"
)

type Domain struct {
	Id *int64 `json:"id,omitempty"`
}

type Error struct {
	Message string `json:"message"`
}

type GetDomainResponse struct {
	Body         []byte
	HTTPResponse *http.Response
	JSON200      *Domain
	JSON429      *Error
	JSONDefault  *Error
	Headers200   http.Header
}

type Stats struct {
	Count   int `json:"count"`
	Fetched bool
}

type Client struct{}

func (c *Client) GetDomainWithResponse(ctx context.Context, id int64) (*GetDomainResponse, error) {
	return nil, nil
}

func (c *Client) Stats(ctx context.Context) (*Stats, error) {
	return nil, nil
}
