package generator_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apigen-dev/apigen/generator"
	"github.com/apigen-dev/apigen/generator/fetch"
)

func specWithOps(n int) string {
	var b strings.Builder
	b.WriteString(`{"openapi":"3.0.3","info":{"title":"live","version":"1"},"paths":{`)
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"/op%d":{"get":{"operationId":"op%d","responses":{"200":{"description":"ok"}}}}`, i, i)
	}
	b.WriteString("}}")
	return b.String()
}

// vendorServer is a vendor's site: a spec with an ETag, a Swagger UI page
// that names it, and every fault a download can meet.
func vendorServer(t *testing.T, version *atomic.Int64) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/spec.json", func(w http.ResponseWriter, r *http.Request) {
		etag := fmt.Sprintf(`"v%d"`, version.Load())
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(specWithOps(int(version.Load()) + 1)))
	})
	mux.HandleFunc("/console/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<!DOCTYPE html><html><body><div id="swagger-ui"></div>
<script src="./swagger-initializer.js" charset="UTF-8"></script></body></html>`))
	})
	mux.HandleFunc("/console/swagger-initializer.js", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`window.onload = function() { window.ui = SwaggerUIBundle({ url: "../spec.json", dom_id: '#swagger-ui' }); };`))
	})
	mux.HandleFunc("/hang", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	mux.HandleFunc("/500", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) })
	mux.HandleFunc("/truncated", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100000")
		w.Write([]byte(specWithOps(1)[:40]))
	})
	mux.HandleFunc("/html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body>Maintenance</body></html>"))
	})
	mux.HandleFunc("/invalid", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{"hello":"world"}`)) })
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(specWithOps(400))) })
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	srv := httptest.NewTLSServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// fetchProject is a one-vendor project whose snapshot is authored.
func fetchProject(t *testing.T, source string) (*generator.Config, string) {
	t.Helper()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "specs"), 0o755)
	os.WriteFile(filepath.Join(dir, "specs", "openapi.yaml"), []byte(specWithOps(1)), 0o644)
	os.WriteFile(filepath.Join(dir, "specs", "lock.yaml"), []byte("source: "+source+"\norigin: authored-from-docs\nsha256: x\ndate: \"2026-11-24\"\n"), 0o644)
	cfg := &generator.Config{Path: "apigen.yaml", Dir: dir, Vendors: []generator.Vendor{{
		Name: "acme", Package: "acme", Spec: "specs/openapi.yaml", Output: "gen", Source: source,
	}}}
	return cfg, dir
}

func snapshotOf(t *testing.T, dir string) string {
	spec, _ := os.ReadFile(filepath.Join(dir, "specs", "openapi.yaml"))
	lock, _ := os.ReadFile(filepath.Join(dir, "specs", "lock.yaml"))
	return string(spec) + "\n--\n" + string(lock)
}

func TestFetchConditionalAndDiscovery(t *testing.T) {
	var version atomic.Int64
	srv := vendorServer(t, &version)
	var seen atomic.Int64
	opts := fetch.Options{Client: srv.Client(), Timeout: 5 * time.Second,
		Progress: func(_ string, _ int64, body io.Reader) io.Reader { return countingReader{body, &seen} }}
	for _, source := range []string{srv.URL + "/spec.json", srv.URL + "/console/"} {
		version.Store(1)
		cfg, dir := fetchProject(t, source)
		day := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
		reps, err := generator.Fetch(context.Background(), cfg, nil, opts, day)
		if err != nil || len(reps) != 1 || !reps[0].Changed || reps[0].Added != 1 || reps[0].Removed != 0 || reps[0].URL != srv.URL+"/spec.json" {
			t.Fatalf("%s: first fetch %+v %v", source, reps, err)
		}
		if spec, _ := os.ReadFile(filepath.Join(dir, "specs", "openapi.yaml")); seen.Load() < int64(len(spec)) {
			t.Errorf("%s: the progress hook saw %d bytes of a %d-byte spec", source, seen.Load(), len(spec))
		}
		lock, err := fetch.ReadLock(filepath.Join(dir, "specs", "lock.yaml"))
		if err != nil || lock.Origin != "fetched" || lock.ETag != `"v1"` || lock.Date != "2026-12-01" || lock.URL != srv.URL+"/spec.json" {
			t.Fatalf("lock %+v %v", lock, err)
		}
		before := snapshotOf(t, dir)
		reps, err = generator.Fetch(context.Background(), cfg, nil, opts, day.Add(24*time.Hour))
		if err != nil || reps[0].Changed || snapshotOf(t, dir) != before {
			t.Fatalf("%s: 304 must leave everything as it is: %+v %v", source, reps, err)
		}
		version.Store(2)
		reps, _ = generator.Fetch(context.Background(), cfg, nil, opts, day)
		if !reps[0].Changed || reps[0].Added != 1 || reps[0].Breaking != 0 {
			t.Errorf("%s: v2: %+v", source, reps)
		}
	}
}

func TestFetchFaultsLeaveTheSnapshot(t *testing.T) {
	var version atomic.Int64
	srv := vendorServer(t, &version)
	for _, tc := range []struct{ path, want string }{
		{"/hang", "timed out"},
		{"/500", "HTTP 500"},
		{"/truncated", "cut short"},
		{"/html", "names no spec"},
		{"/invalid", "not a usable spec"},
		{"/big", "larger than the 20000-byte limit"},
		{"/loop", "more than 5 redirects"},
	} {
		cfg, dir := fetchProject(t, srv.URL+tc.path)
		before := snapshotOf(t, dir)
		opts := fetch.Options{Client: srv.Client(), Timeout: 300 * time.Millisecond, MaxBytes: 20000}
		_, err := generator.Fetch(context.Background(), cfg, nil, opts, time.Now())
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "acme: fetch") || !strings.Contains(err.Error(), srv.URL) {
			t.Errorf("%s: got %v, want an error naming the vendor, URL and %q", tc.path, err, tc.want)
		}
		if snapshotOf(t, dir) != before {
			t.Errorf("%s: the snapshot or lock changed after a failed fetch", tc.path)
		}
	}
	cfg, _ := fetchProject(t, strings.Replace(srv.URL, "https:", "http:", 1)+"/spec.json")
	if _, err := generator.Fetch(context.Background(), cfg, nil, fetch.Options{}, time.Now()); err == nil || !strings.Contains(err.Error(), "want an https URL") {
		t.Errorf("plain http without --allow-http: %v", err)
	}
}

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// TestFetchUnchangedKeepsTheLock: the first fetch of an authored snapshot
// that matches the live spec says unchanged and leaves the snapshot and its
// lock byte for byte (origin, notes and all).
func TestFetchUnchangedKeepsTheLock(t *testing.T) {
	var version atomic.Int64 // v0 serves specWithOps(1), the authored snapshot
	srv := vendorServer(t, &version)
	cfg, dir := fetchProject(t, srv.URL+"/console/")
	lockPath := filepath.Join(dir, "specs", "lock.yaml")
	os.WriteFile(lockPath, []byte("# authored by hand\nsource: "+srv.URL+"/console/\norigin: authored-from-docs\nsha256: x\ndate: \"2026-11-24\"\nnotes: from the vendor's guide\n"), 0o644)
	before := snapshotOf(t, dir)
	reps, err := generator.Fetch(context.Background(), cfg, nil, fetch.Options{Client: srv.Client()}, time.Now())
	if err != nil || len(reps) != 1 || reps[0].Changed || reps[0].URL != srv.URL+"/spec.json" {
		t.Fatalf("%+v %v", reps, err)
	}
	if after := snapshotOf(t, dir); after != before {
		t.Errorf("an unchanged fetch rewrote the snapshot or lock:\n%s\nwas\n%s", after, before)
	}
}

// TestFetchSkipsDocumentedVendors: a vendor whose source is documentation
// (source-kind: docs) or that has no source is reported skipped, not failed.
func TestFetchSkipsDocumentedVendors(t *testing.T) {
	cfg, dir := fetchProject(t, "https://docs.example.com/api")
	cfg.Vendors[0].SourceKind = generator.SourceDocs
	before := snapshotOf(t, dir)
	reps, err := generator.Fetch(context.Background(), cfg, nil, fetch.Options{}, time.Now())
	if err != nil || len(reps) != 1 || !strings.Contains(reps[0].Skipped, "source-kind: docs") || snapshotOf(t, dir) != before {
		t.Fatalf("%+v %v", reps, err)
	}
}
