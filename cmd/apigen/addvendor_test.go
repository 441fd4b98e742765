package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
	run := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		start := time.Now()
		out, err := cmd.CombinedOutput()
		t.Logf("%s %s: %.1fs", name, strings.Join(args, " "), time.Since(start).Seconds())
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
		return string(out)
	}
	run("go", "run", "./cmd/apigen", "add-vendor", "petstore", "--spec", spec)
	run("go", "generate", "./...")
	if _, err := os.Stat(filepath.Join(dir, "gen/petstore/client.go")); err != nil {
		t.Fatal(err)
	}
	run("go", "test", ".", "-run", "/^petstore$")
	if out := run("go", "run", "./cmd/apigen", "vendors"); !strings.HasSuffix(out, "petstore\n") {
		t.Errorf("apigen vendors: %q", out)
	}

	snapshot := filepath.Join(dir, "specs/petstore/openapi.json")
	data, _ := os.ReadFile(snapshot)
	os.WriteFile(snapshot, append(data, '\n'), 0o644)
	if out := run("go", "run", "./cmd/apigen", "lock", "--vendor", "petstore"); !strings.Contains(out, "specs/petstore/lock.yaml updated") {
		t.Errorf("lock after an edit: %q", out)
	}
	lock, _ := os.ReadFile(filepath.Join(dir, "specs/petstore/lock.yaml"))
	if out := run("go", "run", "./cmd/apigen", "lock"); !strings.Contains(out, "petstore: specs/petstore/lock.yaml unchanged") {
		t.Errorf("lock again: %q", out)
	}
	if again, _ := os.ReadFile(filepath.Join(dir, "specs/petstore/lock.yaml")); string(again) != string(lock) {
		t.Error("an unchanged lock was rewritten")
	}
	run("go", "test", ".", "-run", "TestSnapshotLocks/^petstore$")
}
