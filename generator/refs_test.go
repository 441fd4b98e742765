package generator_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/apigen-dev/apigen/generator"
)

const refSpec = `openapi: 3.0.3
info: {title: external refs, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: "%s"
`

func runRef(t *testing.T, ref string, allow []string) ([]byte, error) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "spec.yaml"), []byte(fmt.Sprintf(refSpec, ref)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "shared.yaml"), []byte("Widget:\n  type: object\n  properties:\n    size: {type: integer}\n    part: {$ref: 'parts.yaml#/Part'}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "parts.yaml"), []byte("Part:\n  type: object\n  properties:\n    sku: {type: string}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A folder outside the spec's, and a link to it from inside.
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "shared.yaml"), []byte("Widget: {type: object}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "escape")); err != nil {
		t.Fatal(err)
	}
	cfg := &generator.Config{Path: "test", Dir: dir, Vendors: []generator.Vendor{{
		Name: "x", Package: "x", Spec: "spec.yaml", Output: "out", AllowRefs: allow,
	}}}
	res, err := generator.Generate(context.Background(), cfg, generator.Options{})
	if err != nil {
		return nil, err
	}
	for _, f := range res[0].Files {
		if f.Path == "client.go" {
			return f.Data, nil
		}
	}
	return nil, nil
}

func TestExternalRefsRefusedByDefault(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	for _, ref := range []string{srv.URL + "/s.yaml#/Widget", "http://169.254.169.254/latest/meta-data#/x", "file:///etc/passwd#/x",
		"../shared.yaml#/Widget", "/etc/passwd#/x", "sub/../../shared.yaml#/Widget", "escape/shared.yaml#/Widget"} {
		_, err := runRef(t, ref, nil)
		want := fmt.Sprintf("spec.yaml:14:23: $ref %q points outside the spec", ref)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want an error containing %q", ref, err, want)
		}
	}
	if hits.Load() != 0 {
		t.Errorf("the generator dialled a refused reference %d times", hits.Load())
	}
}

func TestExternalRefsFollowedWhenAllowed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("Gadget:\n  type: object\n  properties:\n    weight: {type: number}\n"))
	}))
	defer srv.Close()
	src, err := runRef(t, srv.URL+"/s.yaml#/Gadget", []string{srv.URL + "/"})
	if err != nil || !strings.Contains(string(src), "Weight *float32") {
		t.Fatalf("remote: %v", err)
	}
	src, err = runRef(t, "shared.yaml#/Widget", []string{"shared.yaml"})
	if err != nil || !strings.Contains(string(src), "Size *int") {
		t.Fatalf("file: %v", err)
	}
	// An allow-list for one host does not open another.
	if _, err := runRef(t, "http://169.254.169.254/x.yaml#/A", []string{srv.URL + "/"}); err == nil {
		t.Fatal("a reference outside the allow-list was followed")
	}
}

// TestLocalFileRefsFollowedByDefault: a file beside the spec (and the files
// it refers to in turn) needs no allow-refs entry; a missing one is refused
// at the line of the $ref.
func TestLocalFileRefsFollowedByDefault(t *testing.T) {
	src, err := runRef(t, "shared.yaml#/Widget", nil)
	if err != nil || !strings.Contains(string(src), "Size *int") || !strings.Contains(string(src), "Sku *string") {
		t.Fatalf("a file beside the spec: %v\n%.400s", err, src)
	}
	_, err = runRef(t, "absent.yaml#/Widget", nil)
	if err == nil || !strings.Contains(err.Error(), `spec.yaml:14:23: $ref "absent.yaml#/Widget": the file`) || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("an absent sibling file: %v", err)
	}
}
