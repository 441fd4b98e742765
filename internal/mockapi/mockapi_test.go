package mockapi_test

import (
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/apigen-dev/apigen/internal/mockapi"
)

func start(tb testing.TB, vendor string, secrets map[string]string) *mockapi.Server {
	tb.Helper()
	spec, err := os.ReadFile("../../gen/" + vendor + "/openapi.decorated.json")
	if err != nil {
		tb.Fatal(err)
	}
	m, err := mockapi.New(spec, mockapi.Options{Secrets: secrets})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(m.Close)
	return m
}

func do(t *testing.T, m *mockapi.Server, method, path, body string, header map[string]string) (int, string, mockapi.Call) {
	t.Helper()
	m.Reset()
	req, err := http.NewRequest(method, m.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	calls := m.Calls()
	if len(calls) != 1 {
		t.Fatalf("mock recorded %d calls, want 1", len(calls))
	}
	return resp.StatusCode, string(b), calls[0]
}

// TestValidates: the mock accepts what the spec allows and refuses, with a
// reason, what it does not.
func TestValidates(t *testing.T) {
	m := start(t, "stormwall", map[string]string{"apiKey": "k3y", "accessTokenCookie": "c00kie"})
	key := map[string]string{"x-api-key": "k3y"}
	for _, c := range []struct {
		name, method, path, body string
		header                   map[string]string
		status                   int
		problem                  string
	}{
		{"repeated keys", "GET", "/user/service/7/domain/stats?domain_id=3&domain_id=6", "", key, 200, ""},
		{"cookie instead of header", "GET", "/v3/domains", "", map[string]string{"Cookie": "api_access_token=c00kie"}, 200, ""},
		{"no credential", "GET", "/v3/domains", "", nil, 403, "x-api-key"},
		{"wrong credential", "GET", "/v3/domains", "", map[string]string{"x-api-key": "nope"}, 403, "wrong credential"},
		{"wrong parameter type", "GET", "/v3/domains?limit=ten", "", key, 400, "limit"},
		{"unknown path", "GET", "/v3/nothing", "", key, 400, "not found"},
		{"body missing a field", "POST", "/v3/domains/1/backends?serviceId=1", `{"backend":{"port":443}}`,
			map[string]string{"x-api-key": "k3y", "Content-Type": "application/json"}, 400, "ip"},
	} {
		t.Run(c.name, func(t *testing.T) {
			status, body, call := do(t, m, c.method, c.path, c.body, c.header)
			if status != c.status {
				t.Fatalf("status %d, want %d: %s", status, c.status, body)
			}
			if c.problem == "" && len(call.Problems) > 0 {
				t.Fatalf("refused: %v", call.Problems)
			}
			if c.problem != "" && !strings.Contains(strings.Join(call.Problems, " "), c.problem) {
				t.Fatalf("problems %v do not mention %q", call.Problems, c.problem)
			}
		})
	}
}

// TestFormsAndEnvelopes: adm.tools form bodies in the encodings clients use
// are accepted, typed by the schema, and the success response never holds
// the value the vendor's failure rule reads as an error (result: false).
func TestFormsAndEnvelopes(t *testing.T) {
	m := start(t, "admtools", map[string]string{"bearer": "t"})
	h := map[string]string{"Authorization": "Bearer t", "Content-Type": "application/x-www-form-urlencoded"}
	for _, body := range []string{"tag_ids[0]=a&tag_ids[1]=b", "tag_ids[]=a", "tag_ids=a&tag_ids=b", "tag_ids=a"} {
		status, resp, call := do(t, m, "POST", "/action/dns/tag/delete/", body, h)
		if status != 200 || len(call.Problems) > 0 {
			t.Errorf("%s: %d %v", body, status, call.Problems)
		}
		if !strings.Contains(resp, `"result":true`) {
			t.Errorf("%s: a success must not read as a failure: %s", body, resp)
		}
	}
	if status, _, call := do(t, m, "POST", "/action/dns/tag/delete/", "other=1", h); status != 400 || len(call.Problems) == 0 {
		t.Errorf("a body without the required tag_ids was accepted (%d)", status)
	}
	_, first, _ := do(t, m, "POST", "/action/dns/tag/delete/", "tag_ids=a", h)
	again := start(t, "admtools", map[string]string{"bearer": "t"})
	_, second, _ := do(t, again, "POST", "/action/dns/tag/delete/", "tag_ids=a", h)
	if first != second {
		t.Errorf("responses differ between mocks:\n%s\n%s", first, second)
	}
}

func BenchmarkAdmtoolsRequest(b *testing.B) {
	m := start(b, "admtools", map[string]string{"bearer": "x"})
	for b.Loop() {
		req, _ := http.NewRequest("POST", m.URL+"/action/dns/tag/delete/", strings.NewReader("tag_ids[0]=a"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "Bearer x")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatal(resp.StatusCode, m.Calls())
		}
	}
}
