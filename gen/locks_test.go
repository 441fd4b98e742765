package gen_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path"
	"testing"
	"time"

	"github.com/apigen-dev/apigen/generator"
	"github.com/apigen-dev/apigen/generator/fetch"
)

// TestSnapshotLocks: every vendored spec has a lock.yaml beside it saying
// where it came from, and the recorded sha256 is that of the committed bytes,
// so an edited snapshot cannot pass for the fetched or authored one.
func TestSnapshotLocks(t *testing.T) {
	cfg, err := generator.LoadConfig("../apigen.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range cfg.Vendors {
		t.Run(v.Name, func(t *testing.T) {
			spec, err := os.ReadFile("../" + v.Spec)
			if err != nil {
				t.Fatal(err)
			}
			lock, err := fetch.ReadLock("../" + path.Join(path.Dir(v.Spec), "lock.yaml"))
			if err != nil {
				t.Fatalf("lock.yaml: %v", err)
			}
			sum := sha256.Sum256(spec)
			if got := hex.EncodeToString(sum[:]); lock.SHA256 != got {
				t.Errorf("lock sha256 %s, spec is %s: update the lock (or re-run the converter)", lock.SHA256, got)
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
