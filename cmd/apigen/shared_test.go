package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// The tests that run real processes share what is expensive to make: one
// apigen binary, and one place for copies of the repository.

// scratch is the test process's own directory, removed by TestMain.
var scratch = sync.OnceValues(func() (string, error) { return os.MkdirTemp("", "apigen-cmd-test-") })

func TestMain(m *testing.M) {
	code := m.Run()
	if dir, err := scratch(); err == nil {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

func scratchDir(t *testing.T) string {
	t.Helper()
	dir, err := scratch()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

var built struct {
	once sync.Once
	bin  string
	err  error
}

// buildApigen builds the CLI once per test process, for tests that must
// kill or re-run a real process.
func buildApigen(t *testing.T) string {
	t.Helper()
	dir := scratchDir(t)
	built.once.Do(func() {
		built.bin = filepath.Join(dir, "apigen")
		if out, err := exec.Command("go", "build", "-o", built.bin, ".").CombinedOutput(); err != nil {
			built.err = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.bin
}

// repoCopy copies the repository's files (tracked, and new ones not
// ignored) into a fresh git repository and commits them. Every copy is made
// at the same path, replacing the last one: the go build cache keys a
// package by its directory, so the first test that builds apigen in a copy
// pays for compiling its packages (most of a minute) and the next ones
// only link. Tests that use it must not run in parallel.
func repoCopy(t *testing.T) string {
	t.Helper()
	root, _ := filepath.Abs("../..")
	list, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	dir := filepath.Join(scratchDir(t), "repo")
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	for _, f := range strings.Split(strings.TrimRight(string(list), "\x00"), "\x00") {
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			continue // deleted in the work tree
		}
		os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git(t, dir, "init", "-q")
	git(t, dir, "add", "--all")
	git(t, dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "base")
	return dir
}
