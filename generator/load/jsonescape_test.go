package load

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/pb33f/go-yaml"
)

func TestYAMLSafeJSON(t *testing.T) {
	for in, want := range map[string]string{
		`{"p": "\/v3\/a"}`:                  `{"p": "/v3/a"}`,
		`{"e": "\ud83d\ude00!"}`:            `{"e": "😀!"}`,
		`{"l": "\ud800x"}`:                  `{"l": "` + "\uFFFD" + `x"}`,
		`{"b": "\\\/"}`:                     `{"b": "\\/"}`,   // an escaped backslash, then an escaped slash
		`{"k": "\\/"}`:                      `{"k": "\\/"}`,   // an escaped backslash, then a slash: nothing to do
		`{"q": "\"\/\""}`:                   `{"q": "\"/\""}`, // \" does not end the string
		`{"u": "\u00e9\n"}`:                 `{"u": "\u00e9\n"}`,
		"{\n\"a\": \"\\/\",\n\"b\": 1\n}":   "{\n\"a\": \"/\",\n\"b\": 1\n}",
		`openapi: "3.0.3" # \/ is not JSON`: `openapi: "3.0.3" # \/ is not JSON`,
		`{a: 'say "hi', b: 'C:\/x'}`:        `{a: 'say "hi', b: 'C:\/x'}`, // YAML flow style: the backslash is literal
	} {
		if got := string(yamlSafeJSON([]byte(in))); got != want {
			t.Errorf("yamlSafeJSON(%s) = %s, want %s", in, got, want)
		}
	}
}

// FuzzYAMLSafeJSON: for valid JSON, the rewrite means the same to a JSON
// reader (lone surrogates aside, which encoding/json also reads as U+FFFD),
// keeps every line where it was, and a YAML parser reads it as the same
// data whenever it read the input at all.
func FuzzYAMLSafeJSON(f *testing.F) {
	for _, s := range []string{
		`{"a": "\/b\/c", "n": [1, 2.5e3, true, null]}`,
		`{"e": "\ud83d\ude00 \ud800 \\\/ \" \/"}`,
		"{\n  \"x\": {\"y\": \"\\u002f\"}\n}",
		`{"\/k": {"\/": "\/"}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if !json.Valid(in) || bytes.TrimLeft(in, " \t\r\n")[0] != '{' {
			return
		}
		out := yamlSafeJSON(in)
		var a, b any
		if err := json.Unmarshal(in, &a); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(out, &b); err != nil {
			t.Fatalf("the rewrite is not JSON: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("the rewrite changed the data:\n%s\n%s", in, out)
		}
		if bytes.Count(in, []byte("\n")) != bytes.Count(out, []byte("\n")) {
			t.Fatalf("lines moved:\n%s\n%s", in, out)
		}
		var fromIn, fromOut any
		if yaml.Unmarshal(in, &fromIn) == nil {
			if err := yaml.Unmarshal(out, &fromOut); err != nil {
				t.Fatalf("YAML read the input but not the rewrite: %v\n%s", err, out)
			}
		}
	})
}

// TestYAMLSafeJSONEscapesForbiddenCharacters: raw C1 controls, DEL and
// U+FFFE are legal in JSON strings but not in a YAML stream; they become
// escapes, and JSON reads the same text.
func TestYAMLSafeJSONEscapesForbiddenCharacters(t *testing.T) {
	in := []byte("{\"city\": \"A\u0091B\u007fC\ufffeD\u0085E\", \"n\": 1}")
	out := yamlSafeJSON(in)
	if want := "{\"city\": \"A\\u0091B\\u007fC\\ufffeD\u0085E\", \"n\": 1}"; string(out) != want {
		t.Fatalf("got  %q\nwant %q", out, want)
	}
	var a, b map[string]any
	if json.Unmarshal(in, &a) != nil || json.Unmarshal(out, &b) != nil || a["city"] != b["city"] {
		t.Fatalf("the rewrite changed the JSON: %v vs %v", a, b)
	}
}
