package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// Tests run in the package directory, so the committed files are two up.
const (
	tsvPath  = "../../specs/admtools/source/admtools-endpoints.tsv"
	specPath = "../../specs/admtools/openapi.yaml"
	lockPath = "../../specs/admtools/lock.yaml"
	regen    = "regenerate it from the repository root with `go run ./tools/admspec`"
)

func TestCommittedSpecIsUpToDate(t *testing.T) {
	got, err := convert(tsvPath, readFile(t, tsvPath))
	if err != nil {
		t.Fatal(err)
	}
	want := readFile(t, specPath)
	if !bytes.Equal(got, want) {
		t.Fatalf("specs/admtools/openapi.yaml is stale (first difference on line %d); %s",
			firstDiffLine(got, want), regen)
	}
	sum := sha256.Sum256(want)
	if recorded, actual := lockHash(readFile(t, lockPath)), hex.EncodeToString(sum[:]); recorded != actual {
		t.Errorf("specs/admtools/lock.yaml records sha256 %q, openapi.yaml has %q; %s", recorded, actual, regen)
	}
}

func TestAllActionsBecomeUniqueOperations(t *testing.T) {
	doc := convertCommitted(t)
	methods := map[string]int{}
	ids := map[string]string{}
	for path, item := range asMap(t, doc["paths"]) {
		for method, op := range asMap(t, item) {
			methods[method]++
			id, _ := asMap(t, op)["operationId"].(string)
			if id == "" {
				t.Errorf("%s %s: no operationId", method, path)
			}
			if prev, dup := ids[id]; dup {
				t.Errorf("operationId %q used by %s and %s", id, prev, path)
			}
			ids[id] = path
		}
	}
	if len(ids) != 679 || methods["post"] != 633 || methods["get"] != 46 || len(methods) != 2 {
		t.Errorf("got %d operations %v, want 679 (633 post, 46 get)", len(ids), methods)
	}
	for id, path := range map[string]string{
		"dnsRecordAdd":            "/dns/record_add/",
		"hostingLogNginxOnline":   "/hosting/log/nginx-online/",
		"extraSphinxIndexDelete":  "/extra/sphinx/index/delete/",
		"extraSphinxIndexDelete2": "/extra/sphinx/index_delete/",
	} {
		if ids[id] != path {
			t.Errorf("operationId %q belongs to %q, want %q", id, ids[id], path)
		}
	}
}

// TestTypeMapping checks the decoded spec, so YAML quoting mistakes (an
// integer enum written as strings, say) show up as wrong Go types.
func TestTypeMapping(t *testing.T) {
	doc := convertCommitted(t)
	form := "requestBody.content.application/x-www-form-urlencoded.schema.properties"
	for _, c := range []struct {
		path string
		want string
	}{
		{"/billing/anonym_payment/.post." + form + ".period.enum", "[1 3 6 12]"},
		{"/cloud/guard/toggle/.post." + form + ".enable", "map[enum:[0 1] type:integer]"},
		{"/hosting/virtual/paramsother/hotlink/.post." + form + ".enable_hotlink.enum", `["0" "1"]`},
		{"/domain/booking/list/.post." + form + ".show_valid_until.enum", `["ASC" "DESC" ""]`},
		{"/dedicated/control/firewall_save/.post." + form + ".protocol.items.enum", `["any" "tcp" "udp" "icmp"]`},
		{"/storage/update_appearance/.post.requestBody.content.multipart/form-data.schema.properties.custom_logo",
			"map[format:binary type:string]"},
		{"/billing/print/invoice/.get.parameters", "[map[in:query name:invoice_id required:true schema:map[type:integer]] " +
			"map[in:query name:token schema:map[type:string]]]"},
		{"/billing/balance_get/.get.parameters", "<nil>"},
	} {
		if got := show(dig(t, asMap(t, doc["paths"]), c.path)); got != c.want {
			t.Errorf("%s = %s, want %s", c.path, got, c.want)
		}
	}
	open := dig(t, asMap(t, doc["paths"]), "/opensearch/users/create/save/.post."+form+".role")
	if m := asMap(t, open); m["enum"] != nil || !strings.Contains(m["description"].(string), "custom") {
		t.Errorf("open value list {custom,...array_keys(...)} became %v, want no enum and a description", m)
	}
}

func TestMalformedRowsNameTheLine(t *testing.T) {
	const good = "POST\t/action/a/ok/\tsummary\tn:Int\tsrc\n"
	for _, c := range []struct{ row, want string }{
		{"POST\t/action/a/b/\ts\tx:Foo\tsrc", `x.tsv:3: param "x": unknown type "Foo"`},
		{"POST\t/action/a/b/\ts\tx:Int", "x.tsv:3: got 4 tab-separated columns, want 5"},
		{"PUT\t/action/a/b/\ts\t\tsrc", `x.tsv:3: method "PUT": want GET or POST`},
		{"POST\t/action/a/b\ts\t\tsrc", `x.tsv:3: path "/action/a/b": want /action/<segments>/`},
		{"POST\t/api/a/b/\ts\t\tsrc", `x.tsv:3: path "/api/a/b/"`},
		{"POST\t/action/a/ok/\ts\t\tsrc", `x.tsv:3: path "/a/ok/" already listed on line 2`},
		{"POST\t/action/a/b/\ts\tn:Int?{1,x}\tsrc", `x.tsv:3: param "n": value "x" is not an integer`},
		{"POST\t/action/a/b/\ts\tf:Bool?{0,2}\tsrc", `x.tsv:3: param "f": value "2": Bool values must be 0 or 1`},
		{"POST\t/action/a/b/\ts\tn:Int{1,2\tsrc", `x.tsv:3: param "n": cannot read type "Int{1,2"`},
		{"POST\t/action/a/b/\ts\td:DateTime{x}\tsrc", `x.tsv:3: param "d": type DateTime takes no value list`},
		{"POST\t/action/a/b/\ts\tn:Int;n:String\tsrc", `x.tsv:3: param "n" listed twice`},
		{"POST\t/action/a/b/\ts\tnotype\tsrc", `x.tsv:3: param "notype": want name:Type`},
		{"GET\t/action/a/b/\ts\tf:File\tsrc", `x.tsv:3: param "f": a File cannot be sent in a GET query string`},
		{"POST\t/action/a/b/\t\t\tsrc", "x.tsv:3: summary and source columns must not be empty"},
	} {
		_, err := convert("x.tsv", []byte(strings.Join(header, "\t")+"\n"+good+c.row+"\n"))
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("row %q: error %v, want prefix %q", c.row, err, c.want)
		}
	}
	_, err := convert("x.tsv", []byte("verb\tpath\n"+good))
	if err == nil || !strings.HasPrefix(err.Error(), "x.tsv:1: header is") {
		t.Errorf("bad header: error %v, want x.tsv:1: header is ...", err)
	}
}

func TestOperationIDCollisions(t *testing.T) {
	// Listed out of path order on purpose: the plain id must go to the
	// smaller path whatever the row order.
	rows := "POST\t/action/a/b_c/\ts\t\tsrc\nPOST\t/action/a/b/c/\ts\t\tsrc\n"
	acts, err := parseTSV("x.tsv", []byte(strings.Join(header, "\t")+"\n"+rows))
	if err != nil {
		t.Fatal(err)
	}
	ids, err := operationIDs("x.tsv", acts)
	if err != nil || ids[0] != "aBC2" || ids[1] != "aBC" {
		t.Errorf("ids %v, err %v; want [aBC2 aBC]", ids, err)
	}
	// The suffixed id may itself be taken; that must fail, not clash.
	rows += "POST\t/action/a/b/c2/\ts\t\tsrc\n"
	_, err = convert("x.tsv", []byte(strings.Join(header, "\t")+"\n"+rows))
	if err == nil || !strings.Contains(err.Error(), `operationId "aBC2"`) || !strings.HasPrefix(err.Error(), "x.tsv:") {
		t.Errorf("error %v, want an operationId \"aBC2\" collision naming a line", err)
	}
}

func TestRunWritesSpecAndLock(t *testing.T) {
	dir := t.TempDir()
	in, out, lock := filepath.Join(dir, "in.tsv"), filepath.Join(dir, "openapi.yaml"), filepath.Join(dir, "lock.yaml")
	tsv := strings.Join(header, "\t") + "\nPOST\t/action/a/b/\ts\tn:Int\tsrc\n"
	writeFile(t, in, tsv)
	day1 := time.Date(2026, 11, 24, 23, 0, 0, 0, time.UTC)
	if err := run(in, out, lock, day1); err != nil {
		t.Fatal(err)
	}
	spec := readFile(t, out)
	sum := sha256.Sum256(spec)
	firstLock := string(readFile(t, lock))
	if !strings.Contains(firstLock, "sha256: "+hex.EncodeToString(sum[:])+"\n") ||
		!strings.Contains(firstLock, `date: "2026-11-24"`) {
		t.Errorf("lock does not record the spec hash and date:\n%s", firstLock)
	}
	// Same input a day later: nothing may change, not even the lock date.
	if err := run(in, out, lock, day1.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(readFile(t, out), spec) || string(readFile(t, lock)) != firstLock {
		t.Error("rerun on the same TSV changed the spec or the lock")
	}
	// A changed catalogue moves the hash and the date.
	writeFile(t, in, tsv+"GET\t/action/a/c/\ts\t\tsrc\n")
	if err := run(in, out, lock, day1.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if l := string(readFile(t, lock)); l == firstLock || !strings.Contains(l, `date: "2026-11-25"`) {
		t.Errorf("lock not refreshed after the spec changed:\n%s", l)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		t.Errorf("directory holds %d entries, want 3 (temporary files left behind?)", len(entries))
	}
}

func convertCommitted(t *testing.T) map[string]any {
	t.Helper()
	out, err := convert(tsvPath, readFile(t, tsvPath))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// dig follows a dotted path of mapping keys; keys in the spec contain
// slashes but no dots, so "/a/b/.post.x" is unambiguous.
func dig(t *testing.T, m map[string]any, path string) any {
	t.Helper()
	var cur any = m
	for _, key := range strings.Split(path, ".") {
		cur = asMap(t, cur)[key]
		if cur == nil {
			return nil
		}
	}
	return cur
}

func asMap(t *testing.T, v any) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("want a mapping, got %T %v", v, v)
	}
	return m
}

// show prints strings quoted and everything else plainly, so "0" and 0
// differ.
func show(v any) string {
	if list, ok := v.([]any); ok && len(list) > 0 {
		if _, isStr := list[0].(string); isStr {
			parts := make([]string, len(list))
			for i, s := range list {
				parts[i] = `"` + s.(string) + `"`
			}
			return "[" + strings.Join(parts, " ") + "]"
		}
	}
	return fmt.Sprint(v)
}

func firstDiffLine(a, b []byte) int {
	al, bl := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := range min(len(al), len(bl)) {
		if !bytes.Equal(al[i], bl[i]) {
			return i + 1
		}
	}
	return min(len(al), len(bl)) + 1
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
