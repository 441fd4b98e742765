package generator

import (
	"bufio"
	"bytes"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"
)

// apigenCmd is the import path of apigen's command.
const apigenCmd = "github.com/apigen-dev/apigen/cmd/apigen"

// directive starts a go:generate line. It is spelled in two parts so that
// go generate, which reads every line of this file, does not run the
// template below as one.
const directive = "//go:" + "generate"

// directiveFile is the file that runs apigen on `go generate ./...` for a
// repository that has none yet (a new one): gen/generate.go beside the
// generated packages, so adding the first vendor needs no hand edit. It
// returns "" when a //go:generate line under dir already runs apigen.
//
// The command follows the module the repository is: apigen's own runs
// its cmd/apigen from the source (go run ../cmd/apigen); a module that
// declares apigen as a tool (go get -tool github.com/apigen-dev/apigen/cmd/apigen)
// runs `go tool apigen`; any other runs `go run github.com/apigen-dev/apigen/cmd/apigen`,
// the version its go.mod requires (go itself says to `go get` it when the
// requirement is missing).
func directiveFile(dir, configPath string) (string, []byte, error) {
	if found, err := hasDirective(dir); err != nil || found {
		return "", nil, err
	}
	genDir := filepath.Join(dir, "gen")
	config, err := filepath.Rel(genDir, configPath)
	if err != nil {
		return "", nil, err
	}
	command := "go run " + apigenCmd
	if root, mod := enclosingModule(dir); mod != nil && mod.Module != nil {
		switch {
		case mod.Module.Mod.Path == "github.com/apigen-dev/apigen":
			rel, err := filepath.Rel(genDir, filepath.Join(root, "cmd", "apigen"))
			if err != nil {
				return "", nil, err
			}
			command = "go run " + filepath.ToSlash(rel)
		case declaresTool(mod):
			command = "go tool apigen"
		}
	}
	pkg, err := packageIn(genDir)
	if err != nil {
		return "", nil, err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `// Package %s holds the generated client packages, one directory per
// vendor in %s.
//
// Nothing here is edited by hand: change the spec snapshot, an overlay or
// the config, then run `+"`go generate ./...`"+` from the repository root.
package %s

%s %s generate -q --config %s
`, pkg, filepath.Base(configPath), pkg, directive, command, filepath.ToSlash(config))
	name := "gen/generate.go"
	if _, err := os.Stat(filepath.Join(genDir, "generate.go")); err == nil {
		name = "gen/apigen_generate.go" // someone else's file; leave it be
	}
	return name, b.Bytes(), nil
}

// hasDirective reports whether a Go file under dir (hidden directories,
// testdata and node_modules aside) has a //go:generate line running apigen.
func hasDirective(dir string) (bool, error) {
	found := false
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || found {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); p != dir && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") {
			return nil
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if line := sc.Text(); strings.HasPrefix(line, directive+" ") && strings.Contains(line, "apigen") {
				found = true
				return filepath.SkipAll
			}
		}
		return nil
	})
	return found, err
}

// enclosingModule is the go.mod at dir or above it, and its directory.
func enclosingModule(dir string) (string, *modfile.File) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", nil
	}
	for d := abs; ; d = filepath.Dir(d) {
		if data, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil {
			f, err := modfile.Parse(filepath.Join(d, "go.mod"), data, nil)
			if err != nil {
				return "", nil
			}
			return d, f
		}
		if filepath.Dir(d) == d {
			return "", nil
		}
	}
}

func declaresTool(mod *modfile.File) bool {
	for _, t := range mod.Tool {
		if t.Path == apigenCmd {
			return true
		}
	}
	return false
}

// packageIn is the package name of the Go files in dir, or its base name
// when it has none.
func packageIn(dir string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		return "", err
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".go") && !strings.HasSuffix(e.Name(), "_test.go") {
			f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, e.Name()), nil, parser.PackageClauseOnly)
			if err == nil {
				return f.Name.Name, nil
			}
		}
	}
	return filepath.Base(dir), nil
}
