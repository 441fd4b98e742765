package gen_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/url"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/apigen-dev/apigen/gen/admtools"
	"github.com/apigen-dev/apigen/gen/stormwall"
	"github.com/apigen-dev/apigen/gen/wallarm"
	fake "github.com/apigen-dev/apigen/internal/fakevendor"
)

// A 2xx whose body is not the declared JSON is an error that keeps the
// status and an excerpt of the body, never a nil result with a nil error.
func TestUndecodableAnswerIsAnError(t *testing.T) {
	srv := fake.Stormwall(t)
	srv.Push(
		fake.Reply{Status: 200, Header: http.Header{"Content-Type": {"text/html"}}, Body: `<html><body>Proxy login</body></html>`},
		fake.Reply{Status: 200, Body: `{"status":"ok","payload":{"id":"four","domain":"example.com"}}`},
		fake.Reply{Status: 200, Body: ``},
	)
	c, _ := stormwall.New(stormwall.WithServer(srv.URL), stormwall.WithAPIToken(fake.Token))
	for i, want := range []string{"HTTP 200 (text/html): the answer is not the declared JSON", "cannot unmarshal string", "the body is empty"} {
		dom, err := c.Domains.Get(context.Background(), 42)
		var de *stormwall.DecodeError
		if !errors.As(err, &de) || dom != nil {
			t.Fatalf("answer %d: got %+v, %v; want a nil result and a *DecodeError", i, dom, err)
		}
		if de.StatusCode != 200 || !strings.Contains(err.Error(), want) || de.Path != "/v3/domains/42" {
			t.Errorf("answer %d: %+v (%v), want %q", i, de, err, want)
		}
	}
	var typeErr *json.UnmarshalTypeError
	if _, err := c.Domains.Get(context.Background(), 42); err != nil {
		t.Fatalf("the plain answer after the script: %v", err)
	}
	srv.Push(fake.Reply{Status: 200, Body: `{"status":"ok","payload":{"id":"four","domain":"example.com"}}`})
	if _, err := c.Domains.Get(context.Background(), 42); !errors.As(err, &typeErr) {
		t.Errorf("the json error should be reachable with errors.As: %v", err)
	}
}

// Capture keeps the raw answer; the typed result is still the payload.
func TestCaptureKeepsTheRawAnswer(t *testing.T) {
	srv := fake.Wallarm(t)
	srv.Push(fake.Reply{Status: 200, Header: http.Header{"X-Request-Id": {"r-1"}}, Body: `{"status":200,"body":{"id":17,"username":"admin@example.com"}}`})
	c, _ := wallarm.New(wallarm.WithServer(srv.URL), wallarm.WithAPIToken(fake.Token))
	var raw wallarm.Response
	user, err := c.Users.GetCurrent(context.Background(), wallarm.Capture(&raw))
	if err != nil {
		t.Fatal(err)
	}
	if *user.Username != "admin@example.com" || raw.HTTP.Header.Get("X-Request-Id") != "r-1" || !strings.Contains(string(raw.Body), `"status":200`) {
		t.Errorf("user %+v, raw %d %q", user, raw.HTTP.StatusCode, raw.Body)
	}
	if got := raw.HTTP.Request.Header.Get("X-WallarmApi-Token"); got != "REDACTED" {
		t.Errorf("the captured request shows %q where the credential went, want REDACTED", got)
	}
}

// Client.Do reaches endpoints the spec lacks with the same credentials,
// envelope and errors.
func TestDoReachesEndpointsTheSpecLacks(t *testing.T) {
	srv := fake.Wallarm(t)
	srv.Push(fake.Reply{Status: 200, Body: `{"status":200,"body":{"count":3}}`},
		fake.Reply{Status: 404, Body: `{"status":404,"body":"Not found"}`})
	c, _ := wallarm.New(wallarm.WithServer(srv.URL), wallarm.WithAPIToken(fake.Token))
	var out struct{ Count int }
	err := c.Do(context.Background(), http.MethodPost, "/v1/objects/custom?verbose=1", map[string]any{"filter": map[string]any{"clientid": []int{8}}}, &out,
		wallarm.EditRequest(func(_ context.Context, r *http.Request) error { r.Header.Set("X-Trace", "t-9"); return nil }))
	if err != nil || out.Count != 3 {
		t.Fatalf("got %+v, %v", out, err)
	}
	got := srv.Requests()[0]
	expect(t, "path", got.Path, "/v1/objects/custom")
	expect(t, "query", got.Query, url.Values{"verbose": {"1"}})
	expect(t, "body", jsonBody(t, got.Body), map[string]any{"filter": map[string]any{"clientid": []any{float64(8)}}})
	if !got.Authorized || got.Header.Get("Content-Type") != "application/json" || got.Header.Get("X-Trace") != "t-9" {
		t.Errorf("request headers %v", got.Header)
	}
	err = c.Do(context.Background(), http.MethodGet, "v1/nothing", nil, nil)
	if e := asAPIError(t, err); e.StatusCode != 404 || e.Message != "Not found" {
		t.Errorf("got %+v", e)
	}

	adm := fake.Admtools(t)
	adm.Push(fake.Reply{Status: 200, Body: `{"result":true,"response":{"ok":1}}`})
	a, _ := admtools.New(admtools.WithServer(adm.URL+"/action"), admtools.WithBearerToken(fake.Token))
	var ok map[string]int
	if err := a.Do(context.Background(), http.MethodPost, "dns/some_new_action/", url.Values{"domain_id": {"42"}}, &ok); err != nil || ok["ok"] != 1 {
		t.Fatalf("got %v, %v", ok, err)
	}
	req := adm.Requests()[0]
	if req.Path != "/action/dns/some_new_action/" || string(req.Body) != "domain_id=42" || req.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		t.Errorf("adm.tools saw %s %q %v", req.Path, req.Body, req.Header)
	}
}

// deadField names the fields oapi-codegen's response layer declared for
// every operation, untagged (JSON200, JSON429, JSONDefault, Headers200,
// HTTPResponse, Body), which apigen's runtime never filled.
var deadField = regexp.MustCompile(`^(JSON\d{3}|JSON\dXX|JSONDefault|Headers\d{3}|HTTPResponse|Body)$`)

// No generated vendor package declares a response field the runtime never
// fills: no field of oapi-codegen's response layer, and in every type a
// method returns, only fields encoding/json fills (each has a json tag).
// The same check finds each kind of dead field in testdata/deadfields, a
// package written the way the clients were before.
func TestNoDeadResponseFields(t *testing.T) {
	for _, v := range vendors {
		t.Run(v, func(t *testing.T) {
			dead, checked := deadFields(t, v)
			for _, d := range dead {
				t.Error(d)
			}
			if checked < 5 {
				t.Errorf("only %d methods return a value; the test is not looking at the services", checked)
			}
		})
	}
	t.Run("finds them", func(t *testing.T) {
		dead, _ := deadFields(t, filepath.Join("testdata", "deadfields"))
		want := []string{
			"GetDomainResponse.Body: a response field no call fills",
			"GetDomainResponse.HTTPResponse: a response field no call fills",
			"GetDomainResponse.JSON200: a response field no call fills",
			"GetDomainResponse.JSON429: a response field no call fills",
			"GetDomainResponse.JSONDefault: a response field no call fills",
			"GetDomainResponse.Headers200: a response field no call fills",
			"GetDomainResponse.Body has no json tag: decoding never fills it",
			"GetDomainResponse.HTTPResponse has no json tag: decoding never fills it",
			"GetDomainResponse.JSON200 has no json tag: decoding never fills it",
			"GetDomainResponse.JSON429 has no json tag: decoding never fills it",
			"GetDomainResponse.JSONDefault has no json tag: decoding never fills it",
			"GetDomainResponse.Headers200 has no json tag: decoding never fills it",
			"Stats.Fetched has no json tag: decoding never fills it",
		}
		if !reflect.DeepEqual(dead, want) {
			t.Errorf("found\n%s\nwant\n%s", strings.Join(dead, "\n"), strings.Join(want, "\n"))
		}
	})
}

// deadFields parses the package in dir and names each response field no
// call fills, in source order, and counts the methods that return a value.
func deadFields(t *testing.T, dir string) (dead []string, checked int) {
	t.Helper()
	fset := token.NewFileSet()
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	typesOf := map[string]ast.Expr{}
	var structs []*ast.TypeSpec
	var methods []*ast.FuncDecl
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if ts, ok := s.(*ast.TypeSpec); ok {
						typesOf[ts.Name.Name] = ts.Type
						if _, ok := ts.Type.(*ast.StructType); ok {
							structs = append(structs, ts)
						}
					}
				}
			case *ast.FuncDecl:
				if d.Recv != nil && ast.IsExported(d.Name.Name) {
					methods = append(methods, d)
				}
			}
		}
	}
	for _, ts := range structs {
		for _, f := range ts.Type.(*ast.StructType).Fields.List {
			tagged := f.Tag != nil && strings.Contains(f.Tag.Value, `json:"`)
			for _, n := range f.Names {
				if !tagged && deadField.MatchString(n.Name) || types(f.Type) == "*http.Response" {
					dead = append(dead, fmt.Sprintf("%s.%s: a response field no call fills", ts.Name.Name, n.Name))
				}
			}
		}
	}
	seen := map[string]bool{}
	for _, m := range methods {
		res := m.Type.Results
		if res == nil || len(res.List) != 2 {
			continue
		}
		checked++
		walkFilled(typesOf, res.List[0].Type, m.Name.Name, seen, &dead)
	}
	return dead, checked
}

// walkFilled names each field of a struct reachable from a result type
// that encoding/json does not fill.
func walkFilled(typesOf map[string]ast.Expr, e ast.Expr, where string, seen map[string]bool, dead *[]string) {
	switch e := e.(type) {
	case *ast.StarExpr:
		walkFilled(typesOf, e.X, where, seen, dead)
	case *ast.ArrayType:
		walkFilled(typesOf, e.Elt, where, seen, dead)
	case *ast.MapType:
		walkFilled(typesOf, e.Value, where, seen, dead)
	case *ast.Ident:
		if seen[e.Name] || typesOf[e.Name] == nil {
			return
		}
		seen[e.Name] = true
		walkFilled(typesOf, typesOf[e.Name], e.Name, seen, dead)
	case *ast.StructType:
		for _, f := range e.Fields.List {
			tag := ""
			if f.Tag != nil {
				tag = f.Tag.Value
			}
			for _, n := range f.Names {
				// oapi-codegen's AdditionalProperties is filled by the
				// type's own UnmarshalJSON.
				if !strings.Contains(tag, `json:"`) && n.Name != "AdditionalProperties" {
					*dead = append(*dead, fmt.Sprintf("%s.%s has no json tag: decoding never fills it", where, n.Name))
				}
			}
			walkFilled(typesOf, f.Type, where, seen, dead)
		}
	}
}

func types(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return "*" + types(e.X)
	case *ast.SelectorExpr:
		return types(e.X) + "." + e.Sel.Name
	case *ast.Ident:
		return e.Name
	}
	return reflect.TypeOf(e).String()
}
