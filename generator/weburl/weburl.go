// Package weburl is the one check of a web address apigen is given: a
// vendor's source, a server in the config or the spec, a URL to fetch.
// It is a leaf, so the config, the model and fetch all use it.
package weburl

import (
	"fmt"
	"net/url"
)

// Check parses raw and requires an absolute http or https URL with a host.
func Check(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("%q: want an absolute http(s) URL", raw)
	}
	return u, nil
}
