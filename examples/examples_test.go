// Package examples holds one small program per vendor, the ones README.md
// shows. The test builds each and runs it against a fake of the vendor.
package examples_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	fake "github.com/apigen-dev/apigen/internal/fakevendor"
)

// run builds the example once per test and runs it with env.
func run(t *testing.T, bin string, env ...string) (string, string, error) {
	t.Helper()
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	return out.String(), errb.String(), err
}

func build(t *testing.T, name string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), name)
	if out, err := exec.Command("go", "build", "-o", bin, "./"+name).CombinedOutput(); err != nil {
		t.Fatalf("go build ./%s: %v\n%s", name, err, out)
	}
	return bin
}

func TestExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs programs")
	}
	t.Run("stormwall", func(t *testing.T) {
		bin, srv := build(t, "stormwall"), fake.Stormwall(t)
		srv.Push(
			fake.Reply{Status: 200, Body: `{"status":"ok","payload":{"total":11,"limit":10,"offset":0,"results":[` + domains(1, 10) + `]}}`},
			fake.Reply{Status: 200, Body: `{"status":"ok","payload":{"total":11,"limit":10,"offset":10,"results":[` + domains(11, 11) + `]}}`},
			fake.Reply{Status: 200, Body: `{"status":"ok","payload":{"id":4512,"domain":"example.com","enabled":true}}`},
		)
		var want strings.Builder
		for i := 1; i <= 11; i++ {
			fmt.Fprintf(&want, "%d d%d.example\n", i, i)
		}
		want.WriteString("example.com enabled: true\n")
		expectRun(t, bin, want.String(), "", "STORMWALL_BASE_URL="+srv.URL, "STORMWALL_API_TOKEN="+fake.Token)
		reqs := srv.Requests()
		if len(reqs) != 3 || reqs[1].Query.Get("offset") != "10" || reqs[1].Query.Get("serviceId") != "1021" || reqs[2].Path != "/v3/domains/4512" {
			t.Errorf("the example's requests: %+v", reqs)
		}
		expectRun(t, bin, "", "StormWall refused: HTTP 403 FORBIDDEN: Token is not valid", "STORMWALL_BASE_URL="+srv.URL, "STORMWALL_API_TOKEN=")
	})
	t.Run("wallarm", func(t *testing.T) {
		bin, srv := build(t, "wallarm"), fake.Wallarm(t)
		srv.Push(fake.Reply{Status: 200, Body: `{"status":200,"body":{"username":"admin@example.com","clientid":8}}`},
			// Shorter than the default page (50): the last page.
			fake.Reply{Status: 200, Body: `{"status":200,"body":[{"type":"sqli","domain":"shop.example"},{"type":"xss","domain":"shop.example"}]}`})
		expectRun(t, bin, "admin@example.com client 8\nsqli shop.example\nxss shop.example\n", "", "WALLARM_BASE_URL="+srv.URL, "WALLARM_API_UUID="+fake.UUID, "WALLARM_API_SECRET="+fake.Secret, "WALLARM_API_TOKEN=")
		expectRun(t, bin, "", "Wallarm refused: HTTP 403: Access denied", "WALLARM_BASE_URL="+srv.URL, "WALLARM_API_TOKEN=nope")
	})
	t.Run("admtools", func(t *testing.T) {
		bin, srv := build(t, "admtools"), fake.Admtools(t)
		srv.Push(fake.Reply{Status: 200, Body: `{"result":true,"response":{"balance":"120.50"}}`},
			fake.Reply{Status: 200, Body: `{"result":true,"response":{"list":{"b.example":{"id":2},"a.example":{"id":"1"}}}}`},
			fake.Reply{Status: 200, Body: `{"result":true,"response":{"list":{"c.example":{"id":3}}}}`},
			fake.Reply{Status: 200, Body: `{"result":true,"response":{"list":{}}}`},
			fake.AdmtoolsOverLimit(3000))
		env := []string{"ADMTOOLS_BASE_URL=" + srv.URL, "ADMTOOLS_API_TOKEN=" + fake.Token}
		expectRun(t, bin, "balance: 120.50\na.example 1\nb.example 2\nc.example 3\nrequests left this hour: 3596\n", "", env...)
		expectRun(t, bin, "", "over the rate limit: try again in 50m0s", env...)
	})
}

// domains is a page of StormWall domains numbered from to to.
func domains(from, to int) string {
	var items []string
	for i := from; i <= to; i++ {
		items = append(items, fmt.Sprintf(`{"id":%d,"domain":"d%d.example"}`, i, i))
	}
	return strings.Join(items, ",")
}

func expectRun(t *testing.T, bin, stdout, stderr string, env ...string) {
	t.Helper()
	out, errOut, err := run(t, bin, env...)
	if stderr == "" && err != nil {
		t.Fatalf("%s failed: %v\n%s", filepath.Base(bin), err, errOut)
	}
	if stderr != "" && (err == nil || !strings.Contains(errOut, stderr)) {
		t.Fatalf("%s: exit %v, stderr %q; want failure with %q", filepath.Base(bin), err, errOut, stderr)
	}
	if !strings.Contains(out, stdout) {
		t.Errorf("%s: stdout %q, want %q", filepath.Base(bin), out, stdout)
	}
}

// TestREADMEShowsTheExamples keeps the README's programs the tested ones.
func TestREADMEShowsTheExamples(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"stormwall", "wallarm", "admtools"} {
		src, err := os.ReadFile(filepath.Join(name, "main.go"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(readme, src) {
			t.Errorf("README.md does not show examples/%s/main.go verbatim", name)
		}
	}
}
