package samples

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dave/jennifer/jen"
)

// TestPrintResult: results are printed field by field (optional fields
// only when set), lists item by item, raw JSON as text; what cannot be
// read falls back to %+v.
func TestPrintResult(t *testing.T) {
	src := "package acme\n" +
		"type Status string\n" +
		"const StatusOn Status = \"on\"\n" +
		"type Item struct {\n\tId int64 `json:\"id\"`\n\tName *string `json:\"name,omitempty\"`\n\tState Status `json:\"state\"`\n}\n" +
		"type Page struct {\n\tTotal int `json:\"total\"`\n\tNote *string `json:\"note,omitempty\"`\n\tResults []Item `json:\"results\"`\n}\n"
	c, err := parseClient(nil, []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	for typ, want := range map[string][]string{
		"*acme.Page": {`fmt.Println("total:", result.Total)`, `if result.Note != nil {`, `fmt.Println("note:", *result.Note)`,
			`for _, item := range result.Results {`, `fmt.Println(item.Id, item.State)`},
		"[]Item":          {`for _, item := range result {`, `fmt.Println(item.Id, item.State)`},
		"json.RawMessage": {`fmt.Println(string(result))`},
		"map[string]any":  {`fmt.Printf("%+v\n", result)`},
	} {
		f := jen.NewFile("main")
		f.Func().Id("main").Params().Block(c.printResult(typ)...)
		got := fmt.Sprintf("%#v", f)
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: no %s in\n%s", typ, w, got)
			}
		}
	}
	if c.enums[[2]string{"Status", "on"}] != "StatusOn" {
		t.Errorf("enum constants: %v", c.enums)
	}
}
