package gen_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// go doc on a vendor package leads with what a user calls: the package
// comment names New and its options, every service, the error types and
// the ways around the typed surface before any declaration is listed; the
// listing holds no request builder (oapi-codegen's plumbing is unexported)
// and New is listed with the Client it returns.
func TestGoDocLeadsWithTheSurface(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go tool")
	}
	services := map[string][]string{
		"stormwall": {"c.Backends", "c.Domains", "c.Legacy", "c.Services", "c.SSL"},
		"wallarm":   {"c.Applications", "c.Events", "c.IPLists", "c.Nodes", "c.Triggers", "c.Users"},
		"admtools":  {"c.Billing", "c.DNS", "c.Domain", "c.Hosting", "c.MySQL", "the Client itself: GetID, GetPlans, GetServices"},
	}
	for _, v := range vendors {
		t.Run(v, func(t *testing.T) {
			out, err := exec.Command("go", "doc", "./"+v).CombinedOutput()
			if err != nil {
				t.Fatalf("go doc: %v\n%s", err, out)
			}
			doc := string(out)
			listing := regexp.MustCompile(`(?m)^(const|var|func|type) `).FindStringIndex(doc)
			if listing == nil {
				t.Fatal("go doc lists no declarations")
			}
			head, decls := doc[:listing[0]], doc[listing[0]:]
			want := append([]string{"New returns a *Client", "FromEnv", "WithServer", "WithRetry", "# Services",
				"*APIError", "*RateLimitError", "*TransportError", "*DecodeError", "ErrLimit", "Capture", "Client.Do", "Ptr"}, services[v]...)
			last := -1
			for _, w := range want[:5] { // New and the options come before the services
				i := strings.Index(head, w)
				if i < 0 || i < last {
					t.Errorf("the package comment does not name %q in order (New, options, services, errors)", w)
				}
				last = i
			}
			for _, w := range want[5:] {
				if !strings.Contains(head, w) {
					t.Errorf("the package comment does not name %q", w)
				}
			}
			if strings.Index(head, "# Services") > strings.Index(head, "# Errors") {
				t.Error("the services come after the errors")
			}
			if m := regexp.MustCompile(`(?m)^func New\w+Request`).FindString(decls); m != "" {
				t.Errorf("go doc lists request builders (%s): plumbing before the surface", m)
			}
			if !regexp.MustCompile(`(?m)^type Client struct\{ \.\.\. \}\n    func New\(opts \.\.\.Option\) \(\*Client, error\)`).MatchString(decls) {
				t.Errorf("New is not listed with the Client it returns:\n%.3000s", decls)
			}
		})
	}
}

// Every function and method apigen writes beside oapi-codegen's models is
// documented, and each service method says which call it makes (the
// spec's summary follows when the spec has one), so go doc on any of them
// answers "what does this send?".
func TestEveryCallIsDocumented(t *testing.T) {
	calls := regexp.MustCompile(`^\w+ (calls|iterates over every (item|page) \w+ returns \() ?(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE) /`)
	for _, v := range vendors {
		t.Run(v, func(t *testing.T) {
			methods := 0
			for _, name := range []string{"services.go", "runtime.go", "auth.go", "servers.go"} {
				path := filepath.Join(v, name)
				f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ParseComments|parser.SkipObjectResolution)
				if err != nil {
					t.Fatal(err)
				}
				for _, d := range f.Decls {
					fd, ok := d.(*ast.FuncDecl)
					if !ok || !fd.Name.IsExported() {
						continue
					}
					doc := strings.Join(strings.Fields(fd.Doc.Text()), " ")
					if !strings.HasPrefix(doc, fd.Name.Name+" ") {
						t.Errorf("%s: %s has no doc comment starting with its name: %q", path, fd.Name.Name, doc)
						continue
					}
					recv := ""
					if fd.Recv != nil {
						recv = types(fd.Recv.List[0].Type)
					}
					// A service method, or an untagged operation on the Client
					// (every Client method but Do and RateLimit).
					if strings.HasSuffix(recv, "Service") || recv == "*Client" && fd.Name.Name != "Do" && fd.Name.Name != "RateLimit" {
						methods++
						if !calls.MatchString(doc) {
							t.Errorf("%s: %s.%s does not say which call it makes: %q", path, recv, fd.Name.Name, doc)
						}
					}
				}
			}
			if methods < 10 {
				t.Errorf("only %d operation methods found: the test is not looking at the services", methods)
			}
		})
	}
}

// Each vendor package has runnable examples (each with an Output comment,
// so go test runs it) for a list with paging, a typed error and a rate-limit
// pause.
func TestExamplesRun(t *testing.T) {
	for _, v := range vendors {
		t.Run(v, func(t *testing.T) {
			f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(v, "example_test.go"), nil, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || !strings.HasPrefix(fd.Name.Name, "Example") {
					continue
				}
				runs := false
				for _, c := range f.Comments {
					if c.Pos() > fd.Body.Lbrace && c.End() < fd.Body.Rbrace && strings.HasPrefix(c.Text(), "Output:") {
						runs = true
					}
				}
				if !runs {
					t.Errorf("%s has no Output comment: go test compiles it but never runs it", fd.Name.Name)
				}
				got[fd.Name.Name] = runs
			}
			paging := false
			for name := range got {
				paging = paging || strings.HasSuffix(name, "All") || strings.Contains(name, "_All") || strings.HasSuffix(name, "Pages")
			}
			if !paging || !got["ExampleAPIError"] || !got["ExampleRateLimitError"] {
				t.Errorf("examples %v: want one that pages, ExampleAPIError and ExampleRateLimitError, each run", got)
			}
		})
	}
}
