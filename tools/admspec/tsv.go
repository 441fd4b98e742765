package main

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// action is one row of the catalogue.
type action struct {
	line    int    // 1-based line in the TSV, for messages
	method  string // "GET" or "POST"
	path    string // TSV path without the "/action" prefix, e.g. "/dns/record_add/"
	summary string
	source  string
	params  []param
}

// param is one `name:Type[?][{values}]` item of the params column.
type param struct {
	name     string
	kind     string // catalogue type: Int, String, Bool, ...
	required bool   // false when the type carries a `?`
	enum     []string
	// open holds PHP spread expressions such as `...$access_rules` found in
	// the value list. They mean the list is open-ended (the rest of the
	// values live in PHP code we cannot see), so no enum is emitted.
	open []string
}

// header is the first line the converter expects, column by column.
var header = []string{"method", "path", "summary", "params", "source"}

const pathPrefix = "/action"

var (
	segmentRE   = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
	paramNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	// typeRE splits "Int?{1,3}" into type, optional mark and value list.
	// The list may contain anything (even PHP code), so it is matched
	// greedily up to the final brace.
	typeRE = regexp.MustCompile(`^([A-Za-z]+)(\?)?(\{.*\})?$`)
)

// parseTSV reads the whole catalogue. Errors are prefixed with name:line.
func parseTSV(name string, data []byte) ([]action, error) {
	lines := strings.Split(string(data), "\n")
	if got := strings.TrimSuffix(lines[0], "\r"); got != strings.Join(header, "\t") {
		return nil, fmt.Errorf("%s:1: header is %q, want %q", name, got, strings.Join(header, "\t"))
	}
	var acts []action
	seen := map[string]int{} // path -> line, to catch duplicate actions
	for i, raw := range lines[1:] {
		n := i + 2
		line := strings.TrimSuffix(raw, "\r")
		if line == "" {
			continue // the final newline, or a blank line left by an editor
		}
		a, err := parseRow(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		if prev, dup := seen[a.path]; dup {
			return nil, fmt.Errorf("%s:%d: path %q already listed on line %d", name, n, a.path, prev)
		}
		seen[a.path] = n
		a.line = n
		acts = append(acts, a)
	}
	if len(acts) == 0 {
		return nil, fmt.Errorf("%s: no actions after the header", name)
	}
	return acts, nil
}

func parseRow(line string) (action, error) {
	if !utf8.ValidString(line) {
		return action{}, errors.New("line is not valid UTF-8")
	}
	cols := strings.Split(line, "\t")
	if len(cols) != len(header) {
		return action{}, fmt.Errorf("got %d tab-separated columns, want %d (%s)",
			len(cols), len(header), strings.Join(header, ", "))
	}
	a := action{method: cols[0], summary: strings.TrimSpace(cols[2]), source: strings.TrimSpace(cols[4])}
	if a.method != "GET" && a.method != "POST" {
		return action{}, fmt.Errorf("method %q: want GET or POST", a.method)
	}
	path, err := actionPath(cols[1])
	if err != nil {
		return action{}, err
	}
	a.path = path
	if a.summary == "" || a.source == "" {
		return action{}, errors.New("summary and source columns must not be empty")
	}
	if a.params, err = parseParams(cols[3]); err != nil {
		return action{}, err
	}
	return a, checkMethodParams(a)
}

// actionPath checks "/action/dns/record_add/" and returns "/dns/record_add/".
// The trailing slash is part of the vendor's URLs, so it is kept.
func actionPath(raw string) (string, error) {
	rest, ok := strings.CutPrefix(raw, pathPrefix+"/")
	if !ok || !strings.HasSuffix(rest, "/") {
		return "", fmt.Errorf("path %q: want %s/<segments>/ with a trailing slash", raw, pathPrefix)
	}
	for _, seg := range strings.Split(strings.TrimSuffix(rest, "/"), "/") {
		if !segmentRE.MatchString(seg) {
			return "", fmt.Errorf("path %q: bad segment %q (want lowercase letters, digits, _ or -)", raw, seg)
		}
	}
	return "/" + rest, nil
}

// checkMethodParams rejects parameters that cannot travel with the method.
func checkMethodParams(a action) error {
	if a.method != "GET" {
		return nil
	}
	for _, p := range a.params {
		if p.kind == "File" {
			return fmt.Errorf("param %q: a File cannot be sent in a GET query string", p.name)
		}
	}
	return nil
}

func parseParams(col string) ([]param, error) {
	if strings.TrimSpace(col) == "" {
		return nil, nil
	}
	var ps []param
	seen := map[string]bool{}
	for _, field := range splitOutsideBraces(col, ';') {
		p, err := parseParam(field)
		if err != nil {
			return nil, err
		}
		if seen[p.name] {
			return nil, fmt.Errorf("param %q listed twice", p.name)
		}
		seen[p.name] = true
		ps = append(ps, p)
	}
	return ps, nil
}

func parseParam(field string) (param, error) {
	// Cut at the first colon only: value lists may hold PHP code with "::".
	name, spec, ok := strings.Cut(field, ":")
	if !ok || !paramNameRE.MatchString(name) {
		return param{}, fmt.Errorf("param %q: want name:Type", field)
	}
	m := typeRE.FindStringSubmatch(spec)
	if m == nil {
		return param{}, fmt.Errorf("param %q: cannot read type %q (want Type, Type? or Type{a,b})", name, spec)
	}
	p := param{name: name, kind: m[1], required: m[2] == ""}
	w, known := wireTypes[p.kind]
	if !known {
		return param{}, fmt.Errorf("param %q: unknown type %q", name, p.kind)
	}
	if m[3] == "" {
		return p, nil
	}
	if w.enumTag == "" {
		return param{}, fmt.Errorf("param %q: type %s takes no value list", name, p.kind)
	}
	if err := p.setValues(strings.TrimSuffix(strings.TrimPrefix(m[3], "{"), "}")); err != nil {
		return param{}, fmt.Errorf("param %q: %w", name, err)
	}
	return p, nil
}

// setValues fills enum and open from the inside of a `{...}` list.
func (p *param) setValues(list string) error {
	if strings.TrimSpace(list) == "" {
		return errors.New("empty value list {}")
	}
	seen := map[string]bool{}
	for _, v := range strings.Split(list, ",") {
		v = strings.TrimSpace(v)
		// A few lists quote their values ("none","zend"); the quotes are
		// PHP source syntax, not part of the value.
		if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
			v = v[1 : len(v)-1]
		}
		if strings.HasPrefix(v, "...") {
			p.open = append(p.open, v)
			continue
		}
		if seen[v] {
			return fmt.Errorf("value %q listed twice", v)
		}
		if err := checkValue(p.kind, v); err != nil {
			return err
		}
		seen[v] = true
		p.enum = append(p.enum, v)
	}
	return nil
}

// checkValue makes sure an enum value is valid JSON for the schema type the
// catalogue type maps to, so validators accept the emitted enum.
func checkValue(kind, v string) error {
	switch wireTypes[kind].enumTag {
	case "!!int":
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return fmt.Errorf("value %q is not an integer (type %s)", v, kind)
		}
		if kind == "Bool" && v != "0" && v != "1" {
			return fmt.Errorf("value %q: Bool values must be 0 or 1", v)
		}
	case "!!float":
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return fmt.Errorf("value %q is not a number (type %s)", v, kind)
		}
	}
	return nil
}

// splitOutsideBraces splits s at sep, ignoring separators inside {...} so a
// value list can never cut a parameter in two.
func splitOutsideBraces(s string, sep rune) []string {
	var parts []string
	depth, start := 0, 0
	for i, r := range s {
		switch {
		case r == '{':
			depth++
		case r == '}' && depth > 0:
			depth--
		case r == sep && depth == 0:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}
