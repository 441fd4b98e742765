package gen_test

import (
	"os/exec"
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
