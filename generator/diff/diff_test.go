package diff

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBreakingClasses: one hand-made pair per kind of change a client
// cares about, each with the classification and place it must get.
func TestBreakingClasses(t *testing.T) {
	base := read(t, "testdata/base.yaml")
	for _, tc := range []struct {
		pair, location, what string
		breaking             bool
	}{
		{"removed-operation", "paths", "/pets/{id} removed", true},
		{"removed-field", "schema Pet", "properties removed: age", true},
		{"removed-enum-value", "schema Pet", "enum removed: bird", true},
		{"new-required-param", "GET /pets", "parameters added: owner", true},
		{"new-required-property", "schema Pet", "required added: age", true},
		{"type-change", "schema Pet", "type modified: integer → string", true},
		{"security-change", "securityScheme key", "name modified: X-Key → X-Api-Key", true},
		{"added-operation", "paths", "/owners added", false},
	} {
		r, err := Specs("base.yaml", base, tc.pair+".yaml", read(t, "testdata/"+tc.pair+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, c := range r.Changes {
			if c.Location == tc.location && strings.Contains(c.What, tc.what) {
				found = true
				if c.Breaking != tc.breaking || c.Line == 0 {
					t.Errorf("%s: %+v, want breaking=%v with a line", tc.pair, c, tc.breaking)
				}
			}
		}
		if !found {
			t.Errorf("%s: no change at %q like %q in %+v", tc.pair, tc.location, tc.what, r.Changes)
		}
		if want := map[bool]int{true: 1, false: 0}[tc.breaking]; r.Breaking() != want {
			t.Errorf("%s: %d breaking, want %d", tc.pair, r.Breaking(), want)
		}
	}
}

// TestCorpusPairs: the public before/after pairs in shared/corpus.
func TestCorpusPairs(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "corpus")
	for _, p := range [][2]string{
		{"lib-burgershop.openapi.yaml", "lib-burgershop.openapi-modified.yaml"},
		{"lib-petstorev2.json", "lib-petstorev2-complete-modified.yaml"},
	} {
		oldData, err := os.ReadFile(filepath.Join(dir, p[0]))
		if err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("corpus missing in CI: %v", err)
			}
			t.Skip("no shared/corpus beside the repository")
		}
		r, err := Specs(p[0], oldData, p[1], read(t, filepath.Join(dir, p[1])))
		if err != nil {
			t.Fatalf("%s: %v", p[1], err)
		}
		if len(r.Changes) == 0 || r.Breaking() == 0 {
			t.Errorf("%s → %s: %d changes, %d breaking; the modified specs remove and change things", p[0], p[1], len(r.Changes), r.Breaking())
		}
		t.Logf("%s → %s: %d changes, %d breaking", p[0], p[1], len(r.Changes), r.Breaking())
	}
}

func TestGoAPI(t *testing.T) {
	oldSrc := []byte("package p\ntype Pet struct { Name string; Age *int }\nfunc (c *Client) ListPets(n int) error { return nil }\nfunc NewListPetsRequest() {}\nconst KindCat Kind = \"cat\"\ntype Kind string\ntype Client struct{}\ntype API interface { ListPets(n int) error }\n")
	newSrc := []byte("package p\ntype Pet struct { Name string; Age *string; Tag *string }\ntype Kind string\ntype Client struct{}\ntype API interface { ListOwners() error }\n")
	owners := []Owner{{"operation GET /pets (ListPets)", "ListPets"}, {"schema Pet", "Pet"}, {"schema Kind", "Kind"}, {"schema PetList", "PetList"}}
	groups, err := GoAPI([][]byte{oldSrc}, [][]byte{newSrc}, owners)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, g := range groups {
		var names []string
		for _, c := range g.Changes {
			names = append(names, c.Name+" "+strings.Fields(c.What)[0])
		}
		got[g.Owner] = fmt.Sprint(g.Breaking(), names)
	}
	want := map[string]string{
		// One removed operation is one finding listing what went with it.
		"operation GET /pets (ListPets)": "true [(*Client).ListPets removed API.ListPets removed NewListPetsRequest removed]",
		"schema Pet":                     "true [Pet.Age changed: Pet.Tag added]",
		"schema Kind":                    "true [KindCat removed]",
		"package":                        "false [API.ListOwners added]",
	}
	if !maps.Equal(got, want) {
		t.Errorf("groups:\n got %v\nwant %v", got, want)
	}
	if !groups[0].Breaking() || groups[len(groups)-1].Breaking() {
		t.Errorf("breaking groups come first: %+v", groups)
	}
}

func read(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
