package generator

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/apigen-dev/apigen/generator/fetch"
	"github.com/apigen-dev/apigen/generator/output"
)

// LockReport is what Lock did for one vendor.
type LockReport struct {
	Vendor  string
	Lock    string // the lock file, relative to the config
	Changed bool
}

// Lock brings each selected vendor's lock.yaml in step with its snapshot
// after a person edited the snapshot: the sha256 and date are refreshed;
// a lock that said "fetched" now says the snapshot is authored, and drops
// the validators, which no longer describe these bytes. A lock that
// already matches is left byte for byte; a missing one is created.
func Lock(cfg *Config, vendors []string, now time.Time) ([]LockReport, error) {
	selected, err := cfg.Selected(vendors)
	if err != nil {
		return nil, err
	}
	var reports []LockReport
	for _, v := range selected {
		rel := filepath.Join(filepath.Dir(v.Spec), "lock.yaml")
		lockPath := cfg.Resolve(rel)
		data, err := os.ReadFile(cfg.Resolve(v.Spec))
		if err != nil {
			return reports, fmt.Errorf("%s: lock: %w", v.Name, err)
		}
		sum := sha256.Sum256(data)
		hexSum := hex.EncodeToString(sum[:])
		lock, err := fetch.ReadLock(lockPath)
		switch {
		case errors.Is(err, os.ErrNotExist):
			lock = fetch.Lock{Source: v.Source, Origin: fetch.OriginAuthored}
		case err != nil:
			return reports, fmt.Errorf("%s: lock %w", v.Name, err)
		case lock.SHA256 == hexSum && lock.Source == v.Source:
			reports = append(reports, LockReport{Vendor: v.Name, Lock: filepath.ToSlash(rel)})
			continue
		}
		if lock.SHA256 != hexSum && lock.Origin == fetch.OriginFetched {
			lock.Origin, lock.URL, lock.ETag, lock.LastModified = fetch.OriginAuthored, "", "", ""
		}
		lock.Source, lock.SHA256, lock.Date = v.Source, hexSum, now.UTC().Format(time.DateOnly)
		out, err := lock.Marshal(filepath.ToSlash(v.Spec))
		if err != nil {
			return reports, err
		}
		if err := output.WriteFile(lockPath, out); err != nil {
			return reports, err
		}
		reports = append(reports, LockReport{Vendor: v.Name, Lock: filepath.ToSlash(rel), Changed: true})
	}
	return reports, nil
}
