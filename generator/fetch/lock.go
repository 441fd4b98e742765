package fetch

import (
	"bytes"
	"fmt"
	"os"

	"go.yaml.in/yaml/v3"
)

// The origins a lock records.
const (
	OriginAuthored = "authored-from-docs" // written by people from the vendor's documentation
	OriginFetched  = "fetched"            // downloaded by apigen fetch (or add-vendor --source)
	OriginCopied   = "copied"             // copied from a spec file by apigen add-vendor --spec
)

// Lock records where a spec snapshot came from, beside it as lock.yaml.
type Lock struct {
	Source       string `yaml:"source"` // the configured source (spec URL or Swagger UI page)
	Origin       string `yaml:"origin"` // authored-from-docs or fetched
	SHA256       string `yaml:"sha256"` // of the snapshot's bytes
	Date         string `yaml:"date"`   // when it was authored or fetched, YYYY-MM-DD
	Notes        string `yaml:"notes,omitempty"`
	URL          string `yaml:"url,omitempty"`           // the spec's own URL, after discovery
	ETag         string `yaml:"etag,omitempty"`          // for conditional requests
	LastModified string `yaml:"last-modified,omitempty"` // likewise
}

// ReadLock reads a lock file strictly (unknown keys are errors).
func ReadLock(path string) (Lock, error) {
	var l Lock
	data, err := os.ReadFile(path)
	if err != nil {
		return l, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&l); err != nil {
		return l, fmt.Errorf("%s: %w", path, err)
	}
	return l, nil
}

// Marshal renders the lock with its explanatory first line.
func (l Lock) Marshal(specPath string) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Where %s came from. Rewritten by `apigen fetch`.\n", specPath)
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(l); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
