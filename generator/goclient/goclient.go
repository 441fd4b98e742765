// Package goclient is the Go emitter: it turns a model.API into the files of
// one Go client package.
//
// Input: a *model.API. Output: []output.File, in memory. The typed models and
// the HTTP client come from oapi-codegen (client.go); everything apigen adds
// on top (doc.go, servers.go, and the runtime layer) is built with jennifer,
// so no Go is ever assembled from text templates.
package goclient

import (
	"bytes"
	"fmt"
	"go/ast"
	"strings"
	"sync"

	"github.com/dave/jennifer/jen"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"

	"github.com/apigen-dev/apigen/generator/model"
	"github.com/apigen-dev/apigen/generator/output"
)

// Package is one generated client package.
type Package struct {
	Files []output.File // client.go first
	// Client holds client.go's declarations as parsed while formatting,
	// so the samples need not parse 6 MB again. Its positions are not
	// client.go's, and it may be nil (then parse Files[0]).
	Client *ast.File
}

// Generate returns the client package files for api.
func Generate(api *model.API) (*Package, error) {
	client, clean, parsed, err := oapiClient(api)
	if err != nil {
		return nil, err
	}
	if !clean {
		// Only now pay for tracing: parse the formatted file again, so the
		// problems cite the lines of client.go and name their schema or
		// operation.
		if problems := selfCheck(api, client); len(problems) > 0 {
			return nil, &CheckError{Vendor: api.Name, Problems: problems}
		}
	}
	files := []output.File{{Path: "client.go", Data: client}}
	for _, e := range []struct {
		name  string
		build func(*jen.File, *model.API)
	}{
		{"doc.go", docFile},
		{"servers.go", serversFile},
		{"auth.go", authFile},
		{"runtime.go", runtimeFile},
	} {
		f := newFile(api)
		e.build(f, api)
		data, err := render(f, e.name)
		if err != nil {
			return nil, fmt.Errorf("goclient: %s: %w", api.Name, err)
		}
		files = append(files, output.File{Path: e.name, Data: data})
	}
	fix, err := fixupsFile(api)
	if err != nil {
		return nil, err
	}
	if fix != nil {
		files = append(files, *fix)
	}
	return &Package{Files: files, Client: parsed}, nil
}

// codegenMu serialises oapi-codegen: it keeps the options of the running
// generation in package-level state, so two concurrent calls would mix them.
var codegenMu sync.Mutex

// oapiClient runs oapi-codegen and formats its output (formatClient, with
// the same bytes as oapi-codegen's own goimports pass, type-checked while
// it prints), then swaps its header, which names a tool version, for
// apigen's. clean says the type-check found nothing; parsed is the parse
// it printed from (nil if there was none).
func oapiClient(api *model.API) (src []byte, clean bool, parsed *ast.File, err error) {
	raw, err := rawClient(api)
	if err != nil {
		return nil, false, nil, err
	}
	res, err := formatClient(api.Package, []byte(raw))
	if err != nil {
		return nil, false, nil, fmt.Errorf("goclient: %s: oapi-codegen's output does not format: %w", api.Name, err)
	}
	i := bytes.Index(res.src, []byte("\npackage "))
	if i < 0 {
		return nil, false, nil, fmt.Errorf("goclient: %s: oapi-codegen output has no package clause", api.Name)
	}
	var b bytes.Buffer
	b.WriteString(output.Header("//", api.SpecPath, api.SpecSHA256))
	b.Write(res.src[i:])
	return b.Bytes(), res.clean, res.file, nil
}

// rawClient runs oapi-codegen with an explicit configuration (nothing left
// to its defaults that could change under us) and returns its unformatted
// output.
func rawClient(api *model.API) (string, error) {
	noVersion := ""
	cfg := codegen.Configuration{
		PackageName: api.Package,
		Generate:    codegen.GenerateOptions{Models: true, Client: true},
		OutputOptions: codegen.OutputOptions{
			ClientTypeName:            "Client",
			NameNormalizer:            string(codegen.NameNormalizerFunctionToCamelCase),
			ResolveTypeNameCollisions: true,
			// formatClient gives the same bytes as oapi-codegen's own
			// formatting, in a fraction of the time.
			SkipFmt: true,
		},
		// Bare enum constants (MX, A) are prefixed by oapi-codegen only when
		// they collide, so adding an unrelated schema could rename existing
		// constants. Always prefixing keeps every name stable.
		Compatibility: codegen.CompatibilityOptions{AlwaysPrefixEnumValues: true},
		// The model already resolved everything in-document; a remote $ref
		// in a third-party spec must never make the generator dial out.
		AllowRemoteRefsFrom:  []string{},
		NoVCSVersionOverride: &noVersion,
	}
	codegenMu.Lock()
	src, err := codegen.Generate(api.Doc, cfg)
	codegenMu.Unlock()
	if err != nil {
		return "", fmt.Errorf("goclient: %s: oapi-codegen: %w", api.Name, err)
	}
	return src, nil
}

// newFile starts a jennifer file with apigen's header.
func newFile(api *model.API) *jen.File {
	f := jen.NewFile(api.Package)
	for _, line := range strings.Split(strings.TrimSuffix(output.Header("//", api.SpecPath, api.SpecSHA256), "\n"), "\n") {
		f.HeaderComment(line)
	}
	return f
}

// render formats f. A failure is a bug in apigen, so the error carries the
// source for the report (jennifer's error includes it) rather than leaving
// a broken file on disk.
func render(f *jen.File, name string) ([]byte, error) {
	var b bytes.Buffer
	if err := f.Render(&b); err != nil {
		return nil, fmt.Errorf("%s does not format (this is an apigen bug; please report it with this output): %w", name, err)
	}
	return b.Bytes(), nil
}
