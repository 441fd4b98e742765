package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// lockTemplate is the shape `apigen fetch` writes; %s are the sha256 and the
// date.
const lockTemplate = `# Where specs/admtools/openapi.yaml came from. Rewritten by ` + "`apigen fetch`" + `.
source: https://adm.tools/action/
origin: authored-from-docs
sha256: %s
date: "%s"
notes: generated from specs/admtools/source/admtools-endpoints.tsv by ` + "`go run ./tools/admspec`" + ` (no vendor spec exists)
`

// updateLock records the spec's sha256 in the lock file. When the recorded
// hash already matches, the file is left untouched so that its date keeps
// saying when the spec last changed and reruns change nothing.
func updateLock(path string, spec []byte, now time.Time) error {
	sum := sha256.Sum256(spec)
	hash := hex.EncodeToString(sum[:])
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if lockHash(old) == hash {
		return nil
	}
	return writeAtomic(path, fmt.Appendf(nil, lockTemplate, hash, now.UTC().Format(time.DateOnly)))
}

// lockHash returns the value of the `sha256:` line, or "".
func lockHash(lock []byte) string {
	for _, line := range strings.Split(string(lock), "\n") {
		if v, ok := strings.CutPrefix(line, "sha256:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// writeAtomic writes through a temporary file in the same directory and
// renames it into place, so an interrupted run never leaves half a spec.
func writeAtomic(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err = tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	// CreateTemp makes the file 0600; a committed spec should be readable.
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
