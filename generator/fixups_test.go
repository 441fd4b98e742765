package generator_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apigen-dev/apigen/generator"
)

// TestFixupsOverlayIsTheWholeStory: the emitted fixups.overlay.yaml must be
// exactly what apigen changed. Applying it as one more overlay and
// generating again must need no further fix-up and give the same client.
func TestFixupsOverlayIsTheWholeStory(t *testing.T) {
	cfg, err := generator.LoadConfig("../apigen.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// The golden cases that exercise every kind of fix-up join the vendors.
	for _, c := range []string{"fixups", "selfcheck", "name-collisions"} {
		cfg.Vendors = append(cfg.Vendors, generator.Vendor{Name: c, Package: strings.ReplaceAll(c, "-", ""),
			Spec: "generator/testdata/" + c + "/spec.yaml", Output: "unused"})
	}
	first, err := generator.Generate(context.Background(), cfg, generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range first {
		t.Run(r.Vendor.Name, func(t *testing.T) {
			files := map[string][]byte{}
			for _, f := range r.Files {
				files[f.Path] = f.Data
			}
			fix, ok := files["fixups.overlay.yaml"]
			if !ok {
				t.Skip("no fix-ups for this vendor")
			}
			path := filepath.Join(t.TempDir(), "fixups.overlay.yaml")
			if err := os.WriteFile(path, fix, 0o644); err != nil {
				t.Fatal(err)
			}
			again := *cfg
			again.Vendors = append([]generator.Vendor(nil), cfg.Vendors...)
			v := &again.Vendors[i]
			v.Overlays = append(append([]string(nil), v.Overlays...), path)
			res, err := generator.Generate(context.Background(), &again, generator.Options{Vendors: []string{v.Name}})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range res[0].Files {
				if f.Path == "fixups.overlay.yaml" {
					t.Errorf("after applying the fix-ups, apigen still changed the spec:\n%s", f.Data)
				}
				if f.Path == "client.go" && !bytes.Equal(f.Data, files["client.go"]) {
					t.Error("the fix-ups overlay does not reproduce the client apigen generated")
				}
			}
		})
	}
}
