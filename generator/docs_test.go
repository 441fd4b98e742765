package generator_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/apigen-dev/apigen/generator"
)

// TestDocsSiteInChromium builds the docs site from the repository's own
// config and decorated specs, serves it locally and renders it in real
// headless Chromium. On each page every operation must show the three
// sample tabs, and one operation's cURL and Go samples (clicked open, as a
// reader would) must be in the rendered DOM. A screenshot is left in the
// test's temp dir for a human.
func TestDocsSiteInChromium(t *testing.T) {
	chromium := needTool(t, "chromium")
	root, _ := filepath.Abs("..")
	if _, err := os.Stat(filepath.Join(root, generator.DefaultRedoc)); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Redoc is not installed (.ci/run runs npm ci --prefix web): %v", err)
		}
		t.Skipf("Redoc is not installed: run npm ci --prefix web")
	}
	cfg, err := generator.LoadConfig(filepath.Join(root, "apigen.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	site := t.TempDir()
	if _, err := generator.Docs(cfg, generator.DocsOptions{Out: site}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(site)))
	defer srv.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox,
		chromedp.WindowSize(1400, 1000))
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	for _, c := range []struct{ vendor, want string }{
		{"stormwall", "x-api-key: ${STORMWALL_API_TOKEN}"},
		{"wallarm", "X-WallarmApi-Token: ${WALLARM_API_TOKEN}"},
		{"admtools", "Authorization: Bearer ${ADMTOOLS_API_TOKEN}"},
	} {
		t.Run(c.vendor, func(t *testing.T) {
			ctx, cancel := chromedp.NewContext(alloc)
			defer cancel()
			ctx, cancel = context.WithTimeout(ctx, 300*time.Second)
			defer cancel()
			var tabs int
			var curl, goSample string
			var shot []byte
			err := chromedp.Run(ctx,
				chromedp.Navigate(srv.URL+"/"+c.vendor+".html"),
				chromedp.WaitVisible(`li[role="tab"]`, chromedp.ByQuery),
				chromedp.Evaluate(`document.querySelectorAll('#redoc li[role="tab"]').length`, &tabs),
				chromedp.Text(`#redoc [role="tabpanel"]`, &curl, chromedp.ByQuery),
				chromedp.Click(`//li[@role="tab" and text()="Go"]`, chromedp.BySearch),
				chromedp.WaitVisible(`//li[@role="tab" and text()="Go" and @aria-selected="true"]`, chromedp.BySearch),
				chromedp.Evaluate(`[...document.querySelectorAll('#redoc [role="tabpanel"]')].map(p => p.innerText).join("\n")`, &goSample),
				// The viewport: a full-page shot of adm.tools (679 operations) is
				// more than Chromium will capture.
				chromedp.CaptureScreenshot(&shot),
			)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(curl, "curl --request") || !strings.Contains(curl, c.want) {
				t.Errorf("the first operation's cURL tab does not show its sample:\n%.500s", curl)
			}
			if !strings.Contains(goSample, "FromEnv()") || !strings.Contains(goSample, "errors.As(err, &apiErr)") {
				t.Errorf("the Go tab does not show the Go sample:\n%.800s", goSample)
			}
			var titles []string
			if err := chromedp.Run(ctx, chromedp.Evaluate(`[...document.querySelectorAll('#redoc li[role="tab"]')].map(t => t.innerText)`, &titles)); err != nil {
				t.Fatal(err)
			}
			samples := strings.Count(strings.Join(titles, "\n")+"\n", "cURL (Windows)\n")
			if ops := operations(t, filepath.Join(site, c.vendor+".json")); samples != ops {
				t.Errorf("%d operations show the Windows tab, want all %d", samples, ops)
			}
			png := filepath.Join(t.TempDir(), c.vendor+".png")
			if err := os.WriteFile(png, shot, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d tabs rendered; screenshot %s", c.vendor, tabs, png)
		})
	}
}

func operations(t *testing.T, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(data), `"x-codeSamples"`)
}
