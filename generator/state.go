package generator

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/apigen-dev/apigen/generator/output"
)

// The fast path: generate records, per vendor, a hash of everything the
// output depends on (apigen's own build, the vendor's config entry, the
// spec and overlays) and a hash of each file it wrote. check (and a no-op
// generate) then answers without regenerating when all of that is as
// recorded. The record lives in .apigen/state.json beside the config, not
// in gen/: it names a tool build, which committed output must never do.

type state struct {
	Tool    string                 `json:"tool"`
	Vendors map[string]vendorState `json:"vendors"`
}

type vendorState struct {
	Inputs  string            `json:"inputs"`
	Outputs map[string]string `json:"outputs"` // file (relative to the output dir) → sha256
}

func (c *Config) statePath() string { return filepath.Join(c.Dir, ".apigen", "state.json") }

var (
	toolOnce sync.Once
	toolID   string
)

// tool identifies the running apigen build by its Go build ID, which the
// go command derives from every input of the build: in ELF executables a
// .note.go.buildid note, elsewhere a marked string near the start of the
// file. "" (fast path off) when it cannot be read.
func tool() string {
	toolOnce.Do(func() {
		exe, err := os.Executable()
		if err != nil {
			return
		}
		if id := elfBuildID(exe); id != "" {
			toolID = id
			return
		}
		f, err := os.Open(exe)
		if err != nil {
			return
		}
		defer f.Close()
		head := make([]byte, 64<<10)
		n, _ := io.ReadFull(f, head)
		toolID = findBuildID(head[:n])
	})
	return toolID
}

// inputsKey hashes everything one vendor's output depends on.
func (c *Config) inputsKey(toolID string, v Vendor, opts Options) (string, error) {
	h := sha256.New()
	cfg, _ := json.Marshal(v)
	// Lenient and strict decide whether a run succeeds, so a record made
	// under one must not vouch for a run under the other.
	mode := fmt.Sprintf("lenient=%v strict=%v", opts.Lenient, opts.Strict)
	for _, part := range [][]byte{[]byte(toolID), cfg, []byte(mode)} {
		h.Write(part)
		h.Write([]byte{0})
	}
	for _, in := range v.inputs() {
		data, err := os.ReadFile(c.Resolve(in.path))
		if err != nil {
			return "", err
		}
		sum := sha256.Sum256(data)
		h.Write(sum[:])
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// fresh reports whether every selected vendor's inputs and outputs are
// exactly as the last generate recorded.
func (c *Config) fresh(vendors []Vendor, opts Options) bool {
	toolID := opts.tool()
	if toolID == "" || c.adHoc {
		return false
	}
	data, err := os.ReadFile(c.statePath())
	if err != nil {
		return false
	}
	var st state
	if json.Unmarshal(data, &st) != nil || st.Tool != toolID {
		return false
	}
	for _, v := range vendors {
		vs, ok := st.Vendors[v.Name]
		key, err := c.inputsKey(toolID, v, opts)
		if !ok || err != nil || key != vs.Inputs || !outputsMatch(c.Resolve(v.Output), vs.Outputs) {
			return false
		}
	}
	return true
}

func outputsMatch(dir string, want map[string]string) bool {
	keep := map[string]bool{}
	for rel, sum := range want {
		keep[rel] = true
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			return false
		}
		got := sha256.Sum256(data)
		if hex.EncodeToString(got[:]) != sum {
			return false
		}
	}
	stale, err := output.Stale(dir, keep)
	return err == nil && len(stale) == 0
}

// record saves the state after a successful generate. A failure to save
// only costs the next run its fast path.
func (c *Config) record(results []Result, opts Options) {
	toolID := opts.tool()
	if toolID == "" || c.adHoc {
		return
	}
	st := state{Tool: toolID, Vendors: map[string]vendorState{}}
	if data, err := os.ReadFile(c.statePath()); err == nil {
		var prev state
		if json.Unmarshal(data, &prev) == nil && prev.Tool == toolID {
			st.Vendors = prev.Vendors // keep vendors this run did not touch
		}
	}
	for _, r := range results {
		key, err := c.inputsKey(toolID, r.Vendor, opts)
		if err != nil {
			continue
		}
		vs := vendorState{Inputs: key, Outputs: map[string]string{}}
		for _, f := range r.Files {
			sum := sha256.Sum256(f.Data)
			vs.Outputs[f.Path] = hex.EncodeToString(sum[:])
		}
		st.Vendors[r.Vendor.Name] = vs
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if enc.Encode(st) == nil {
		_ = output.WriteFile(c.statePath(), b.Bytes())
	}
}

// recorded lists, per selected vendor, the files the state says were
// written, for reports made without regenerating.
func (c *Config) recorded(vendors []Vendor) map[string][]string {
	out := map[string][]string{}
	data, err := os.ReadFile(c.statePath())
	if err != nil {
		return out
	}
	var st state
	if json.Unmarshal(data, &st) != nil {
		return out
	}
	for _, v := range vendors {
		for rel := range st.Vendors[v.Name].Outputs {
			out[v.Name] = append(out[v.Name], rel)
		}
		sort.Strings(out[v.Name])
	}
	return out
}

// findBuildID extracts the build ID from the raw marker the go command
// writes: 0xff " Go build ID: \"" ID "\"\n " 0xff (bytes, not UTF-8, so
// not a job for regexp).
func findBuildID(b []byte) string {
	const start, end = "\xff Go build ID: \"", "\"\n \xff"
	i := bytes.Index(b, []byte(start))
	if i < 0 {
		return ""
	}
	rest := b[i+len(start):]
	j := bytes.Index(rest, []byte(end))
	if j <= 0 {
		return ""
	}
	return string(rest[:j])
}

// elfBuildID reads the Go build ID note of an ELF executable: 4-byte name
// size, description size and type (4), the name "Go\x00\x00", then the ID.
func elfBuildID(path string) string {
	f, err := elf.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sec := f.Section(".note.go.buildid")
	if sec == nil {
		return ""
	}
	data, err := sec.Data()
	if err != nil || len(data) < 16 {
		return ""
	}
	descSize := int(f.ByteOrder.Uint32(data[4:8]))
	if string(data[12:16]) != "Go\x00\x00" || 16+descSize > len(data) {
		return ""
	}
	return string(data[16 : 16+descSize])
}
