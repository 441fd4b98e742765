package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apigen-dev/apigen/generator"
)

// TestAddVendorFlow is README's "Adding a vendor", in its order, in a copy
// of the repository: add-vendor on a public spec, go generate, then what
// go test ./... checks of every configured vendor (vendors_test.go: the
// committed output is fresh, the lock is right, the package vets), for the
// new vendor. No file is edited by hand. Then lock: an edited
// snapshot's lock is refreshed, and an unchanged one left alone.
func TestAddVendorFlow(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go generate and go test in a copy of the repository")
	}
	spec, _ := filepath.Abs("../../../shared/corpus/lib-petstorev3.json")
	if _, err := os.Stat(spec); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("no shared/corpus beside the repository: %v", err)
		}
		t.Skip("no shared/corpus beside the repository")
	}
	dir := repoCopy(t)
	// The repository may already carry a vendor of this name (a maintainer
	// who followed the README in this very checkout): pick a free one.
	name := freeVendorName(t, filepath.Join(dir, "apigen.yaml"), "petstore")
	run := func(prog string, args ...string) string {
		t.Helper()
		cmd := exec.Command(prog, args...)
		cmd.Dir = dir
		start := time.Now()
		out, err := cmd.CombinedOutput()
		t.Logf("%s %s: %.1fs", prog, strings.Join(args, " "), time.Since(start).Seconds())
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", prog, args, err, out)
		}
		return string(out)
	}
	run("go", "run", "./cmd/apigen", "add-vendor", name, "--spec", spec)
	run("go", "generate", "./...")
	if _, err := os.Stat(filepath.Join(dir, "gen", name, "client.go")); err != nil {
		t.Fatal(err)
	}
	run("go", "test", ".", "-run", "/^"+name+"$")
	if out := run("go", "run", "./cmd/apigen", "vendors"); !strings.HasSuffix(out, name+"\n") {
		t.Errorf("apigen vendors: %q", out)
	}

	snapshot := filepath.Join(dir, "specs", name, "openapi.json")
	data, _ := os.ReadFile(snapshot)
	os.WriteFile(snapshot, append(data, '\n'), 0o644)
	if out := run("go", "run", "./cmd/apigen", "lock", "--vendor", name); !strings.Contains(out, "specs/"+name+"/lock.yaml updated") {
		t.Errorf("lock after an edit: %q", out)
	}
	lock, _ := os.ReadFile(filepath.Join(dir, "specs", name, "lock.yaml"))
	if out := run("go", "run", "./cmd/apigen", "lock"); !strings.Contains(out, name+": specs/"+name+"/lock.yaml unchanged") {
		t.Errorf("lock again: %q", out)
	}
	if again, _ := os.ReadFile(filepath.Join(dir, "specs", name, "lock.yaml")); string(again) != string(lock) {
		t.Error("an unchanged lock was rewritten")
	}
	run("go", "test", ".", "-run", "TestSnapshotLocks/^"+name+"$")
}

// freeVendorName returns base, or base with a number, whichever the config
// at path does not name yet.
func freeVendorName(t *testing.T, path, base string) string {
	t.Helper()
	cfg, err := generator.LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; ; i++ {
		name := base
		if i > 1 {
			name = fmt.Sprintf("%s%d", base, i)
		}
		if _, err := cfg.Vendor(name); err != nil {
			return name
		}
	}
}
