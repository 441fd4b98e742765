package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// vendorProject copies the StormWall and Wallarm specs and overlays into a
// temp project (the two vendors generate in about a second).
func vendorProject(t *testing.T, order []string) string {
	t.Helper()
	dir := t.TempDir()
	var cfg strings.Builder
	cfg.WriteString("vendors:\n")
	for _, v := range order {
		spec, _ := os.ReadFile(filepath.Join("../../specs", v, "openapi.yaml"))
		write(t, filepath.Join(dir, "specs", v, "openapi.yaml"), string(spec))
		overlays, _ := filepath.Glob(filepath.Join("../../overlays", v, "*.yaml"))
		fmt.Fprintf(&cfg, "  - name: %s\n    package: %s\n    spec: specs/%s/openapi.yaml\n    output: gen/%s\n    overlays:\n", v, v, v, v)
		for _, o := range overlays {
			data, _ := os.ReadFile(o)
			write(t, filepath.Join(dir, "overlays", v, filepath.Base(o)), string(data))
			fmt.Fprintf(&cfg, "      - overlays/%s/%s\n", v, filepath.Base(o))
		}
	}
	write(t, filepath.Join(dir, "apigen.yaml"), cfg.String())
	return dir
}

// tree reads every file under dir, relative path to bytes.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out[rel], _ = os.ReadFile(p)
		}
		return nil
	})
	return out
}

// TestKilledGenerateNeverTearsAFile kills `apigen generate` with SIGKILL at
// random moments while it replaces every file of two vendors. After each
// kill every file is wholly the old or wholly the new version; the next
// run completes the job and leaves no temp file behind.
func TestKilledGenerateNeverTearsAFile(t *testing.T) {
	bin := buildApigen(t)
	dir := vendorProject(t, []string{"stormwall", "wallarm"})
	gen := func() {
		if out, err := exec.Command(bin, "generate", "-q", "--full", "--config", filepath.Join(dir, "apigen.yaml")).CombinedOutput(); err != nil {
			t.Fatalf("generate: %v\n%s", err, out)
		}
	}
	gen()
	old := tree(t, filepath.Join(dir, "gen"))
	// A new title changes every generated file.
	for _, v := range []string{"stormwall", "wallarm"} {
		p := filepath.Join(dir, "specs", v, "openapi.yaml")
		data, _ := os.ReadFile(p)
		write(t, p, strings.Replace(string(data), "title:", "title: Renamed", 1))
	}
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 0))
	t.Logf("seed %d", seed)
	var new map[string][]byte
	for round := range 8 {
		cmd := exec.Command(bin, "generate", "-q", "--full", "--config", filepath.Join(dir, "apigen.yaml"))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.IntN(1500)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if new == nil {
			probe := vendorProject(t, []string{"stormwall", "wallarm"})
			for _, v := range []string{"stormwall", "wallarm"} {
				data, _ := os.ReadFile(filepath.Join(dir, "specs", v, "openapi.yaml"))
				write(t, filepath.Join(probe, "specs", v, "openapi.yaml"), string(data))
			}
			if out, err := exec.Command(bin, "generate", "-q", "--config", filepath.Join(probe, "apigen.yaml")).CombinedOutput(); err != nil {
				t.Fatalf("generate: %v\n%s", err, out)
			}
			new = tree(t, filepath.Join(probe, "gen"))
		}
		for rel, data := range tree(t, filepath.Join(dir, "gen")) {
			if strings.HasPrefix(filepath.Base(rel), ".apigen-") {
				continue // an unrenamed temp file: never a target; the next run removes it
			}
			if !bytes.Equal(data, old[rel]) && !bytes.Equal(data, new[rel]) {
				t.Fatalf("round %d: %s is torn (%d bytes, sha256 %x)", round, rel, len(data), sha256.Sum256(data))
			}
		}
	}
	gen()
	got := tree(t, filepath.Join(dir, "gen"))
	for rel := range got {
		if !bytes.Equal(got[rel], new[rel]) {
			t.Errorf("after the repair run %s differs from a clean generate", rel)
		}
	}
	if len(got) != len(new) {
		t.Errorf("after the repair run: %d files, a clean generate makes %d", len(got), len(new))
	}
}

// TestKilledFetchKeepsTheSnapshot kills `apigen fetch` while the server is
// still sending the new spec: the snapshot and lock are wholly old or
// wholly new after every kill, and the next fetch completes.
func TestKilledFetchKeepsTheSnapshot(t *testing.T) {
	bin := buildApigen(t)
	spec, _ := os.ReadFile("../../generator/testdata/openapi30/spec.yaml")
	newSpec := bytes.Replace(spec, []byte("title:"), []byte("title: Fetched"), 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/yaml")
		for i := 0; i < len(newSpec); i += 64 { // slowly, so a kill lands mid-body
			w.Write(newSpec[i:min(i+64, len(newSpec))])
			w.(http.Flusher).Flush()
			time.Sleep(5 * time.Millisecond)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "spec.yaml"), string(spec))
	write(t, filepath.Join(dir, "lock.yaml"), "source: "+srv.URL+"\norigin: authored-from-docs\nsha256: x\ndate: \"2026-11-24\"\n")
	write(t, filepath.Join(dir, "apigen.yaml"), "vendors:\n  - name: acme\n    package: acme\n    spec: spec.yaml\n    source: "+srv.URL+"/spec.yaml\n    output: gen\n")
	oldLock, _ := os.ReadFile(filepath.Join(dir, "lock.yaml"))
	fetch := func() *exec.Cmd {
		return exec.Command(bin, "fetch", "--allow-http", "--config", filepath.Join(dir, "apigen.yaml"))
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	for round := range 6 {
		cmd := fetch()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.IntN(400)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		got, _ := os.ReadFile(filepath.Join(dir, "spec.yaml"))
		if !bytes.Equal(got, spec) && !bytes.Equal(got, newSpec) {
			t.Fatalf("round %d: the snapshot is torn (%d bytes)", round, len(got))
		}
		lock, _ := os.ReadFile(filepath.Join(dir, "lock.yaml"))
		if !bytes.Equal(lock, oldLock) && !bytes.Contains(lock, []byte("origin: fetched")) {
			t.Fatalf("round %d: the lock is torn:\n%s", round, lock)
		}
	}
	if out, err := fetch().CombinedOutput(); err != nil {
		t.Fatalf("fetch after the kills: %v\n%s", err, out)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "spec.yaml"))
	if !bytes.Equal(got, newSpec) {
		t.Error("the fetch after the kills did not install the new spec")
	}
	entries, _ := os.ReadDir(dir)
	if slices.ContainsFunc(entries, func(e os.DirEntry) bool { return strings.HasPrefix(e.Name(), ".apigen-") }) {
		t.Error("a temp file of a killed fetch is still there after a complete one")
	}
}
