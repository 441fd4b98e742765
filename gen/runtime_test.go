package gen_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apigen-dev/apigen/apiruntime"
	"github.com/apigen-dev/apigen/gen/admtools"
	"github.com/apigen-dev/apigen/gen/stormwall"
	"github.com/apigen-dev/apigen/gen/wallarm"
	fake "github.com/apigen-dev/apigen/internal/fakevendor"
)

// Runtime behaviour of the generated clients, driven by the overlays, against
// fakes that enforce each vendor's auth and answer with its envelopes.

// clock records the waits a client asks for instead of sleeping.
type clock struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (c *clock) sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.waits = append(c.waits, d)
	c.mu.Unlock()
	return ctx.Err()
}

func (c *clock) policy() apiruntime.RetryPolicy {
	return apiruntime.RetryPolicy{Sleep: c.sleep, Jitter: func() float64 { return 0.5 }}
}

func asAPIError(t *testing.T, err error) *apiruntime.APIError {
	t.Helper()
	var apiErr *stormwall.APIError // the alias: any vendor's name works
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %v (%T) is not an *APIError", err, err)
	}
	return apiErr
}

func TestMissingOrWrongCredentials(t *testing.T) {
	for _, tc := range []struct {
		vendor, msg string
		call        func(srv string, token string) error
	}{
		{"stormwall", "Token is not valid", func(srv, token string) error {
			c, _ := stormwall.New(stormwall.WithServer(srv), stormwall.WithAPIToken(token))
			_, err := c.Services.List(context.Background(), nil)
			return err
		}},
		{"wallarm", "Access denied", func(srv, token string) error {
			c, _ := wallarm.New(wallarm.WithServer(srv), wallarm.WithAPIToken(token))
			_, err := c.Users.GetCurrent(context.Background())
			return err
		}},
		{"admtools", "Невірний токен", func(srv, token string) error {
			c, _ := admtools.New(admtools.WithServer(srv), admtools.WithBearerToken(token))
			_, err := c.Billing.BalanceGet(context.Background())
			return err
		}},
	} {
		for _, token := range []string{"", "wrong-token-should-not-leak"} {
			t.Run(tc.vendor+"/"+map[bool]string{true: "missing", false: "wrong"}[token == ""], func(t *testing.T) {
				var srv *fake.Server
				switch tc.vendor {
				case "stormwall":
					srv = fake.Stormwall(t)
				case "wallarm":
					srv = fake.Wallarm(t)
				default:
					srv = fake.Admtools(t)
				}
				err := tc.call(srv.URL, token)
				apiErr := asAPIError(t, err)
				if apiErr.StatusCode != 403 || apiErr.Message != tc.msg || apiErr.Vendor != tc.vendor {
					t.Errorf("got %+v", apiErr)
				}
				if token != "" && strings.Contains(err.Error(), token) {
					t.Errorf("error string shows the credential: %v", err)
				}
			})
		}
	}
}

func TestStormwallHeaderOrCookie(t *testing.T) {
	srv := fake.Stormwall(t)
	keepCookie := stormwall.WithRequestEditor(func(_ context.Context, r *http.Request) error {
		r.AddCookie(&http.Cookie{Name: "session", Value: "abc"})
		return nil
	})
	header, _ := stormwall.New(stormwall.WithServer(srv.URL), stormwall.WithAPIToken(fake.Token))
	cookie, _ := stormwall.New(stormwall.WithServer(srv.URL), stormwall.WithCredentials(stormwall.Credentials{AccessToken: fake.Token}),
		keepCookie)
	for _, c := range []*stormwall.Client{header, cookie} {
		if _, err := c.Services.List(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
	}
	reqs := srv.Requests()
	if reqs[0].Header.Get("x-api-key") != fake.Token || reqs[0].Header.Get("Cookie") != "" {
		t.Errorf("header client sent %v", reqs[0].Header)
	}
	if got := reqs[1].Header.Get("Cookie"); got != "session=abc; api_access_token="+fake.Token || reqs[1].Header.Get("x-api-key") != "" {
		t.Errorf("cookie client sent Cookie %q (the session cookie must survive)", got)
	}
}

func TestWallarmLegacyPairAndEnv(t *testing.T) {
	srv := fake.Wallarm(t)
	pair, _ := wallarm.New(wallarm.WithServer(srv.URL), wallarm.WithLegacyCredentials(fake.UUID, fake.Secret))
	t.Setenv("WALLARM_API_TOKEN", fake.Token)
	env, _ := wallarm.New(wallarm.WithServer(srv.URL), wallarm.FromEnv())
	for _, c := range []*wallarm.Client{pair, env} {
		if _, err := c.Users.GetCurrent(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	reqs := srv.Requests()
	if h := reqs[0].Header; h.Get("X-WallarmAPI-UUID") != fake.UUID || h.Get("X-WallarmAPI-Secret") != fake.Secret || h.Get("X-WallarmApi-Token") != "" {
		t.Errorf("pair client sent %v", h)
	}
	if h := reqs[1].Header; h.Get("X-WallarmApi-Token") != fake.Token || h.Get("X-WallarmAPI-UUID") != "" {
		t.Errorf("env client sent %v", h)
	}
	if s := fmt.Sprintf("%v %+v %#v", wallarm.Credentials{APIToken: fake.Token}, wallarm.Credentials{APIToken: fake.Token}, wallarm.Credentials{APIToken: fake.Token}); strings.Contains(s, fake.Token) {
		t.Errorf("printing Credentials shows the token: %s", s)
	}
}

func TestStormwallErrorEnvelopes(t *testing.T) {
	srv := fake.Stormwall(t)
	srv.Push(
		fake.Reply{Status: 400, Body: `{"status":"error","payload":{"statusCode":400,"code":"VALIDATION","message":"Invalid request params input"}}`},
		fake.Reply{Status: 400, Body: `{"statusCode":400,"error":"Bad Request","message":"Invalid request params input"}`},
		fake.Reply{Status: 404, Body: `<html>not found</html>`},
		fake.Reply{Status: 500, Body: ``},
		fake.Reply{Status: 200, Body: `{"status":"error","payload":{"code":"BUSY","message":"try later"}}`},
	)
	c, _ := stormwall.New(stormwall.WithServer(srv.URL), stormwall.WithAPIToken(fake.Token), stormwall.WithRetry(stormwall.RetryPolicy{MaxAttempts: 1}))
	want := []struct {
		status                int
		code, reason, message string
		inError               string
	}{
		{400, "VALIDATION", "", "Invalid request params input", "stormwall: GET /v3/domains: HTTP 400 VALIDATION: Invalid request params input"},
		// NestJS's error is the reason phrase, never a code (issue 15).
		{400, "", "Bad Request", "Invalid request params input", "HTTP 400 Bad Request: Invalid request params input"},
		{404, "", "", "", "HTTP 404: <html>not found</html>"},
		{500, "", "", "", "HTTP 500: empty body"},
		{200, "BUSY", "", "try later", "HTTP 200 BUSY: try later"},
	}
	for _, w := range want {
		_, err := c.Domains.List(context.Background(), nil)
		e := asAPIError(t, err)
		if e.StatusCode != w.status || e.Code != w.code || e.Reason != w.reason || e.Message != w.message || !strings.Contains(err.Error(), w.inError) {
			t.Errorf("got %+v (%q), want %+v", e, err, w)
		}
	}
}

func TestFailureUnder200(t *testing.T) {
	adm := fake.Admtools(t)
	adm.Push(fake.Reply{Status: 200, Body: `{"result":false,"messages":{"error":["Домен не знайдено"]}}`})
	c, _ := admtools.New(admtools.WithServer(adm.URL), admtools.WithBearerToken(fake.Token))
	_, err := c.Billing.BalanceGet(context.Background())
	if e := asAPIError(t, err); e.StatusCode != 200 || e.Message != "Домен не знайдено" {
		t.Errorf("adm.tools result:false: %+v", e)
	}
	wl := fake.Wallarm(t)
	wl.Push(fake.Reply{Status: 200, Body: `{"status":"error","body":"Rule compilation failed"}`})
	w, _ := wallarm.New(wallarm.WithServer(wl.URL), wallarm.WithAPIToken(fake.Token))
	_, err = w.Users.GetCurrent(context.Background())
	if e := asAPIError(t, err); e.Message != "Rule compilation failed" {
		t.Errorf("wallarm status:error: %+v", e)
	}
}

func TestStormwallWarningsAreData(t *testing.T) {
	srv := fake.Stormwall(t)
	srv.Push(fake.Reply{Status: 200, Body: `{"error_list":[{"type":"SSL","code":"INVALID_CERT_KEY_PAIR"}]}`})
	c, _ := stormwall.New(stormwall.WithServer(srv.URL), stormwall.WithAPIToken(fake.Token))
	var raw stormwall.Response
	res, err := c.Legacy.AddBlackCidrs(context.Background(), 1, 2, stormwall.CidrList{List: []string{"198.51.100.0/24"}}, stormwall.Capture(&raw))
	if err != nil {
		t.Fatalf("a 200 with warnings must not fail: %v", err)
	}
	got := stormwall.Warnings(raw.Body)
	if len(got) != 1 || got[0] != (stormwall.Warning{Type: "SSL", Code: "INVALID_CERT_KEY_PAIR"}) {
		t.Errorf("warnings %+v", got)
	}
	if res.ErrorList == nil || (*res.ErrorList)[0].Code != "INVALID_CERT_KEY_PAIR" {
		t.Errorf("typed answer %+v", res)
	}
}

func TestRetry503ThenSuccess(t *testing.T) {
	srv := fake.Stormwall(t)
	srv.Push(fake.Reply{Status: 503, Body: `{"statusCode":503,"message":"unavailable"}`})
	var clk clock
	c, _ := stormwall.New(stormwall.WithServer(srv.URL), stormwall.WithAPIToken(fake.Token), stormwall.WithRetry(clk.policy()))
	var raw stormwall.Response
	page, err := c.Services.List(context.Background(), nil, stormwall.Capture(&raw))
	if err != nil || raw.HTTP.StatusCode != 200 || page == nil {
		t.Fatalf("%v %v", page, err)
	}
	if n := len(srv.Requests()); n != 2 || len(clk.waits) != 1 {
		t.Errorf("%d requests and waits %v, want 2 and one wait", n, clk.waits)
	}
	// full jitter with Jitter()=0.5 on the first retry: half of BaseDelay
	if clk.waits[0] != apiruntime.DefaultRetryPolicy.BaseDelay/2 {
		t.Errorf("wait %v", clk.waits[0])
	}
}

func TestAdmtoolsPauseThenSuccess(t *testing.T) {
	srv := fake.Admtools(t)
	srv.Push(fake.AdmtoolsOverLimit(2))
	var clk clock
	c, _ := admtools.New(admtools.WithServer(srv.URL), admtools.WithBearerToken(fake.Token), admtools.WithRetry(clk.policy()))
	var raw admtools.Response
	if _, err := c.Billing.BalanceGet(context.Background(), admtools.Capture(&raw)); err != nil {
		t.Fatal(err)
	}
	if len(clk.waits) != 1 || clk.waits[0] != 2*time.Second {
		t.Errorf("waits %v, want the 2 s the message asked for", clk.waits)
	}
	if c.RateLimit().Windows == nil || !reflect.DeepEqual(c.RateLimit(), admtools.RateLimitOf(raw.HTTP)) {
		t.Errorf("the client's latest rate limit %+v is not the captured answer's %+v", c.RateLimit(), admtools.RateLimitOf(raw.HTTP))
	}
	rl := admtools.RateLimitOf(raw.HTTP)
	hour, ok := rl.Window("hour")
	day, _ := rl.Window("day")
	if !ok || hour.Limit != 3600 || hour.Remaining != 3598 || day.Limit != 28800 || day.Remaining != 28798 {
		t.Errorf("rate limit %+v", rl)
	}
}

func TestAdmtoolsLongPauseFailsAtOnce(t *testing.T) {
	srv := fake.Admtools(t)
	srv.Push(fake.AdmtoolsOverLimit(3000))
	var clk clock
	c, _ := admtools.New(admtools.WithServer(srv.URL), admtools.WithBearerToken(fake.Token), admtools.WithRetry(clk.policy()))
	_, err := c.Billing.BalanceGet(context.Background())
	var rle *admtools.RateLimitError
	if !errors.As(err, &rle) || rle.Wait != 3000*time.Second {
		t.Fatalf("want a RateLimitError asking for 3000 s, got %v", err)
	}
	if e := asAPIError(t, err); e.StatusCode != 429 || e.RetryAfter != 3000*time.Second {
		t.Errorf("wrapped APIError %+v", e)
	}
	if len(clk.waits) != 0 || len(srv.Requests()) != 1 {
		t.Errorf("waited %v over %d requests; want no wait, one request", clk.waits, len(srv.Requests()))
	}
}

func TestPostWithoutGetBodyIsNotRetried(t *testing.T) {
	srv := fake.Admtools(t)
	srv.Push(fake.Reply{Status: 503, Body: `{"result":false,"error":{"message":"maintenance"}}`})
	var clk clock
	dropGetBody := admtools.WithRequestEditor(func(_ context.Context, r *http.Request) error {
		r.GetBody = nil
		return nil
	})
	c, _ := admtools.New(admtools.WithServer(srv.URL), admtools.WithBearerToken(fake.Token), admtools.WithRetry(clk.policy()), dropGetBody)
	_, err := c.DNS.RecordAdd(context.Background(), admtools.DNSRecordAddFormdataRequestBody{DomainId: 1, Type: admtools.DNSRecordAddFormdataBodyTypeA})
	if e := asAPIError(t, err); e.StatusCode != 503 {
		t.Errorf("got %v", err)
	}
	if n := len(srv.Requests()); n != 1 || len(clk.waits) != 0 {
		t.Errorf("%d requests, waits %v: a body that cannot be replayed must not be retried", n, clk.waits)
	}
}

func TestCancelDuringBackoff(t *testing.T) {
	srv := fake.Stormwall(t)
	srv.Push(fake.Reply{Status: 503}, fake.Reply{Status: 503})
	ctx, cancel := context.WithCancel(context.Background())
	sleeping := make(chan struct{})
	policy := stormwall.RetryPolicy{Sleep: func(ctx context.Context, d time.Duration) error {
		close(sleeping)
		<-ctx.Done() // a long backoff that only cancellation ends
		return ctx.Err()
	}}
	c, _ := stormwall.New(stormwall.WithServer(srv.URL), stormwall.WithAPIToken(fake.Token), stormwall.WithRetry(policy))
	go func() { <-sleeping; cancel() }()
	_, err := c.Services.List(ctx, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("%d requests after cancel, want 1", n)
	}
}

func TestStormwallBodyLimit(t *testing.T) {
	srv := fake.Stormwall(t)
	c, _ := stormwall.New(stormwall.WithServer(srv.URL), stormwall.WithAPIToken(fake.Token))
	ips := make([]string, 80000) // about 1.3 MB of JSON
	for i := range ips {
		ips[i] = "203.0.113.10"
	}
	_, err := c.Domains.AssignProtectedIps(context.Background(), 1, stormwall.ProtectedIps{Ips: ips})
	if !errors.Is(err, stormwall.ErrLimit) || !strings.Contains(err.Error(), "1048576") {
		t.Fatalf("got %v, want the 1 MB limit from the overlay", err)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests sent; an oversized body must not be sent", n)
	}
}

func TestCredentialsStayOnTheirHost(t *testing.T) {
	other := fake.Stormwall(t) // another host: must never see the token
	srv := fake.Stormwall(t)
	srv.Push(fake.Reply{Status: 302, Header: http.Header{"Location": {other.URL + "/v3/services"}}})
	c, _ := stormwall.New(stormwall.WithServer(srv.URL), stormwall.WithAPIToken(fake.Token))
	_, err := c.Services.List(context.Background(), nil)
	asAPIError(t, err) // the other host denies: no credentials arrived
	got := other.Requests()
	if len(got) != 1 || got[0].Authorized || got[0].Header.Get("x-api-key") != "" {
		t.Fatalf("the redirect target saw %+v", got)
	}
	// Credentials for the configured host are not sent to a base URL the
	// caller's editor points elsewhere either.
	stray := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("x-api-key") != "" {
			t.Error("token sent to a host other than the configured server")
		}
	}))
	defer stray.Close()
	retarget := stormwall.WithRequestEditor(func(_ context.Context, r *http.Request) error {
		r.URL.Host = strings.TrimPrefix(stray.URL, "http://")
		return nil
	})
	c2, _ := stormwall.New(stormwall.WithServer(srv.URL), stormwall.WithAPIToken(fake.Token), retarget)
	c2.Services.List(context.Background(), nil)
}

func TestErrorsNeverEchoSecrets(t *testing.T) {
	srv := fake.Admtools(t)
	srv.Push(fake.Reply{Status: 400, Body: `{"result":false,"error":{"message":"bad token Bearer ` + fake.Token + `"}}`})
	c, _ := admtools.New(admtools.WithServer(srv.URL), admtools.WithBearerToken(fake.Token))
	_, err := c.Billing.BalanceGet(context.Background())
	e := asAPIError(t, err)
	if strings.Contains(err.Error(), fake.Token) || strings.Contains(string(e.Body), fake.Token) || strings.Contains(e.Message, fake.Token) {
		t.Errorf("the credential leaked into the error: %v / %s", err, e.Body)
	}
}
