package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"

	apigen "github.com/apigen-dev/apigen"
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
	// Stats are the size and modification time of each output and input
	// file when recorded. A file whose stat still matches is taken as
	// unchanged without reading it, as git's index does; that keeps the
	// fast path to a few dozen stat calls instead of hashing megabytes.
	Stats map[string]fileStat `json:"stats,omitempty"`
	// InputSums are the inputs' sha256, reused while their stat matches.
	InputSums map[string]string `json:"input-sums,omitempty"`
}

// fileStat is what the fast path compares before it reads a file.
type fileStat struct {
	Size  int64 `json:"size"`
	MTime int64 `json:"mtime"` // UnixNano
}

// statOf returns path's stat, and whether it can vouch for the content:
// only with a sub-second modification time, since on a file system with
// whole seconds an edit in the same second as the record keeps the mtime.
func statOf(path string) (fileStat, bool) {
	fi, err := os.Stat(path)
	if err != nil {
		return fileStat{}, false
	}
	mt := fi.ModTime()
	return fileStat{Size: fi.Size(), MTime: mt.UnixNano()}, mt.Nanosecond() != 0
}

// unchanged reports whether path still has the recorded stat.
func (vs vendorState) unchanged(key, path string) bool {
	want, ok := vs.Stats[key]
	got, trusted := statOf(path)
	return ok && trusted && got == want
}

func (c *Config) statePath() string { return filepath.Join(c.Dir, ".apigen", "state.json") }

var (
	toolOnce sync.Once
	toolID   string
)

// tool identifies the running apigen by a hash of the source it was built
// from (embedded in the binary by the root package) and the Go toolchain
// that built it. A go-run binary and a go-build binary of the same commit
// agree; a change to the generator, a template or a dependency version
// does not.
func tool() string {
	toolOnce.Do(func() { toolID = sourceHash(apigen.Source, runtime.Version()) })
	return toolID
}

// sourceHash hashes every file of src, in a fixed order, with extra.
func sourceHash(src fs.FS, extra string) string {
	h := sha256.New()
	h.Write([]byte(extra))
	err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(src, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "\x00%s\x00%d\x00", p, len(data))
		h.Write(data)
		return nil
	})
	if err != nil {
		return "" // no identity: the fast path stays off
	}
	return "src:" + hex.EncodeToString(h.Sum(nil))
}

// inputsKey hashes everything one vendor's output depends on. prev, the
// vendor's last record, lets an input whose stat is unchanged skip reading.
func (c *Config) inputsKey(toolID string, v Vendor, opts Options, prev vendorState) (string, error) {
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
		sum, err := c.inputSum(in.path, prev)
		if err != nil {
			return "", err
		}
		h.Write([]byte(sum))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func (c *Config) inputSum(path string, prev vendorState) (string, error) {
	if sum, ok := prev.InputSums[path]; ok && prev.unchanged("in:"+path, c.Resolve(path)) {
		return sum, nil
	}
	data, err := os.ReadFile(c.Resolve(path))
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

// split divides vendors into those whose inputs and outputs are exactly
// as the last generate recorded (answered from the record) and those that
// must be generated, keeping config order in each.
func (c *Config) split(vendors []Vendor, opts Options) (fresh, stale []Vendor) {
	toolID := opts.tool()
	if opts.Full || toolID == "" || c.adHoc {
		return nil, vendors
	}
	var st state
	if data, err := os.ReadFile(c.statePath()); err != nil || json.Unmarshal(data, &st) != nil || st.Tool != toolID {
		return nil, vendors
	}
	for _, v := range vendors {
		vs, ok := st.Vendors[v.Name]
		key, err := c.inputsKey(toolID, v, opts, vs)
		if ok && err == nil && key == vs.Inputs && outputsMatch(c.Resolve(v.Output), vs) {
			fresh = append(fresh, v)
		} else {
			stale = append(stale, v)
		}
	}
	return fresh, stale
}

func names(vendors []Vendor) []string {
	out := make([]string, len(vendors))
	for i, v := range vendors {
		out[i] = v.Name
	}
	return out
}

func outputsMatch(dir string, vs vendorState) bool {
	keep := map[string]bool{}
	for rel, sum := range vs.Outputs {
		keep[rel] = true
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if vs.unchanged("out:"+rel, p) {
			continue
		}
		data, err := os.ReadFile(p)
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
		key, err := c.inputsKey(toolID, r.Vendor, opts, vendorState{})
		if err != nil {
			continue
		}
		vs := vendorState{Inputs: key, Outputs: map[string]string{}, Stats: map[string]fileStat{}, InputSums: map[string]string{}}
		for _, f := range r.Files {
			sum := sha256.Sum256(f.Data)
			vs.Outputs[f.Path] = hex.EncodeToString(sum[:])
			if fs, ok := statOf(filepath.Join(r.Dir, filepath.FromSlash(f.Path))); ok {
				vs.Stats["out:"+f.Path] = fs
			}
		}
		for _, in := range r.Vendor.inputs() {
			sum, err := c.inputSum(in.path, vendorState{})
			if fs, ok := statOf(c.Resolve(in.path)); ok && err == nil {
				vs.Stats["in:"+in.path], vs.InputSums[in.path] = fs, sum
			}
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
