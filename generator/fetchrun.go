package generator

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/apigen-dev/apigen/generator/diff"
	"github.com/apigen-dev/apigen/generator/fetch"
	"github.com/apigen-dev/apigen/generator/load"
	"github.com/apigen-dev/apigen/generator/output"
)

// FetchReport is what fetch did for one vendor.
type FetchReport struct {
	Vendor         string
	URL            string // the spec's own URL
	Skipped        string // why the vendor was not fetched ("" when it was)
	Changed        bool
	Added, Removed int // operations
	Breaking       int // API changes classified as breaking for a client
}

// Fetch downloads each selected vendor's live spec and, when it changed and
// loads cleanly, replaces the snapshot and its lock atomically. Any failure
// leaves that vendor's snapshot and lock exactly as they were; the other
// vendors go on, and the errors are returned together.
func Fetch(ctx context.Context, cfg *Config, vendors []string, opts fetch.Options, now time.Time) ([]FetchReport, error) {
	selected, err := cfg.Selected(vendors)
	if err != nil {
		return nil, err
	}
	var reports []FetchReport
	var errs []error
	for _, v := range selected {
		if why := v.Skip(); why != "" {
			reports = append(reports, FetchReport{Vendor: v.Name, Skipped: why})
			continue
		}
		r, err := cfg.fetchOne(ctx, v, opts, now)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: fetch %w", v.Name, err))
			continue
		}
		reports = append(reports, r)
	}
	return reports, errors.Join(errs...)
}

func (c *Config) fetchOne(ctx context.Context, v Vendor, opts fetch.Options, now time.Time) (FetchReport, error) {
	specPath := c.Resolve(v.Spec)
	lockPath := filepath.Join(filepath.Dir(specPath), "lock.yaml")
	lock, err := fetch.ReadLock(lockPath)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return FetchReport{}, err
	}
	dl, err := fetch.Spec(ctx, v.Source, fetch.Validators{URL: lock.URL, ETag: lock.ETag, LastModified: lock.LastModified}, opts)
	if err != nil {
		return FetchReport{}, err
	}
	rep := FetchReport{Vendor: v.Name, URL: dl.URL}
	if dl.NotModified {
		return rep, nil
	}
	fresh, err := load.Load(v.Spec, dl.Body)
	if err != nil {
		return rep, fmt.Errorf("%s: not a usable spec: %w", dl.URL, err)
	}
	old, _ := os.ReadFile(specPath)
	if string(old) == string(dl.Body) {
		// Nothing changed: the snapshot and its lock stay byte for byte
		// (an authored snapshot keeps its origin and notes).
		return rep, nil
	}
	sum := sha256.Sum256(dl.Body)
	lock = fetch.Lock{Source: v.Source, Origin: fetch.OriginFetched, SHA256: hex.EncodeToString(sum[:]), Date: now.UTC().Format(time.DateOnly),
		URL: dl.URL, ETag: dl.Validators.ETag, LastModified: dl.Validators.LastModified}
	rep.Changed = true
	rep.Added, rep.Removed = operationDelta(old, fresh)
	if d, err := diff.Specs(v.Spec, old, dl.URL, dl.Body); err == nil {
		rep.Breaking = d.Breaking()
	}
	if err := output.WriteFile(specPath, dl.Body); err != nil {
		return rep, err
	}
	data, err := lock.Marshal(filepath.ToSlash(v.Spec))
	if err != nil {
		return rep, err
	}
	return rep, output.WriteFile(lockPath, data)
}

// operationDelta counts operations (method and path) added and removed.
func operationDelta(oldBytes []byte, fresh *load.Spec) (added, removed int) {
	now := operationKeys(fresh)
	var before map[string]bool
	if old, err := load.Load("old", oldBytes); err == nil {
		before = operationKeys(old)
	}
	for k := range now {
		if !before[k] {
			added++
		}
	}
	for k := range before {
		if !now[k] {
			removed++
		}
	}
	return added, removed
}

func operationKeys(s *load.Spec) map[string]bool {
	keys := map[string]bool{}
	doc, err := load.Parse(s.Path, s.Bytes)
	if err != nil {
		return keys
	}
	m, err := load.BuildV3(s.Path, doc)
	if err != nil || m.Model.Paths == nil {
		return keys
	}
	for p := m.Model.Paths.PathItems.First(); p != nil; p = p.Next() {
		for op := p.Value().GetOperations().First(); op != nil; op = op.Next() {
			keys[op.Key()+" "+p.Key()] = true
		}
	}
	return keys
}
