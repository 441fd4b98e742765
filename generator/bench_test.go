package generator

import (
	"context"
	"os"
	"testing"

	"github.com/apigen-dev/apigen/generator/goclient"
	"github.com/apigen-dev/apigen/generator/load"
	"github.com/apigen-dev/apigen/generator/model"
	"github.com/apigen-dev/apigen/generator/overlay"
	"github.com/apigen-dev/apigen/generator/samples"
)

// Stage benchmarks on the shipped vendors (adm.tools: 679 operations is the
// largest) and, where present, the largest public corpus spec. make bench
// compares whole runs with oapi-codegen's CLI.

func benchSpec(b *testing.B, path string) []byte {
	b.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		b.Skipf("%s: %v", path, err)
	}
	return data
}

func BenchmarkLoad(b *testing.B) {
	for _, tc := range []struct{ name, path string }{
		{"admtools", "../specs/admtools/openapi.yaml"},
		{"wallarm-swagger2", "../specs/wallarm/openapi.yaml"},
		{"stripe-3MB", "../../shared/corpus/lib-stripe-old.yaml"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			data := benchSpec(b, tc.path)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := load.Load(tc.name, data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkOverlay(b *testing.B) {
	spec, err := load.Load("wallarm", benchSpec(b, "../specs/wallarm/openapi.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	var files []overlay.File
	for _, p := range []string{"10-servers", "20-auth", "30-errors", "40-retry"} {
		files = append(files, overlay.File{Path: p, Data: benchSpec(b, "../overlays/wallarm/"+p+".yaml")})
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := overlay.Apply(spec.Bytes, files, overlay.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkModel(b *testing.B) {
	spec, err := load.Load("admtools", benchSpec(b, "../specs/admtools/openapi.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := model.Build(model.Input{Name: "a", Package: "a", SpecPath: "a", Spec: spec.Bytes}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGenerateGoClient(b *testing.B) {
	spec, err := load.Load("admtools", benchSpec(b, "../specs/admtools/openapi.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		api, err := model.Build(model.Input{Name: "a", Package: "a", SpecPath: "a", Spec: spec.Bytes})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := goclient.Generate(api); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSamples is the samples stage on adm.tools: 679 operations, each
// with cURL, PowerShell and Go samples, plus the overlay, decorated spec
// and SAMPLES.md.
func BenchmarkSamples(b *testing.B) {
	spec, err := load.Load("admtools", benchSpec(b, "../specs/admtools/openapi.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	api, err := model.Build(model.Input{Name: "a", Package: "a", SpecPath: "a", Spec: spec.Bytes})
	if err != nil {
		b.Fatal(err)
	}
	pkg, err := goclient.Generate(api)
	if err != nil {
		b.Fatal(err)
	}
	in := samples.Input{API: api, Spec: spec.Bytes, ImportPath: "example.com/a", Client: pkg.Files[0].Data, Calls: pkg.Calls}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := samples.Generate(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGenerateVendors is the whole in-memory pipeline for the three
// vendors, as go generate runs it when something changed.
func BenchmarkGenerateVendors(b *testing.B) {
	cfg, err := LoadConfig("../apigen.yaml")
	benchGenerate(b, cfg, err)
}

// benchGenerate times Generate on cfg (err: the error making cfg).
func benchGenerate(b *testing.B, cfg *Config, err error) {
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Generate(context.Background(), cfg, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGenerateAdHoc is what make bench times against oapi-codegen's
// CLI: the whole pipeline (client, runtime, samples) for one spec given on
// the command line: the adm.tools snapshot and, where present, the gotd
// corpus spec.
func BenchmarkGenerateAdHoc(b *testing.B) {
	for _, tc := range []struct{ name, path string }{
		{"admtools", "../specs/admtools/openapi.yaml"},
		{"gotd", "../../shared/corpus/ogen-gotd_bot_api.json"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			benchSpec(b, tc.path) // skips when the corpus is absent
			cfg, err := AdHoc(tc.path, nil, "bench", b.TempDir())
			benchGenerate(b, cfg, err)
		})
	}
}
