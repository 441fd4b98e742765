package main

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestGenerateIsDeterministic generates the same two vendors ten times, with
// GOMAXPROCS 1 and 2 and the vendors listed in both orders: every run must
// produce the same bytes, file for file.
func TestGenerateIsDeterministic(t *testing.T) {
	bin := buildApigen(t)
	var first map[string][]byte
	for run := range 10 {
		order := []string{"stormwall", "wallarm"}
		if run%3 == 1 {
			order = []string{"wallarm", "stormwall"}
		}
		dir := vendorProject(t, order)
		cmd := exec.Command(bin, "generate", "-q", "--config", filepath.Join(dir, "apigen.yaml"))
		cmd.Env = append(cmd.Environ(), "GOMAXPROCS="+[]string{"1", "2"}[run%2])
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("run %d: %v\n%s", run, err, out)
		}
		got := tree(t, filepath.Join(dir, "gen"))
		if first == nil {
			first = got
			continue
		}
		if len(got) != len(first) {
			t.Fatalf("run %d made %d files, run 0 made %d", run, len(got), len(first))
		}
		for rel, data := range got {
			if !bytes.Equal(data, first[rel]) {
				t.Errorf("run %d (GOMAXPROCS=%d, order %v): %s differs from run 0", run, run%2+1, order, rel)
			}
		}
	}
	t.Logf("10 runs, %d files each, identical", len(first))
}
