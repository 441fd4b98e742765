package samples

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pb33f/go-yaml"
)

func TestBashWord(t *testing.T) {
	for _, c := range []struct {
		in   word
		want string
	}{
		{word{lit("GET")}, "GET"},
		{word{lit("it's")}, `'it'\''s'`},
		{word{lit("$(id) `id`")}, "'$(id) `id`'"},
		{word{{Text: "X_BASE_URL", Env: true, Default: "https://a.example"}, lit("/p?q=1")}, `"${X_BASE_URL:-https://a.example}/p?q=1"`},
		{word{lit("Authorization: Bearer "), {Text: "TOKEN", Env: true}}, `"Authorization: Bearer ${TOKEN}"`},
		{word{{Text: "B", Env: true}, lit("/a'$b")}, `"${B}"'/a'\''$b'`},
		{word{lit("line\nbreak")}, "'line\nbreak'"},
	} {
		if got := bashWord(c.in); got != c.want {
			t.Errorf("bashWord(%v) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestPowerShellWord(t *testing.T) {
	for _, c := range []struct {
		in   word
		want string
	}{
		{word{lit("GET")}, "GET"},
		{word{lit("a,b")}, "'a,b'"},     // a bare comma makes an array
		{word{lit("@file")}, "'@file'"}, // a bare leading @ splats
		{word{lit("it's $(x) `n")}, "'it''s $(x) `n'"},
		{word{lit("\u2019smart\u2018")}, "'\u2019\u2019smart\u2018\u2018'"},
		{word{{Text: "B", Env: true, Base: true}, lit("/p"), lit("?q=1")}, "($base + '/p?q=1')"},
		{word{lit("X-Key: "), {Text: "KEY", Env: true}}, "('X-Key: ' + $env:KEY)"},
	} {
		if got := psWord(c.in); got != c.want {
			t.Errorf("psWord(%v) = %s, want %s", c.in, got, c.want)
		}
	}
	if got := psText("x\n'@\ny"); !strings.HasPrefix(got, "'") {
		t.Errorf("a body with a line starting '@ must not be a here-string: %s", got)
	}
}

func TestQueryPairs(t *testing.T) {
	n := func(s string) json.Number { return json.Number(s) }
	for _, c := range []struct {
		p    param
		want string
	}{
		{param{Name: "domain_id", Explode: true, Value: []any{n("3"), n("6")}}, "domain_id=3&domain_id=6"},
		{param{Name: "ids", Value: []any{n("3"), n("6")}}, "ids=3,6"},
		{param{Name: "ids", Style: "pipeDelimited", Value: []any{"a", "b"}}, "ids=a|b"},
		{param{Name: "filter", Style: "deepObject", Explode: true, Value: map[string]any{"b": "2", "a": "x y"}}, "filter[a]=x+y&filter[b]=2"},
		{param{Name: "filter[clientid][]", Explode: true, Value: []any{n("8")}}, "filter[clientid][]=8"},
		{param{Name: "q", Value: "a&b=c"}, "q=a%26b%3Dc"},
	} {
		if got := strings.Join(queryPairs(c.p), "&"); got != c.want {
			t.Errorf("queryPairs(%+v) = %s, want %s", c.p, got, c.want)
		}
	}
}

func TestFence(t *testing.T) {
	if got := fence("a ``` b ```` c"); got != "`````" {
		t.Errorf("fence = %s, want five backticks", got)
	}
	if got := fence("plain"); got != "```" {
		t.Errorf("fence = %s", got)
	}
}

// TestWriteJSONKeepsOrder: the decorated spec keeps the document's key
// order and turns YAML scalars into the JSON types they stand for.
func TestWriteJSONKeepsOrder(t *testing.T) {
	var n yaml.Node
	src := "z: 1\na: [true, null, 1.5, 0x10, .inf, text, '2']\nm: {}\n"
	if err := yaml.Unmarshal([]byte(src), &n); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := writeJSON(&b, n.Content[0], ""); err != nil {
		t.Fatal(err)
	}
	compact := strings.Join(strings.Fields(b.String()), "")
	if want := `{"z":1,"a":[true,null,1.5,16,".inf","text","2"],"m":{}}`; compact != want {
		t.Errorf("got %s, want %s", compact, want)
	}
	if !json.Valid(b.Bytes()) {
		t.Errorf("not JSON: %s", b.String())
	}
}

// TestWriteJSONDropsNotes: maintainers' notes never reach the decorated
// spec, at any depth, and an object holding only a note stays valid JSON.
func TestWriteJSONDropsNotes(t *testing.T) {
	var n yaml.Node
	src := "info: {title: T, x-apigen-note: 'Source: a/b@1234567'}\nop: {x-apigen-note: only}\nx-apigen-note: top\n"
	if err := yaml.Unmarshal([]byte(src), &n); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := writeJSON(&b, n.Content[0], ""); err != nil {
		t.Fatal(err)
	}
	compact := strings.Join(strings.Fields(b.String()), "")
	if want := `{"info":{"title":"T"},"op":{}}`; compact != want {
		t.Errorf("got %s, want %s", compact, want)
	}
	if !json.Valid(b.Bytes()) {
		t.Errorf("not JSON: %s", b.String())
	}
}

// FuzzBashQuote: any literal, quoted by bashWord, reaches the program as
// exactly that text: bash expands nothing in it.
func FuzzBashQuote(f *testing.F) {
	for _, s := range []string{"plain", "it's", "$(touch x)", "`id`", "a\nb", "!!", `\'`, "${HOME}", "'\"'", "\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.ContainsRune(s, 0) || !utf8.ValidString(s) {
			return // no argv can carry NUL; specs are UTF-8 text
		}
		dir := t.TempDir()
		cmd := exec.Command("bash", "-c", "printf '%s' "+bashWord(word{lit(s)}))
		cmd.Dir = dir
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("bash failed on %q: %v", bashWord(word{lit(s)}), err)
		}
		if string(out) != s {
			t.Fatalf("bash printed %q for %q (quoted %s)", out, s, bashWord(word{lit(s)}))
		}
		if entries, _ := os.ReadDir(dir); len(entries) > 0 {
			t.Fatalf("quoting %q ran a command", s)
		}
	})
}

// FuzzPowerShellQuote: psQuote's output is one single-quoted PowerShell
// string (no PowerShell here to run it): every quote character inside is
// doubled, so none can end the string, and undoubling gives s back.
func FuzzPowerShellQuote(f *testing.F) {
	for _, s := range []string{"plain", "it's", "$(x)", "\u2019smart\u2018", "''", "`n"} {
		f.Add(s)
	}
	quotes := "'\u2018\u2019\u201a\u201b"
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return // specs are UTF-8 text; the loader refuses anything else
		}
		q := psQuote(s)
		inner := q[1 : len(q)-1]
		rs := []rune(inner)
		var back []rune
		for i := 0; i < len(rs); i++ {
			if strings.ContainsRune(quotes, rs[i]) {
				if i+1 >= len(rs) || !strings.ContainsRune(quotes, rs[i+1]) {
					t.Fatalf("psQuote(%q) = %s: a lone quote ends the string", s, q)
				}
				i++
			}
			back = append(back, rs[i])
		}
		if string(back) != s {
			t.Fatalf("psQuote(%q) = %s reads back as %q", s, q, string(back))
		}
	})
}
