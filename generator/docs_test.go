package generator_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/apigen-dev/apigen/generator"
	"github.com/apigen-dev/apigen/internal/publictext"
)

// The sample tabs every operation shows, and the file-name word of each in
// the screenshots.
var sampleTabs = []struct{ label, file string }{
	{"cURL", "curl"}, {"cURL (Windows)", "windows"}, {"Go", "go"},
}

// One operation per vendor is photographed with each tab open.
var photographed = map[string]string{
	"stormwall": "addBackend",
	"wallarm":   "createIPRule",
	"admtools":  "dnsRecordAdd",
}

// TestDocsSiteInChromium builds the docs site from the repository's own
// config and decorated specs, serves it locally and renders it in real
// headless Chromium at a 1400 px wide window, as a reader would see it:
//
//   - the index lists every published vendor with its title, version,
//     operation count, snapshot date and a link to its decorated spec;
//   - each page's title and heading are the vendor's, every operation shows
//     the three sample tabs, and no text on the page is a repository
//     coordinate or a note to maintainers;
//   - with each tab opened on every operation, no code block whose lines are
//     all under 100 characters needs horizontal scrolling (its scrollWidth
//     exceeds its clientWidth).
//
// It saves a screenshot of one operation per vendor per tab in
// $APIGEN_DOCS_SCREENSHOTS (default: apigen-docs-screenshots in the temp dir).
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
	if cfg.Docs == nil || len(cfg.Docs.Vendors) != 3 {
		t.Fatal("apigen.yaml's docs section must publish the three vendors")
	}
	shots := os.Getenv("APIGEN_DOCS_SCREENSHOTS")
	if shots == "" {
		shots = filepath.Join(os.TempDir(), "apigen-docs-screenshots")
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	site := t.TempDir()
	if _, err := generator.Docs(cfg, generator.DocsOptions{Out: site}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(site)))
	defer srv.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox,
		chromedp.WindowSize(1400, 1000), chromedp.Flag("disable-quic", true), chromedp.Flag("disable-component-update", true))
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()

	t.Run("index", func(t *testing.T) { checkIndex(t, alloc, srv.URL, cfg) })
	for _, v := range cfg.Docs.Vendors {
		t.Run(v, func(t *testing.T) {
			i := 0
			for cfg.Vendors[i].Name != v {
				i++
			}
			checkVendorPage(t, alloc, srv.URL, site, shots, cfg.Vendors[i].Name, cfg.Vendors[i].Title)
		})
	}
}

func checkIndex(t *testing.T, alloc context.Context, base string, cfg *generator.Config) {
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, time.Minute)
	defer cancel()
	var title, text string
	var rows [][]string
	err := chromedp.Run(ctx,
		chromedp.Navigate(base+"/index.html"),
		chromedp.WaitVisible(`table`, chromedp.ByQuery),
		chromedp.Title(&title),
		chromedp.Evaluate(`document.body.innerText`, &text),
		chromedp.Evaluate(`[...document.querySelectorAll('tbody tr')].map(r => [...r.cells].map(c => c.innerText.trim()).concat([r.querySelector('a.api').getAttribute('href'), r.cells[4].querySelector('a').getAttribute('href')]))`, &rows),
	)
	if err != nil {
		t.Fatal(err)
	}
	if title != cfg.Docs.Title {
		t.Errorf("index title %q, want the configured %q", title, cfg.Docs.Title)
	}
	if len(rows) != len(cfg.Docs.Vendors) {
		t.Fatalf("index lists %d APIs, want %d: %v", len(rows), len(cfg.Docs.Vendors), rows)
	}
	for i, name := range cfg.Docs.Vendors {
		r := rows[i]
		// title, version, operations, snapshot, spec link text, page, spec file
		if r[5] != name+".html" || r[6] != name+".openapi.json" || r[1] == "" || r[2] == "0" || len(r[3]) != len("2026-01-02") {
			t.Errorf("index row %d: %q; want %s's title, version, operation count, snapshot date and spec", i, r, name)
		}
	}
	for _, l := range publictext.Find(text) {
		t.Errorf("index shows a %s: %q", l.Kind, l.Text)
	}
}

// blocksJS lists the code blocks of the open sample tabs: the operation,
// the longest line (tabs four columns wide, as the page sets them), and
// the block's scroll and client widths.
const blocksJS = `[...document.querySelectorAll('#redoc [role="tabpanel"] pre')].map(p => {
  const op = p.closest('[data-section-id]');
  const cols = Math.max(...p.innerText.split('\n').map(l => l.replace(/\t/g, '    ').length));
  return {op: op ? op.getAttribute('data-section-id') : '?', cols: cols, scroll: p.scrollWidth, client: p.clientWidth};
})`

type codeBlock struct {
	Op     string `json:"op"`
	Cols   int    `json:"cols"`
	Scroll int    `json:"scroll"`
	Client int    `json:"client"`
}

func checkVendorPage(t *testing.T, alloc context.Context, base, site, shots, name, want string) {
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	var title, heading, text string
	var labels []string
	err := chromedp.Run(ctx,
		chromedp.Navigate(base+"/"+name+".html"),
		chromedp.WaitVisible(`li[role="tab"]`, chromedp.ByQuery),
		chromedp.Title(&title),
		chromedp.Evaluate(`document.querySelector('#redoc .api-info h1').innerText.trim()`, &heading),
		chromedp.Evaluate(`document.body.innerText`, &text),
		chromedp.Evaluate(`[...document.querySelectorAll('#redoc li[role="tab"]')].map(t => t.innerText)`, &labels),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(title, want+" · ") || heading != want {
		t.Errorf("page title %q and heading %q, want the vendor's %q", title, heading, want)
	}
	for _, l := range publictext.Find(text) {
		t.Errorf("page shows a %s: %q", l.Kind, l.Text)
	}
	ops := operations(t, filepath.Join(site, name+".openapi.json"))
	for _, tab := range sampleTabs {
		if n := strings.Count(strings.Join(labels, "\n")+"\n", tab.label+"\n"); n != ops {
			t.Errorf("%d operations show the %s tab, want all %d", n, tab.label, ops)
		}
	}
	for _, tab := range sampleTabs {
		var blocks []codeBlock
		var shot []byte
		err := chromedp.Run(ctx,
			chromedp.Evaluate(fmt.Sprintf(`[...document.querySelectorAll('#redoc li[role="tab"]')].filter(t => t.innerText === %q).forEach(t => t.click())`, tab.label), nil),
			chromedp.Sleep(300*time.Millisecond),
			chromedp.Evaluate(blocksJS, &blocks),
			chromedp.Evaluate(fmt.Sprintf(`(() => {
  const op = document.querySelector('[data-section-id="operation/%s"]');
  window.scrollTo(0, op.getBoundingClientRect().top + window.scrollY - 48);
})()`, photographed[name]), nil),
			chromedp.Sleep(300*time.Millisecond),
			chromedp.CaptureScreenshot(&shot),
		)
		if err != nil {
			t.Fatal(err)
		}
		if len(blocks) != ops {
			t.Errorf("%s: %d code blocks open, want one per operation (%d)", tab.label, len(blocks), ops)
		}
		cut, widest := 0, 0
		for _, b := range blocks {
			widest = max(widest, b.Cols)
			if b.Cols < 100 && b.Scroll > b.Client {
				cut++
				if cut <= 5 {
					t.Errorf("%s %s sample: lines of at most %d characters, yet %d px of %d are hidden behind a scrollbar",
						b.Op, tab.label, b.Cols, b.Scroll-b.Client, b.Scroll)
				}
			}
		}
		if cut > 5 {
			t.Errorf("%s: %d samples under 100 characters a line are cut off in all", tab.label, cut)
		}
		png := filepath.Join(shots, name+"-"+tab.file+".png")
		if err := os.WriteFile(png, shot, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d %s samples, widest line %d characters, %d cut off; screenshot %s", name, len(blocks), tab.label, widest, cut, png)
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
