// Package fetch is the only code in apigen that touches the network.
//
// For now it resolves the external $refs a config explicitly allows;
// `apigen fetch` (downloading vendors' live specs) will live here too.
package fetch

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// MaxRefBytes caps one referenced document.
const MaxRefBytes = 10 << 20

// RefHandler returns the function libopenapi calls to read a remote
// reference: it refuses any URL that does not start with an allowed prefix
// (so a hostile spec cannot make the generator dial 169.254.169.254 or an
// internal host), times out, and reads at most MaxRefBytes.
func RefHandler(allow []string) func(string) (*http.Response, error) {
	client := &http.Client{Timeout: 30 * time.Second}
	return func(url string) (*http.Response, error) {
		if !Allowed(url, allow) {
			return nil, fmt.Errorf("reference %q is not allowed by allow-refs", url)
		}
		resp, err := client.Get(url)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			resp.Body.Close()
			return nil, fmt.Errorf("reference %q: HTTP %d", url, resp.StatusCode)
		}
		resp.Body = struct {
			io.Reader
			io.Closer
		}{io.LimitReader(resp.Body, MaxRefBytes), resp.Body}
		return resp, nil
	}
}

// Allowed reports whether ref starts with one of the prefixes.
func Allowed(ref string, allow []string) bool {
	for _, p := range allow {
		if p != "" && strings.HasPrefix(ref, p) {
			return true
		}
	}
	return false
}
