package fetch

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/apigen-dev/apigen/generator/weburl"
)

// Options bound a download. The zero value means the defaults.
type Options struct {
	Client       *http.Client  // nil: a new client (tests pass one that trusts their TLS server)
	Timeout      time.Duration // whole download, discovery included; default 60 s
	MaxBytes     int64         // default 50 MB
	AllowHTTP    bool          // plain http:// (local tests); https only by default
	MaxRedirects int           // default 5
	// CAFile names a PEM file of certificates trusted beside the system's,
	// for a console behind a private certificate authority.
	CAFile string
	// Progress, when set, wraps each response body so the caller can show
	// how much arrived; total is -1 when the server does not say.
	Progress func(url string, total int64, body io.Reader) io.Reader
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = 60 * time.Second
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = 50 << 20
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = 5
	}
	return o
}

// Validators are what a conditional request sends back: the spec URL they
// belong to and its ETag / Last-Modified.
type Validators struct {
	URL, ETag, LastModified string
}

// Download is a fetched spec.
type Download struct {
	URL         string // the spec's own URL (after Swagger UI discovery)
	Body        []byte // nil when NotModified
	NotModified bool
	Validators  Validators
}

// Spec downloads the spec at source: a spec URL, or a Swagger UI page whose
// configuration names the spec. prev makes the request conditional.
func Spec(ctx context.Context, source string, prev Validators, opts Options) (*Download, error) {
	opts = opts.withDefaults()
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	client, err := opts.client()
	if err != nil {
		return nil, err
	}
	specURL := source
	body, resp, err := get(ctx, client, source, prev, opts)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusNotModified && looksHTML(resp, body) {
		if specURL, err = discover(ctx, client, source, body, opts); err != nil {
			return nil, err
		}
		if body, resp, err = get(ctx, client, specURL, prev, opts); err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusNotModified && looksHTML(resp, body) {
			return nil, fmt.Errorf("%s: got an HTML page, not a spec", specURL)
		}
	}
	d := &Download{URL: specURL, Body: body, NotModified: resp.StatusCode == http.StatusNotModified,
		Validators: Validators{URL: specURL, ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}}
	if d.NotModified {
		d.Body, d.Validators = nil, prev
	}
	return d, nil
}

func (o Options) client() (*http.Client, error) {
	c := &http.Client{}
	if o.Client != nil {
		cc := *o.Client
		c = &cc
	}
	if o.CAFile != "" {
		pool, err := certPool(o.CAFile)
		if err != nil {
			return nil, err
		}
		base, ok := c.Transport.(*http.Transport)
		if !ok || base == nil {
			base = http.DefaultTransport.(*http.Transport)
		}
		t := base.Clone()
		if t.TLSClientConfig == nil {
			t.TLSClientConfig = &tls.Config{}
		}
		t.TLSClientConfig.RootCAs = pool
		c.Transport = t
	}
	max := o.MaxRedirects
	allowHTTP := o.AllowHTTP
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > max {
			return fmt.Errorf("more than %d redirects", max)
		}
		if req.URL.Scheme != "https" && !allowHTTP {
			return fmt.Errorf("redirect to %s: not https", req.URL.Redacted())
		}
		return nil
	}
	return c, nil
}

// certPool is the system's trusted certificates plus those in file.
func certPool(file string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("--ca-cert: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("--ca-cert %s: no PEM certificate in it", file)
	}
	return pool, nil
}

// get fetches one URL with the conditional headers that belong to it.
func get(ctx context.Context, c *http.Client, raw string, prev Validators, o Options) ([]byte, *http.Response, error) {
	if u, err := weburl.Check(raw); err != nil || u.Scheme == "http" && !o.AllowHTTP {
		return nil, nil, fmt.Errorf("%s: want an https URL (plain http only with --allow-http)", raw)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Accept", "application/json, application/yaml;q=0.9, text/yaml;q=0.9, */*;q=0.5")
	if prev.URL == raw {
		if prev.ETag != "" {
			req.Header.Set("If-None-Match", prev.ETag)
		}
		if prev.LastModified != "" {
			req.Header.Set("If-Modified-Since", prev.LastModified)
		}
	}
	resp, err := c.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, nil, fmt.Errorf("%s: timed out after %s", raw, o.Timeout)
		}
		var ue *url.Error // it repeats the method and URL we already name
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, nil, fmt.Errorf("%s: %w", raw, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified {
		return nil, resp, nil
	}
	if resp.StatusCode != http.StatusOK {
		return nil, nil, fmt.Errorf("%s: HTTP %d", raw, resp.StatusCode)
	}
	var r io.Reader = resp.Body
	if o.Progress != nil {
		r = o.Progress(raw, resp.ContentLength, r)
	}
	body, err := io.ReadAll(io.LimitReader(r, o.MaxBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: download cut short: %w", raw, err)
	}
	if int64(len(body)) > o.MaxBytes {
		return nil, nil, fmt.Errorf("%s: larger than the %d-byte limit", raw, o.MaxBytes)
	}
	return body, resp, nil
}

func looksHTML(resp *http.Response, body []byte) bool {
	if strings.Contains(resp.Header.Get("Content-Type"), "html") {
		return true
	}
	b := bytes.TrimSpace(body)
	return bytes.HasPrefix(bytes.ToLower(b[:min(len(b), 15)]), []byte("<!doctype html")) || bytes.HasPrefix(b, []byte("<html"))
}

var (
	// A spec URL in Swagger UI configuration: url: "..." inline or in
	// urls: [{url: ...}], and "url": "..." in a swagger-config JSON.
	specURLRe   = regexp.MustCompile(`(?:^|[\s,{\[])["']?url["']?\s*:\s*["']([^"']+)["']`)
	initializer = regexp.MustCompile(`<script[^>]+src=["']([^"']*swagger-initializer\.js[^"']*)["']`)
	configURLRe = regexp.MustCompile(`configUrl["']?\s*:\s*["']([^"']+)["']`)
	// urls: [...] and its entries {url, name}, in either order.
	urlsRe    = regexp.MustCompile(`["']?urls["']?\s*:\s*\[([^\]]*)\]`)
	entryRe   = regexp.MustCompile(`\{[^{}]*\}`)
	nameRe    = regexp.MustCompile(`["']?name["']?\s*:\s*["']([^"']*)["']`)
	primaryRe = regexp.MustCompile(`["']urls\.primaryName["']\s*:\s*["']([^"']*)["']`)
)

// discover finds the spec URL a Swagger UI page loads: from its inline
// configuration or its swagger-initializer.js, either of which may name the
// spec directly or a swagger-config JSON that does.
func discover(ctx context.Context, c *http.Client, page string, html []byte, o Options) (string, error) {
	texts := [][]byte{html}
	if m := initializer.FindSubmatch(html); m != nil {
		if u, ok := resolve(page, string(m[1])); ok {
			js, _, err := get(ctx, c, u, Validators{}, o)
			if err != nil {
				return "", err
			}
			texts = append(texts, js)
		}
	}
	primary := primaryOf(page)
	for _, text := range texts {
		if u, ok := specURL(page, text, primary); ok {
			return u, nil
		}
		if m := configURLRe.FindSubmatch(text); m != nil {
			cfgURL, ok := resolve(page, string(m[1]))
			if !ok {
				continue
			}
			cfg, _, err := get(ctx, c, cfgURL, Validators{}, o)
			if err != nil {
				return "", err
			}
			if u, ok := specURL(cfgURL, cfg, primary); ok {
				return u, nil
			}
		}
	}
	return "", fmt.Errorf("%s: a web page that names no spec (looked for a Swagger UI url, urls, configUrl and swagger-initializer.js); if it is documentation, set source-kind: docs", page)
}

// primaryOf is the urls.primaryName a Swagger UI page's own address
// selects (?urls.primaryName=v2), as Swagger UI itself reads it.
func primaryOf(page string) string {
	u, err := url.Parse(page)
	if err != nil {
		return ""
	}
	return u.Query().Get("urls.primaryName")
}

// SpecURL finds the spec URL in Swagger UI configuration text, resolved
// against base: with a urls list, the entry urls.primaryName names (else
// the first, as Swagger UI shows); otherwise url. Only an absolute http(s)
// URL counts: a page is third-party text, and a javascript: or file:
// "spec" must never be followed.
func SpecURL(base string, text []byte) (string, bool) {
	return specURL(base, text, primaryOf(base))
}

func specURL(base string, text []byte, primary string) (string, bool) {
	if m := primaryRe.FindSubmatch(text); m != nil && primary == "" {
		primary = string(m[1])
	}
	if m := urlsRe.FindSubmatch(text); m != nil {
		var first string
		for _, entry := range entryRe.FindAll(m[1], -1) {
			u := specURLRe.FindSubmatch(entry)
			if u == nil {
				continue
			}
			abs, ok := resolve(base, string(u[1]))
			if !ok {
				continue
			}
			if n := nameRe.FindSubmatch(entry); primary != "" && n != nil && string(n[1]) == primary {
				return abs, true
			}
			if first == "" {
				first = abs
			}
		}
		if first != "" {
			return first, true
		}
	}
	for _, m := range specURLRe.FindAllSubmatch(text, -1) {
		if u, ok := resolve(base, string(m[1])); ok {
			return u, true
		}
	}
	return "", false
}

func resolve(base, ref string) (string, bool) {
	b, err := url.Parse(base)
	if err != nil {
		return "", false
	}
	r, err := b.Parse(ref)
	if err != nil || (r.Scheme != "http" && r.Scheme != "https") || r.Host == "" {
		return "", false
	}
	return r.String(), true
}
