package load

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/pb33f/go-yaml"
	"github.com/pb33f/libopenapi"
	"github.com/pb33f/libopenapi/datamodel"
	v3high "github.com/pb33f/libopenapi/datamodel/high/v3"
	"github.com/pb33f/libopenapi/index"
	"github.com/pb33f/libopenapi/utils"

	"github.com/apigen-dev/apigen/generator/pos"
)

// Error is a problem at a place in a file (the type every stage shares).
type Error = pos.Error

// AtNode makes an Error at a YAML node's position.
func AtNode(file string, n *yaml.Node, format string, args ...any) *Error {
	if n == nil {
		return pos.At(file, 0, 0, format, args...)
	}
	return pos.At(file, n.Line, n.Column, format, args...)
}

var (
	// go-yaml reports positions as "at L9.C1".
	yamlPos = regexp.MustCompile(`\s*at L(\d+)\.C(\d+)(?:-C\d+)?`)
	// and puts the parser's state in parentheses before the message.
	yamlState = regexp.MustCompile(`^\((while [^)]*)\):?\s*(.*)$`)
	// libopenapi's model builder logs "..., line 8, column 19" or "at line 14, col 23".
	logPos = regexp.MustCompile(`,?\s*(?:at )?line (\d+), col(?:umn)? (\d+)`)
)

// Positioned turns a libopenapi parse error into an *Error, lifting the
// position out of the message text where it is only given there.
func Positioned(file string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "unable to parse specification: ")
	msg = strings.Replace(msg, "go-yaml load error in parser ", "", 1)
	if m := yamlPos.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		msg = strings.TrimPrefix(yamlPos.ReplaceAllString(msg, ""), ": ")
		if s := yamlState.FindStringSubmatch(msg); s != nil {
			msg = s[2] + " (" + s[1] + ")"
		}
		return &Error{File: file, Line: line, Col: col, Msg: "invalid YAML: " + msg}
	}
	if strings.Contains(msg, "spec type not supported") {
		msg = "not an OpenAPI or Swagger document: expected a top-level \"openapi: 3.x\" or \"swagger: \\\"2.0\\\"\" key"
	}
	return &Error{File: file, Msg: msg}
}

// logCollector is a slog handler that keeps the errors libopenapi logs while
// building a model: some build failures are only logged, never returned.
type logCollector struct {
	mu   sync.Mutex
	msgs []string
}

func (c *logCollector) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelError }
func (c *logCollector) Handle(_ context.Context, r slog.Record) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.msgs = append(c.msgs, r.Message)
	return nil
}
func (c *logCollector) WithAttrs([]slog.Attr) slog.Handler { return c }
func (c *logCollector) WithGroup(string) slog.Handler      { return c }

func newConfig() (*datamodel.DocumentConfiguration, *logCollector) {
	col := &logCollector{}
	cfg := datamodel.NewDocumentConfiguration()
	cfg.AllowFileReferences = false
	cfg.AllowRemoteReferences = false
	// (ExcludeExtensionRefs would skip references under response headers
	// named x-..., not only extensions: $refs in data are filtered from
	// the problems instead, see dataRefAt.)
	cfg.Logger = slog.New(col)
	return cfg, col
}

// BuildV3 builds doc's OpenAPI 3 model and reports the first build problem
// with its position. Circular references are not errors: recursive schemas
// are legal and oapi-codegen handles them.
//
// A local $ref to nothing is not a problem here either: the model degrades
// what uses it, with a warning at its place (the Swagger 2.0 upgrade, for
// a 2.0 document), so one dangling reference does not cost the document.
func BuildV3(file string, doc libopenapi.Document) (*libopenapi.DocumentModel[v3high.Document], error) {
	model, _, err := buildV3(file, doc)
	return model, err
}

// buildV3 is BuildV3 that also counts the local references to nothing.
func buildV3(file string, doc libopenapi.Document) (*libopenapi.DocumentModel[v3high.Document], int, error) {
	col := attach(doc)
	model, err := doc.BuildV3Model()
	dangling, e := buildError(file, err, col, dataRefAt(doc))
	if e != nil {
		return nil, dangling, e
	}
	return model, dangling, nil
}

func buildV2(file string, doc libopenapi.Document) error {
	col := attach(doc)
	_, err := doc.BuildV2Model()
	_, e := buildError(file, err, col, dataRefAt(doc))
	return e
}

// danglingLocal is libopenapi's complaint about a local $ref to nothing
// (it words it four ways).
var danglingLocal = regexp.MustCompile("^component `#[^`]*` does not exist in the specification|^cannot resolve reference `#[^`]*`, it's missing|reference cannot be found: reference '#[^']*' .*was not found|reference '#[^']*' cannot be found")

// dataRefAt reports whether a line and column hold a "$ref" that is data
// (an extension's or a default's value): libopenapi resolves some of those
// anyway, and its complaint about one is not a problem of the spec.
func dataRefAt(doc libopenapi.Document) func(line, col int) bool {
	at := map[[2]int]bool{}
	if info := doc.GetSpecInfo(); info != nil {
		maps, keys := DataRefs(info.RootNode)
		for i, m := range maps {
			for _, n := range append(m.Content[keys[i]:keys[i]+2:keys[i]+2], m) {
				at[[2]int{n.Line, n.Column}] = true
			}
		}
	}
	return func(line, col int) bool { return at[[2]int{line, col}] }
}

// attach points the document's logger at a fresh collector.
func attach(doc libopenapi.Document) *logCollector {
	col := &logCollector{}
	cfg := doc.GetConfiguration()
	cfg.Logger = slog.New(col)
	doc.SetConfiguration(cfg)
	return col
}

func buildError(file string, err error, col *logCollector, isData func(line, col int) bool) (int, error) {
	var found []*Error
	dangling := 0
	add := func(e *Error) {
		switch {
		case danglingLocal.MatchString(e.Msg):
			dangling++
		case e.Line == 0 || !isData(e.Line, e.Col):
			found = append(found, e)
		}
	}
	for _, e := range utils.UnwrapErrors(err) {
		var re *index.ResolvingError
		if errors.As(e, &re) {
			if re.CircularReference != nil {
				continue
			}
			add(AtNode(file, re.Node, "%s", re.Error()))
			continue
		}
		var ie *index.IndexingError
		if errors.As(e, &ie) {
			add(AtNode(file, ie.Node, "%s", ie.Error()))
			continue
		}
		add(&Error{File: file, Msg: e.Error()})
	}
	// Logged build failures are the fallback: use them only when no returned
	// error has a position, else the same problem is reported twice.
	for _, e := range found {
		if e.Line > 0 {
			return dangling, first(found)
		}
	}
	col.mu.Lock()
	for _, m := range col.msgs {
		if p := logPos.FindStringSubmatch(m); p != nil {
			line, _ := strconv.Atoi(p[1])
			c, _ := strconv.Atoi(p[2])
			add(&Error{File: file, Line: line, Col: c, Msg: logPos.ReplaceAllString(m, "")})
		}
	}
	col.mu.Unlock()
	return dangling, first(found)
}

// first returns the positioned error that comes first in the file (an error
// with a place beats one without), noting how many more there were.
func first(errs []*Error) error {
	if len(errs) == 0 {
		return nil
	}
	sort.SliceStable(errs, func(i, j int) bool {
		a, b := errs[i], errs[j]
		if (a.Line > 0) != (b.Line > 0) {
			return a.Line > 0
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	e := *errs[0]
	if n := len(errs) - 1; n > 0 {
		e.Msg += fmt.Sprintf(" (and %d more)", n)
	}
	return &e
}
