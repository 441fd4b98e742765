package corpus

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/apigen-dev/apigen/internal/samplerun"
)

// wideSample is a sample of ../shared/corpus-wide for go test (make
// corpus-wide runs all of it): small specs that between them need every
// kind of degradation the whole folder needs, and the ones that failed
// before issue 14 for each kind of construct (a crash in the samples, a
// stack overflow, webhooks, duplicate Go names, 3.1 type lists, keywords
// of the wrong type, names Go cannot print, output that did not format).
var wideSample = []string{
	"affinity-api.json",                          // union members declared twice
	"beehiiv-api.yaml",                           // type: [integer, boolean]
	"bigcommerce-customers-v2.yaml",              // a tab in a parameter name
	"bigcommerce-webhook-callbacks.yaml",         // crashed the Go samples; property names
	"blink-api.json",                             // a parameter schema that is a list; dangling links
	"bluesnap-api.yaml",                          // a property name Go cannot tag
	"brex-team.json",                             // a cycle through allOf/oneOf; duplicate type names
	"finleycms-api.yaml",                         // required: true on a property
	"finshark-api.yaml",                          // allOf members that disagree
	"getpartna-api.yaml",                         // enums that cannot be constants
	"golioth-api.yaml",                           // crashed the Go samples
	"height-api.yaml",                            // type: [null, number]
	"homerun-api.yaml",                           // items that are a list
	"huggingface-text-generation-inference.json", // a discriminator oapi-codegen refuses
	"inmobile-api.yaml",                          // request bodies declared twice
	"jina-api.yaml",                              // duplicate type names
	"minio-console.yaml",                         // an operation whose code does not compile
	"modrinth-api.yaml",                          // enums dropped
	"resend-api.yaml",                            // OpenAPI 3.1 webhooks
	"seomonitor-api.yaml",                        // parameters without a schema
	"seyna-api.json",                             // a parameter of several types
	"soundcloud-api.yaml",                        // multipart bodies declared twice
	"starkbank-api.yaml",                         // escapes Go cannot print
	"uploadthing-api.yaml",                       // union methods declared twice
	"volt-api.yaml",                              // examples that are an object
}

// wideKinds are the kinds of degradation make corpus-wide finds in the
// whole folder; the sample must need each of them.
var wideKinds = []Kind{AnyJSON, EnumDropped, Discriminator, OpLeftOut, ParamChanged, PropLeftOut, KeywordFixed, AllOfAgreed, Other}

// TestCorpusWideSample generates the sample with the apigen binary, as a
// user would, and requires every package to compile and pass go vet, no
// panic, and between them every kind of degradation.
func TestCorpusWideSample(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and compiles 25 packages")
	}
	dir := shared(t, "corpus-wide")
	var specs []string
	for _, name := range wideSample {
		specs = append(specs, filepath.Join(dir, name))
	}
	r := runner(t)
	results := generateAll(t, r, specs)
	seen := map[Kind]bool{}
	var pkgs []string
	for i, res := range results {
		name := wideSample[i]
		if !res.Generated {
			t.Errorf("%s: %s", name, res.Err)
			continue
		}
		pkgs = append(pkgs, pkgPath(t, r.Root, res.Dir))
		for _, d := range res.Degradations() {
			seen[d.Kind] = true
		}
	}
	for _, k := range wideKinds {
		if !seen[k] {
			t.Errorf("no spec of the sample needs a degradation of kind %q: add one that does", k)
		}
	}
	compile(t, r.Root, pkgs)
	t.Logf("%d/%d sample specs generate, compile and vet", len(pkgs), len(specs))
}

// TestEveryCorpusSpecCompiles generates every public spec in shared/corpus
// with apigen and requires each package, and the Go samples written for
// it, to compile and pass go vet.
func TestEveryCorpusSpecCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and vets 33 packages")
	}
	specs, _ := Specs(shared(t, "corpus"))
	r := runner(t)
	var pkgs []string
	generated, samples := 0, 0
	for i, res := range generateAll(t, r, specs) {
		if !res.Generated {
			t.Errorf("%s: %s", filepath.Base(specs[i]), res.Err)
			continue
		}
		pkgs = append(pkgs, pkgPath(t, r.Root, res.Dir))
		generated++
		if dir, n := goSamples(t, res.Dir); n > 0 {
			pkgs = append(pkgs, pkgPath(t, r.Root, dir))
			samples += n
		}
	}
	compile(t, r.Root, pkgs)
	t.Logf("%d/%d corpus specs generate, compile and vet, with %d Go samples", generated, len(specs), samples)
}

// TestDegradations reads apigen's warnings as the corpus table counts them.
func TestDegradations(t *testing.T) {
	pathOps := map[string][]string{"/pets": {"GET /pets", "POST /pets"}}
	for _, c := range []struct {
		warning string
		ok      bool
		kind    Kind
		ops     []string
		schema  string
	}{
		{"degraded $.components.schemas.Grammar: the discriminator is dropped, the union is decoded by trying its members (x)", true, Discriminator, nil, "Grammar"},
		{"degraded $.components.schemas['Pet Food'].properties.kind: the enum is dropped, any value is allowed (x)", true, EnumDropped, nil, "Pet Food"},
		{"degraded $.paths['/pets'].get.responses['200'].content['application/json'].schema: it is any JSON value, because oapi-codegen cannot generate it: x", true, AnyJSON, []string{"GET /pets"}, ""},
		{"operation POST /pets (CreatePet) is left out: its generated code does not compile: x", true, OpLeftOut, []string{"POST /pets"}, ""},
		{"fix-up at $.paths['/pets'].parameters[0]: parameter id has no schema; it is sent as a string", true, ParamChanged, []string{"GET /pets", "POST /pets"}, ""},
		{"fix-up at $.components.schemas.A.properties['a:b']: property name \"a\\\"b\" cannot be a Go struct tag; the property is left out", true, PropLeftOut, nil, "A"},
		{"fix-up at $.definitions.Pet.maxLength: maxLength: \"10\" is not of the type the specification gives it, so it is left out", true, KeywordFixed, nil, "Pet"},
		{"/specs/x.json:25:21: $ref \"#/parameters/Nope\" at $.paths['/pets'].get.parameters[1] points at nothing; it is left out", true, DanglingRef, []string{"GET /pets"}, ""},
		{"/specs/x.json:38:13: items at $.paths['/pets'].get.parameters[2] is not of the type Swagger 2.0 gives it; it is left out", true, KeywordFixed, []string{"GET /pets"}, ""},
		{"renamed $.components.schemas.Card.properties.status: it is component CardStatus2", false, "", nil, ""},
		{"spec does not validate: invalid components", false, "", nil, ""},
		{"samples: POST /a: no Go sample: argument body: no literal for this type", false, "", nil, ""},
	} {
		d, ok := ParseDegradation(c.warning)
		if ok != c.ok || d.Kind != c.kind {
			t.Errorf("%q: %v %q, want %v %q", c.warning, ok, d.Kind, c.ok, c.kind)
			continue
		}
		if !ok {
			continue
		}
		if ops, schema := d.Part(pathOps); !slices.Equal(ops, c.ops) || schema != c.schema {
			t.Errorf("%q: part %v %q, want %v %q", c.warning, ops, schema, c.ops, c.schema)
		}
	}
}

// shared is ../shared/<name> beside the repository; CI clones it there.
func shared(t *testing.T, name string) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "..", "shared", name)
	if specs, _ := Specs(dir); len(specs) == 0 {
		if os.Getenv("CI") != "" {
			t.Fatalf("no specs in %s: CI clones shared/ beside the repository", dir)
		}
		t.Skipf("no specs in %s", dir)
	}
	return dir
}

var build struct {
	once sync.Once
	bin  string
	err  error
}

// runner builds apigen once per test binary and writes packages into a
// folder of the module that the test removes.
func runner(t *testing.T) *Runner {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	build.once.Do(func() {
		dir, err := os.MkdirTemp("", "apigen-corpus-bin-")
		if err != nil {
			build.err = err
			return
		}
		build.bin, build.err = BuildApigen(root, dir)
	})
	if build.err != nil {
		t.Fatal(build.err)
	}
	work, err := os.MkdirTemp(root, ".corpus-test-") // inside the module, so imports resolve
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(work) })
	return &Runner{Bin: build.bin, Work: work, Root: root, Timeout: 5 * time.Minute}
}

// generateAll runs apigen on specs two at a time (CI has two cores) and
// fails the test on any panic.
func generateAll(t *testing.T, r *Runner, specs []string) []Result {
	t.Helper()
	results := make([]Result, len(specs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for i := range next {
				results[i] = r.Apigen(context.Background(), specs[i])
			}
		})
	}
	for i := range specs {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, res := range results {
		if res.Panicked {
			t.Errorf("%s: apigen panicked: %s", filepath.Base(specs[i]), res.Err)
		}
	}
	return results
}

func pkgPath(t *testing.T, root, dir string) string {
	t.Helper()
	rel, err := filepath.Rel(root, dir)
	if err != nil {
		t.Fatal(err)
	}
	return "./" + filepath.ToSlash(rel)
}

// compile builds and vets pkgs in one go command each.
func compile(t *testing.T, root string, pkgs []string) {
	t.Helper()
	if len(pkgs) == 0 {
		return
	}
	for _, verb := range []string{"build", "vet"} {
		cmd := exec.Command("go", append([]string{verb}, pkgs...)...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s of the generated packages: %v\n%s", verb, err, out)
		}
	}
}

// goSamples merges the Go samples of the package in dir into one program
// inside it and returns its folder and the number of samples.
func goSamples(t *testing.T, dir string) (string, int) {
	t.Helper()
	all, err := samplerun.Read(filepath.Join(dir, "code-samples.overlay.yaml"))
	if err != nil {
		t.Errorf("%s: %v", dir, err)
		return "", 0
	}
	var srcs []string
	for _, s := range samplerun.Filter(all, "Go") {
		srcs = append(srcs, s.Source)
	}
	if len(srcs) == 0 {
		return "", 0
	}
	src, err := samplerun.GoProgram(srcs)
	if err != nil {
		t.Errorf("%s: %v", dir, err)
		return "", 0
	}
	out := filepath.Join(dir, "samples")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "main.go"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	return out, len(srcs)
}
