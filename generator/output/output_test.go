package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func gen(body string) []byte { return []byte("// " + Marker + "\n" + body) }

func TestWriteOnlyChangedAndPrune(t *testing.T) {
	dir := t.TempDir()
	first := []File{{Path: "a.go", Data: gen("a")}, {Path: "sub/b.go", Data: gen("b")}, {Path: "c.go", Data: gen("c")}}
	res, err := Write(dir, first)
	if err != nil || len(res.Written) != 3 {
		t.Fatalf("first write: %+v %v", res, err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "a.go"), old, old); err != nil {
		t.Fatal(err)
	}
	// A hand-written file without the marker must survive pruning.
	if err := os.WriteFile(filepath.Join(dir, "handwritten.go"), []byte("package x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	second := []File{{Path: "a.go", Data: gen("a")}, {Path: "sub/b.go", Data: gen("b2")}}
	res, err = Write(dir, second)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.Written, ",") != "sub/b.go" || strings.Join(res.Unchanged, ",") != "a.go" || strings.Join(res.Pruned, ",") != "c.go" {
		t.Fatalf("second write: %+v", res)
	}
	if fi, _ := os.Stat(filepath.Join(dir, "a.go")); !fi.ModTime().Equal(old) {
		t.Error("an unchanged file was rewritten (mtime moved)")
	}
	if _, err := os.Stat(filepath.Join(dir, "handwritten.go")); err != nil {
		t.Error("a hand-written file was pruned")
	}
	if _, err := os.Stat(filepath.Join(dir, "c.go")); !os.IsNotExist(err) {
		t.Error("stale generated file c.go survived")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".apigen-*")); len(left) > 0 {
		t.Errorf("temp files left behind: %v", left)
	}
}

func TestCheckRejectsEscapingPaths(t *testing.T) {
	for _, p := range []string{"../x.go", "/etc/passwd", "a/../../b", "", "a//b", `a\b`, "./a"} {
		if err := Check([]File{{Path: p}}); err == nil {
			t.Errorf("path %q accepted", p)
		}
	}
	if err := Check([]File{{Path: "a.go"}, {Path: "a.go"}}); err == nil {
		t.Error("duplicate path accepted")
	}
	dir := t.TempDir()
	outside := filepath.Join(filepath.Dir(dir), "outside-"+filepath.Base(dir))
	if _, err := Write(dir, []File{{Path: "../outside-" + filepath.Base(dir), Data: gen("x")}}); err == nil {
		t.Fatal("write outside the output directory accepted")
	}
	if _, err := os.Stat(outside); !os.IsNotExist(err) {
		t.Fatal("a file was written outside the output directory")
	}
}

func TestIsGenerated(t *testing.T) {
	for in, want := range map[string]bool{
		"// " + Marker + "\npackage x": true,
		"# " + Marker + "\nkey: v":     true,
		"package x\n// " + Marker:      false,
		"":                             false,
	} {
		if got := IsGenerated([]byte(in)); got != want {
			t.Errorf("IsGenerated(%q) = %v", in, got)
		}
	}
}
