// Package model is the third pipeline stage: it turns the overlaid OpenAPI 3
// document into the Go-shaped view every emitter prints from.
//
// Input: the overlaid spec bytes plus the vendor's settings from the config.
// Output: an *API in which every Go name the emitters need (operation
// methods, server constants, the package) is decided once, here, so two
// emitters can never disagree about a name. Emitters read an *API and never
// change it.
package model

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/apigen-dev/apigen/generator/weburl"
	"github.com/getkin/kin-openapi/openapi3"
)

// API is one vendor's API, ready to print.
type API struct {
	Name    string // vendor name from the config, e.g. "wallarm"
	Package string // Go package name
	Title   string // human title, from the config or the spec's info.title

	SpecPath   string // the spec as the user named it, cited in headers
	SpecSHA256 string // hex digest of the spec's bytes

	// BaseURLEnv is the environment variable that replaces the server, read
	// by the client's FromEnv and by the cURL samples alike.
	BaseURLEnv string

	Servers    []Server    // in order; the first is the default
	Operations []Operation // sorted by path, then method
	Services   []Service   // one per tag, sorted by tag
	Runtime    Runtime     // auth, errors, retries, rate limits, from the overlays

	// Names are the identifiers every generated package declares.
	Names Names
	// Envelope is the document's x-apigen-envelope payload path: where a
	// 2xx JSON body keeps its payload ("" for none). The escape hatch
	// (Client.Do) unwraps it; each operation has its own in Answer.
	Envelope string

	// Fixups are the changes made to the document so oapi-codegen's output
	// compiles, as Overlay actions; goclient writes them out for review.
	Fixups []Fixup

	// Warnings are problems that did not stop generation.
	Warnings []string

	// Repaired is the overlaid spec as repaired so kin-openapi could load
	// it, for the stages that read the document itself (the samples); nil
	// when it needed no repair.
	Repaired []byte

	// Doc is the document handed to oapi-codegen, operationIds already set to
	// the Go names above. Emitters must treat it as read-only.
	Doc *openapi3.T
}

// Server is one named base URL.
type Server struct {
	Name        string // as configured, e.g. "us"
	GoName      string // exported constant, e.g. "ServerUS"
	URL         string
	Description string
}

// Operation is one method on one path.
type Operation struct {
	Method  string // upper case
	Path    string
	ID      string // the spec's operationId ("" when it had none)
	GoName  string // the operation's Go name, e.g. "ListDomains": request builder, params and body types
	Tag     string // first tag, or "" when untagged
	Summary string
	// Description and Deprecated document the method.
	Description string
	Deprecated  bool
	// Target is the operation's JSONPath in the document, for overlays
	// (e.g. $.paths['/v3/domains'].get).
	Target string

	// Service is the Client field whose type holds the method ("Domains"),
	// "" for a method on the Client itself; Call is the method: List.
	Service, Call string
	// Answer is what a successful call returns.
	Answer Answer
	// Paging is how the operation pages (x-apigen-pagination); nil when it
	// does not.
	Paging *Paging
}

// ServerConfig is a named server from the config.
type ServerConfig struct {
	Name, URL, Description string
}

// Input is what Build needs.
type Input struct {
	Name, Package, Title string
	SpecPath, SpecSHA256 string
	Spec                 []byte // overlaid OpenAPI 3 document
	Servers              []ServerConfig
	// SkipValidate leaves out kin-openapi's validation, which only adds a
	// warning (diff has no use for it; on Stripe it takes 2.5 s).
	SkipValidate bool
	// Repair runs the document's repairs even when kin-openapi loads it
	// as it is: the load stage found problems another reader trips on.
	Repair bool
}

// Build loads in.Spec with kin-openapi (the loader oapi-codegen consumes),
// validates it, and decides names.
func Build(in Input) (*API, error) {
	rec := &recorder{}
	doc, repaired, err := loadKin(in.Spec, in.Repair, rec)
	if err != nil {
		return nil, fmt.Errorf("after overlays: %w", err)
	}
	fixShapes(doc, rec)
	sanitize(doc, rec)
	roots := fixWebhooks(doc, rec)
	hoistDeepRefs(doc, rec)
	fixAllOf(doc, rec)
	prune(doc, roots)
	fixComponentNames(doc, rec)
	// Validation guards oapi-codegen against documents it would choke on,
	// not style: examples, defaults, patterns and the descriptions some
	// specs put beside a $ref are not its business.
	// Whether the generated package compiles is the gate; what kin's
	// validator finds (a name on an http scheme, collectionFormat beside a
	// header schema) is reported, not fatal.
	var warnings []string
	if !in.SkipValidate {
		if err := doc.Validate(context.Background(), openapi3.DisableExamplesValidation(),
			openapi3.DisableSchemaDefaultsValidation(), openapi3.DisableSchemaPatternValidation(),
			openapi3.AllowExtraSiblingFields("description", "summary", "title", "example", "examples", "nullable",
				"readOnly", "writeOnly", "deprecated", "default", "externalDocs", "xml")); err != nil {
			warnings = append(warnings, "spec does not validate: "+err.Error())
		}
	}
	api := &API{
		Name: in.Name, Package: in.Package, Title: in.Title, Repaired: repaired,
		SpecPath: in.SpecPath, SpecSHA256: in.SpecSHA256, Doc: doc, Warnings: warnings,
		BaseURLEnv: EnvPrefix(in.Name) + "_BASE_URL",
	}
	if api.Title == "" && doc.Info != nil {
		api.Title = doc.Info.Title
	}
	api.Title = OneLine(api.Title)
	servers, serverWarnings, err := servers(in.Servers, doc)
	if err != nil {
		return nil, err
	}
	api.Servers, api.Warnings = servers, append(api.Warnings, serverWarnings...)
	if api.Runtime, err = buildRuntime(doc); err != nil {
		return nil, fmt.Errorf("after overlays: %w", err)
	}
	api.Warnings = append(api.Warnings, api.Runtime.Warnings...)
	api.Runtime.defaultEnv(EnvPrefix(in.Name))
	api.Operations = operations(doc, rec)
	api.Names = fixedNames()
	if err := api.buildSurface(); err != nil {
		return nil, fmt.Errorf("model: %s after overlays: %w", in.SpecPath, err)
	}
	fixSchemaNames(doc, rec, api.reservedKeys())
	fixPropertyNames(doc, rec)
	api.nameAnswers(rec)
	api.Fixups = rec.list
	for _, f := range rec.list {
		if f.Lossy {
			api.Warnings = append(api.Warnings, fmt.Sprintf("fix-up at %s: %s", f.Target, f.Why))
		}
	}
	return api, nil
}

// servers takes the configured servers, or else the spec's own, naming
// unnamed ones by position. A relative server URL in the spec (legal: it is
// relative to wherever the spec is served) cannot become a constant, so it is
// skipped with a warning; in the config it is an error.
func servers(cfg []ServerConfig, doc *openapi3.T) ([]Server, []string, error) {
	fromSpec := len(cfg) == 0
	if fromSpec {
		for i, s := range doc.Servers {
			name := "default"
			if i > 0 {
				name = fmt.Sprintf("server%d", i+1)
			}
			if n, ok := s.Extensions["x-apigen-name"].(string); ok && n != "" {
				name = n
			}
			cfg = append(cfg, ServerConfig{Name: name, URL: s.URL, Description: s.Description})
		}
	}
	var out []Server
	var warnings []string
	seen := map[string]string{}
	for _, s := range cfg {
		if _, err := weburl.Check(s.URL); err != nil {
			if !fromSpec {
				return nil, nil, fmt.Errorf("server %q: url %q is not an absolute http(s) URL", s.Name, s.URL)
			}
			warnings = append(warnings, fmt.Sprintf("server %q is not an absolute http(s) URL: no constant for it; pass one to New with WithServer", s.URL))
			continue
		}
		goName := "Server" + Exported(s.Name)
		if prev, ok := seen[goName]; ok {
			return nil, nil, fmt.Errorf("servers %q and %q both map to Go name %s", prev, s.Name, goName)
		}
		seen[goName] = s.Name
		out = append(out, Server{Name: s.Name, GoName: goName, URL: strings.TrimRight(s.URL, "/"), Description: OneLine(s.Description)})
	}
	return out, warnings, nil
}

// operations lists every operation in a stable order and gives each a unique
// Go method name, writing it back as the operationId oapi-codegen will use.
func operations(doc *openapi3.T, rec *recorder) []Operation {
	var ops []Operation
	var refs []*openapi3.Operation
	paths := doc.Paths.Keys()
	sort.Strings(paths)
	for _, p := range paths {
		item := doc.Paths.Value(p)
		methods := make([]string, 0, 8)
		for m := range item.Operations() {
			methods = append(methods, m)
		}
		sort.Strings(methods)
		for _, m := range methods {
			op := item.GetOperation(m)
			fixParamNames(item, op, p, m, rec)
			o := Operation{Method: m, Path: p, ID: op.OperationID, Summary: op.Summary, Description: op.Description,
				Deprecated: op.Deprecated, Target: string(jpath("$.paths").Key(p).Key(strings.ToLower(m)))}
			if len(op.Tags) > 0 {
				o.Tag = op.Tags[0]
			}
			ops = append(ops, o)
			refs = append(refs, op)
		}
	}
	names := uniqueNames(ops)
	for i, o := range ops {
		ops[i].GoName = names[i]
		refs[i].OperationID = names[i]
		// oapi-codegen capitalises ids itself; record only real changes.
		if o.ID == "" || names[i] != upperFirst(o.ID) {
			rec.update(jpath(o.Target),
				fmt.Sprintf("operationId %q becomes the Go method %s", o.ID, names[i]), map[string]any{"operationId": names[i]})
		}
	}
	return ops
}

// uniqueNames derives a Go name per operation; a clash is settled by suffixes
// in the stable operation order, so adding an operation elsewhere in the spec
// never renames an existing method unless it collides with it.
func uniqueNames(ops []Operation) []string {
	names := make([]string, len(ops))
	used := map[string]bool{}
	for i, o := range ops {
		base := o.ID
		if base == "" {
			base = strings.ToLower(o.Method) + " " + o.Path
		}
		name := Exported(base)
		for n := 2; used[name]; n++ {
			name = fmt.Sprintf("%s%d", Exported(base), n)
		}
		used[name] = true
		names[i] = name
	}
	return names
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
