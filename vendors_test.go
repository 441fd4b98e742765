package apigen_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path"
	"testing"
	"time"

	"github.com/apigen-dev/apigen/generator"
	"github.com/apigen-dev/apigen/generator/fetch"
)

// The checks every vendor in apigen.yaml gets from `go test ./...`: its
// committed package is what the generator makes now, its snapshot's lock
// is right, and the package vets. Each vendor is a subtest, and they live
// in this small package rather than beside the generated clients, so that
// cmd/apigen's TestAddVendorFlow can run them for the vendor it adds
// (-run '/^NAME$') without building every client's tests.

func loadConfig(t *testing.T) *generator.Config {
	t.Helper()
	cfg, err := generator.LoadConfig("apigen.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Vendors) == 0 {
		t.Fatal("apigen.yaml lists no vendor")
	}
	return cfg
}

// TestCommittedOutputIsFresh is apigen check inside go test: regenerate
// each vendor in memory and compare with the committed gen/ byte for byte,
// so a plain `go test ./...` fails when someone changed a spec, overlay,
// the config or the generator without running `go generate ./...`, or
// edited a generated file by hand.
func TestCommittedOutputIsFresh(t *testing.T) {
	cfg := loadConfig(t)
	for _, v := range cfg.Vendors {
		t.Run(v.Name, func(t *testing.T) {
			t.Parallel()
			res, err := generator.Check(context.Background(), cfg, generator.Options{Vendors: []string{v.Name}})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Files) == 0 {
				t.Fatal("no generated file compared")
			}
			for _, d := range res.Drift {
				t.Errorf("%s is %s: run go generate ./...\n%.2000s", d.Path, d.Kind, d.Diff)
			}
		})
	}
}

// TestGeneratedPackagesVet: generated code must compile and pass go vet.
func TestGeneratedPackagesVet(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go tool")
	}
	for _, v := range loadConfig(t).Vendors {
		t.Run(v.Name, func(t *testing.T) {
			out, err := exec.Command("go", "vet", "./"+path.Clean(v.Output)+"/...").CombinedOutput()
			if err != nil {
				t.Fatalf("go vet ./%s/...: %v\n%s", v.Output, err, out)
			}
		})
	}
}

// TestSnapshotLocks: every vendored spec has a lock.yaml beside it saying
// where it came from, and the recorded sha256 is that of the committed bytes,
// so an edited snapshot cannot pass for the fetched or authored one.
func TestSnapshotLocks(t *testing.T) {
	for _, v := range loadConfig(t).Vendors {
		t.Run(v.Name, func(t *testing.T) {
			spec, err := os.ReadFile(v.Spec)
			if err != nil {
				t.Fatal(err)
			}
			lock, err := fetch.ReadLock(path.Join(path.Dir(v.Spec), "lock.yaml"))
			if err != nil {
				t.Fatalf("lock.yaml: %v", err)
			}
			sum := sha256.Sum256(spec)
			if got := hex.EncodeToString(sum[:]); lock.SHA256 != got {
				t.Errorf("lock sha256 %s, spec is %s: run apigen lock --vendor %s (or re-run the converter)", lock.SHA256, got, v.Name)
			}
			if lock.Origin != fetch.OriginAuthored && lock.Origin != fetch.OriginFetched && lock.Origin != fetch.OriginCopied {
				t.Errorf("origin %q: want %s, %s or %s", lock.Origin, fetch.OriginAuthored, fetch.OriginFetched, fetch.OriginCopied)
			}
			if lock.Source != v.Source {
				t.Errorf("lock source %q, apigen.yaml source %q", lock.Source, v.Source)
			}
			if _, err := time.Parse(time.DateOnly, lock.Date); err != nil {
				t.Errorf("date %q: want YYYY-MM-DD", lock.Date)
			}
		})
	}
}
