// Package goclient is the Go emitter: it turns a model.API into the files of
// one Go client package.
//
// Input: a *model.API. Output: []output.File, in memory. The typed models and
// the request builders come from oapi-codegen (client.go: its response
// layer is never generated, and its client type is pruned); everything a
// user calls (services.go: the Client, New and one method per operation,
// returning the answer's payload; runtime.go, auth.go, servers.go, doc.go)
// is built with jennifer, so no Go is ever assembled from text templates.
package goclient

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/dave/jennifer/jen"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"

	"github.com/apigen-dev/apigen/generator/model"
	"github.com/apigen-dev/apigen/generator/output"
	"github.com/apigen-dev/apigen/internal/bug"
)

// Package is one generated client package.
type Package struct {
	Files []output.File // client.go first
	// Client holds client.go's declarations as parsed while formatting,
	// so the samples need not parse 6 MB again. Its positions are not
	// client.go's, and it may be nil (then parse Files[0]).
	Client *ast.File
	// Calls are the methods goclient emitted, one per operation it could
	// write one for, in the model's order.
	Calls []Call
	// Warnings name operations left without a method.
	Warnings []string
}

// emitter builds one jennifer file.
type emitter struct {
	name  string
	build func(*jen.File)
}

// Generate returns the client package files for api.
func Generate(api *model.API) (*Package, error) {
	raw, answers, err := rawClient(api)
	if err != nil {
		return nil, err
	}
	var surf *surface
	var extra []output.File
	var extraErr error
	shape := func(fset *token.FileSet, f *ast.File) []*ast.File {
		surf = newSurface(api, f, prune(f, api), answers)
		extra, extraErr = jenFiles(api, surf)
		var parsed []*ast.File
		for _, e := range extra {
			if p, err := parser.ParseFile(fset, e.Path, e.Data, parser.ParseComments); err == nil {
				parsed = append(parsed, p)
			}
		}
		return parsed
	}
	res, err := formatClient(api.Package, dedupImports([]byte(raw)), shape)
	if err != nil {
		return nil, &FormatError{Source: []byte(raw), Err: err, Problems: unparsed(api, []byte(raw), err)}
	}
	if extraErr != nil {
		return nil, extraErr
	}
	client, err := withHeader(api, res.src)
	if err != nil {
		return nil, err
	}
	files := append([]output.File{{Path: "client.go", Data: client}}, extra...)
	if !res.clean {
		// Only now pay for tracing: parse the formatted files again, so
		// the problems cite their lines and name their schema or
		// operation.
		if problems := selfCheck(api, files, surf.methods()); len(problems) > 0 {
			return nil, &CheckError{Problems: problems, Files: files}
		}
	}
	fix, err := fixupsFile(api)
	if err != nil {
		return nil, err
	}
	if fix != nil {
		files = append(files, *fix)
	}
	pkg := &Package{Files: files, Client: res.file, Warnings: surf.warnings}
	if surf != nil {
		pkg.Calls = surf.calls
	}
	return pkg, nil
}

// jenFiles builds every file apigen writes besides client.go.
func jenFiles(api *model.API, surf *surface) ([]output.File, error) {
	var files []output.File
	for _, e := range []emitter{
		{"doc.go", func(f *jen.File) { docFile(f, api) }},
		{"servers.go", func(f *jen.File) { serversFile(f, api) }},
		{"auth.go", func(f *jen.File) { authFile(f, api) }},
		{"runtime.go", func(f *jen.File) { runtimeFile(f, api) }},
		{"services.go", surf.servicesFile},
	} {
		f := newFile(api)
		e.build(f)
		data, err := render(f, e.name)
		if err != nil {
			return nil, err
		}
		files = append(files, output.File{Path: e.name, Data: data})
	}
	return files, nil
}

// codegenMu serialises oapi-codegen: it keeps the options of the running
// generation in package-level state, so two concurrent calls would mix them.
var codegenMu sync.Mutex

// Plain is oapi-codegen alone on doc, with its defaults (models and
// client), and nothing apigen adds: the baseline the corpus tool compares
// apigen with. It holds codegenMu like every other oapi-codegen call.
func Plain(doc *openapi3.T, pkg string) (string, error) {
	codegenMu.Lock()
	defer codegenMu.Unlock()
	return codegen.Generate(doc, codegen.Configuration{PackageName: pkg, Generate: codegen.GenerateOptions{Models: true, Client: true}})
}

// withHeader swaps the header of formatted oapi-codegen output, which
// names a tool version, for apigen's.
func withHeader(api *model.API, src []byte) ([]byte, error) {
	i := bytes.Index(src, []byte("\npackage "))
	if i < 0 {
		return nil, errors.New("oapi-codegen's output has no package clause")
	}
	var b bytes.Buffer
	b.WriteString(output.Header("//", api.SpecPath, api.SpecSHA256))
	b.Write(src[i:])
	return b.Bytes(), nil
}

// blankTemplate replaces an oapi-codegen template apigen does not want
// the output of. It prints nothing, yet is not empty: text/template keeps
// the built-in body when a new one holds only comments and spaces. And
// oapi-codegen reads a one-line user template as a file name or a URL to
// fetch, so it has a newline.
const blankTemplate = "{{\"\"}}\n"

// rawClient runs oapi-codegen with an explicit configuration (nothing left
// to its defaults that could change under us) and returns its unformatted
// output: the models and the request builders (its client template; the
// client type and methods are pruned from it later). Its response layer
// (ClientWithResponses, one struct and parse function per operation) is
// not generated at all: apigen's services decode the answers. answers
// maps an operation's Go name to the Go type of its JSON payload, as
// oapi-codegen writes that schema, read while its state is this spec's.
func rawClient(api *model.API) (src string, answers map[string]string, err error) {
	noVersion := ""
	cfg := codegen.Configuration{
		PackageName: api.Package,
		Generate:    codegen.GenerateOptions{Models: true, Client: true},
		OutputOptions: codegen.OutputOptions{
			ClientTypeName:            model.OAPIClient,
			NameNormalizer:            string(codegen.NameNormalizerFunctionToCamelCase),
			ResolveTypeNameCollisions: true,
			// formatClient gives the same bytes as oapi-codegen's own
			// formatting, in a fraction of the time.
			SkipFmt: true,
			UserTemplates: map[string]string{
				"client-with-responses.tmpl": blankTemplate,
				// Callbacks and webhooks are the server's calls to the
				// client, not the client's to the server.
				"callback-initiator.tmpl": blankTemplate,
				"webhook-initiator.tmpl":  blankTemplate,
			},
			// The model pruned the components nothing uses already,
			// keeping the payloads of webhooks and callbacks as types.
			SkipPrune: true,
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
	defer codegenMu.Unlock()
	if src, err = runCodegen(api.Doc, cfg); err != nil {
		// oapi-codegen's state still holds this document: trace the
		// refusal to its parts now, before another spec's run replaces it.
		return "", nil, &RefusedError{Err: err, Problems: probe(api, err)}
	}
	answers = map[string]string{}
	goType := func(key string, schema *openapi3.SchemaRef, path string) {
		// GenerateGoSchema reads the options Generate left in
		// oapi-codegen's package state: this spec's, under the lock.
		if s, err := codegen.GenerateGoSchema(schema, []string{path}); err == nil {
			answers[key] = s.TypeDecl()
		}
	}
	for _, o := range api.Operations {
		if o.Answer.Kind != model.AnswerJSON || o.Answer.Schema == nil {
			continue
		}
		goType(o.GoName, o.Answer.Schema, o.GoName+api.Names.ResultSuffix)
		if o.Paging != nil && o.Paging.Item != nil {
			goType(itemKey(o.GoName), o.Paging.Item, o.GoName+api.Names.ItemSuffix)
		}
	}
	return src, answers, nil
}

// itemKey is where rawClient keeps the Go type of an operation's items.
func itemKey(op string) string { return op + " item" }

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

// runCodegen is codegen.Generate with a panic taken for a refusal: probe
// then finds the part it panics on, to degrade like one it refuses.
func runCodegen(doc *openapi3.T, cfg codegen.Configuration) (src string, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &bug.Error{Stage: "goclient", Value: fmt.Sprintf("oapi-codegen: %v", v), Stack: debug.Stack()}
		}
	}()
	return codegen.Generate(doc, cfg)
}
