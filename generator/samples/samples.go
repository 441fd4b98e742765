// Package samples is the second emitter: ready-to-paste code samples for
// every operation, and the documents docs sites publish them in.
//
// Input: the *model.API (names, servers, credentials), the overlaid spec the
// model was built from, and the client.go goclient produced (the Go samples
// call its methods with its types). Output, as []output.File:
//
//   - code-samples.overlay.yaml: an Overlay 1.0 document adding x-codeSamples
//     (cURL for bash, cURL for Windows PowerShell, Go) to every operation;
//   - openapi.decorated.json: the overlaid spec with those samples applied,
//     one file a docs site can publish as is;
//   - SAMPLES.md: every sample, grouped by tag.
//
// Example values come from the spec's examples when it has them, otherwise
// from the schema, the format and the name (values.go): the same on every
// run, identifiers shared across a vendor's operations. Credentials are never
// literal: every sample reads them, and the base URL, from the environment
// variables the generated client's FromEnv reads.
package samples

import (
	"errors"
	"fmt"
	"go/ast"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pb33f/go-yaml"
	"github.com/pb33f/libopenapi"
	"github.com/pb33f/libopenapi/datamodel/high/v3"

	"github.com/apigen-dev/apigen/generator/goclient"
	"github.com/apigen-dev/apigen/generator/load"
	"github.com/apigen-dev/apigen/generator/model"
	"github.com/apigen-dev/apigen/generator/output"
	"github.com/apigen-dev/apigen/internal/bug"
)

// Input is what Generate needs.
type Input struct {
	API *model.API
	// Spec is the overlaid OpenAPI 3 document model.Build read.
	Spec []byte
	// ImportPath is the generated package's Go import path.
	ImportPath string
	// Client is the generated client.go, and Calls the methods goclient
	// emitted on top of it.
	Client []byte
	Calls  []goclient.Call
}

// Sample is one x-codeSamples entry.
type Sample struct {
	Lang   string `yaml:"lang"`
	Label  string `yaml:"label"`
	Source string `yaml:"source"`
}

// The three samples every operation gets, in the order docs show them.
const (
	LabelCurl       = "cURL"
	LabelPowerShell = "cURL (Windows)"
	LabelGo         = "Go"
)

// Operation is one operation's samples.
type Operation struct {
	model.Operation
	Samples []Sample
}

// Generate builds every operation's samples and the files that carry them.
// The warnings name operations left without a Go sample.
func Generate(in Input) ([]output.File, []string, error) {
	return Prepare(in.API, in.API.Operations, in.Spec).Finish(in.ImportPath, in.Client, nil, in.Calls)
}

// Prepared is the half of the work that needs no generated client: the
// spec read, every example rendered, the cURL and PowerShell samples
// printed. It can run while oapi-codegen builds the client.
type Prepared struct {
	api      *model.API
	spec     []byte
	root     *yaml.Node // spec as libopenapi parsed it, for the decorated copy; nil: parse again
	ops      []Operation
	reqs     []*request
	warnings []string
	err      error
}

// Prepare does the client-independent half for ops (a copy of the model's
// operations, so the model may change its own list meanwhile). It reads
// only fields of api no later stage changes.
func Prepare(api *model.API, ops []model.Operation, spec []byte) (p *Prepared) {
	p = &Prepared{api: api, spec: spec}
	where := ""
	defer bug.RecoverAt(&p.err, "samples", &where)
	doc, err := load.Parse(api.SpecPath, spec)
	if err != nil {
		p.err = err
		return p
	}
	// The decorated spec is printed from the tree libopenapi parsed; files
	// adds the samples to it once the model below is built from it.
	if info := doc.GetSpecInfo(); info != nil && info.RootNode != nil && len(info.RootNode.Content) > 0 &&
		info.RootNode.Content[0].Kind == yaml.MappingNode {
		p.root = info.RootNode
	}
	// Build problems were already reported by the load stage, as warnings;
	// what libopenapi could build is what the samples describe.
	m, err := doc.BuildV3Model()
	if m == nil {
		m = buildWithoutDataRefs(api.SpecPath, spec)
	}
	if m == nil {
		p.err = fmt.Errorf("after overlays: %w", err)
		return p
	}
	vs := newValues(&m.Model)
	for _, o := range ops {
		item, op := find(&m.Model, o)
		if op == nil {
			p.err = fmt.Errorf("operation %s %s is not in the overlaid spec (an apigen bug; please report it)", o.Method, o.Path)
			return p
		}
		where = o.Target
		req := newRequest(api, vs, o, item, op)
		for _, w := range req.Warnings {
			p.warnings = append(p.warnings, fmt.Sprintf("samples: %s %s: %s", o.Method, o.Path, w))
		}
		p.ops = append(p.ops, Operation{Operation: o, Samples: []Sample{
			{Lang: "Shell", Label: LabelCurl, Source: curl(api, req)},
			{Lang: "PowerShell", Label: LabelPowerShell, Source: powerShell(api, req)},
		}})
		p.reqs = append(p.reqs, req)
	}
	return p
}

// Finish adds the Go samples, which call the methods goclient emitted
// (calls) with the types of the generated client.go (clientAST, its
// parse, if the caller has one; else clientSrc is parsed), and returns the
// files. An operation whose Go call apigen cannot write (an argument type
// with no literal form, or no method) keeps its cURL samples and gets a
// warning.
func (p *Prepared) Finish(importPath string, clientSrc []byte, clientAST *ast.File, calls []goclient.Call) ([]output.File, []string, error) {
	if p.err != nil {
		return nil, nil, p.err
	}
	client, err := parseClient(p.api, clientSrc, clientAST)
	if err != nil {
		return nil, nil, err
	}
	byOp := make(map[string]*goclient.Call, len(calls))
	for i := range calls {
		byOp[calls[i].Op.GoName] = &calls[i]
	}
	// Each Go sample is its own jennifer file, formatted on its own: spread
	// them over the cores, then collect in order.
	srcs, errs := make([]string, len(p.reqs)), make([]error, len(p.reqs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(p.reqs); i = int(next.Add(1)) - 1 {
				srcs[i], errs[i] = safeGoSample(p.api, importPath, client, p.reqs[i], byOp[p.reqs[i].Op.GoName])
			}
		})
	}
	wg.Wait()
	warnings := p.warnings
	for i, req := range p.reqs {
		var be *bug.Error
		if errors.As(errs[i], &be) {
			return nil, nil, be
		}
		if errs[i] != nil {
			warnings = append(warnings, fmt.Sprintf("samples: %s %s: no Go sample: %v", req.Op.Method, req.Op.Path, errs[i]))
			continue
		}
		p.ops[i].Samples = append(p.ops[i].Samples, Sample{Lang: "Go", Label: LabelGo, Source: srcs[i]})
	}
	out, err := files(Input{API: p.api, Spec: p.spec, ImportPath: importPath}, p.root, p.ops)
	return out, warnings, err
}

// buildWithoutDataRefs builds the model of a copy of spec without the
// "$ref" members of its data (defaults, extension values), which libopenapi
// tries to resolve and fails the whole build on; nil if that does not help.
func buildWithoutDataRefs(path string, spec []byte) *libopenapi.DocumentModel[v3.Document] {
	doc, err := load.Parse(path, spec)
	if err != nil || doc.GetSpecInfo() == nil {
		return nil
	}
	root := doc.GetSpecInfo().RootNode
	maps, keys := load.DataRefs(root)
	if len(maps) == 0 {
		return nil
	}
	for i := len(maps) - 1; i >= 0; i-- { // later keys first, so indices stay valid
		maps[i].Content = slices.Delete(maps[i].Content, keys[i], keys[i]+2)
	}
	data, err := yaml.Marshal(root)
	if err != nil {
		return nil
	}
	if doc, err = load.Parse(path, data); err != nil {
		return nil
	}
	m, _ := doc.BuildV3Model()
	return m
}

// safeGoSample is goSample with a panic turned into an error naming the
// operation.
func safeGoSample(api *model.API, importPath string, c *client, r *request, call *goclient.Call) (src string, err error) {
	defer bug.Recover(&err, "samples", r.Op.Target)
	return goSample(api, importPath, c, r, call)
}

// find looks an operation of the model up in the libopenapi document.
func find(doc *v3.Document, o model.Operation) (*v3.PathItem, *v3.Operation) {
	if doc.Paths == nil || doc.Paths.PathItems == nil {
		return nil, nil
	}
	item, ok := doc.Paths.PathItems.Get(o.Path)
	if !ok || item == nil {
		return nil, nil
	}
	return item, item.GetOperations().GetOrZero(strings.ToLower(o.Method))
}
