// Command corpus runs every spec in a folder through apigen, exactly as a
// user does (apigen generate --spec), and through plain oapi-codegen,
// compiles both (go build, go vet), and prints a Markdown table and totals:
// what generated, compiled and panicked, and what apigen degraded.
// Run from the repository root (make corpus, make corpus-wide):
//
//	go run ./tools/corpus [-dir ../shared/corpus] [-j 2] [-timeout 5m] [-oapi-codegen=false]
package main

import (
	"context"
	"flag"
	"fmt"
	"maps"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/apigen-dev/apigen/internal/corpus"
)

func main() {
	dir := flag.String("dir", "../shared/corpus", "folder of specs")
	jobs := flag.Int("j", 2, "specs run at once")
	timeout := flag.Duration("timeout", 5*time.Minute, "limit for each generator run and each compile")
	withPlain := flag.Bool("oapi-codegen", true, "run plain oapi-codegen beside apigen")
	compile := flag.Bool("compile", true, "compile what each generator wrote (false: generation only, for a quick count of what apigen degrades)")
	build := flag.Bool("build", true, "compile with go build before go vet (false: go vet alone, which type-checks every package but skips code generation)")
	plain := flag.String("plain", "", "internal: run plain oapi-codegen on this spec (with -package and -out)")
	pkg := flag.String("package", "", "internal: with -plain")
	out := flag.String("out", "", "internal: with -plain")
	flag.Parse()
	if *plain != "" {
		// One plain oapi-codegen run, in a process of its own so that the
		// caller can time it out; a panic ends it with exit code 2.
		if err := corpus.Plain(*plain, *pkg, *out); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *dir, *jobs, *timeout, *withPlain, *compile, *build); err != nil {
		fmt.Fprintln(os.Stderr, "corpus:", err)
		os.Exit(1)
	}
}

type row struct {
	spec        string
	info        corpus.Info
	infoErr     error
	apigen      corpus.Result
	plain       *corpus.Result
	degradation []corpus.Degradation
}

func run(ctx context.Context, dir string, jobs int, timeout time.Duration, withPlain, compile, build bool) error {
	root, err := corpus.Module()
	if err != nil {
		return err
	}
	specs, err := corpus.Specs(dir)
	if err != nil || len(specs) == 0 {
		return fmt.Errorf("no specs in %s: %v", dir, err)
	}
	work := filepath.Join(root, ".corpus-work") // inside the module, so imports resolve
	if err := os.RemoveAll(work); err != nil {
		return err
	}
	defer os.RemoveAll(work)
	bin, err := corpus.BuildApigen(root, filepath.Join(work, "bin"))
	if err != nil {
		return err
	}
	r := &corpus.Runner{Bin: bin, Work: work, Root: root, Timeout: timeout, VetOnly: !build, NoCompile: !compile}
	if withPlain {
		self, err := os.Executable()
		if err != nil {
			return err
		}
		r.Plain = []string{self}
	}
	start := time.Now()
	// Rows are printed as they finish, so an interrupted run (Ctrl-C)
	// still has its table, and totals over the specs done.
	header(withPlain)
	rows := make([]row, len(specs))
	finished := make([]bool, len(specs))
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range max(jobs, 1) {
		wg.Go(func() {
			for i := range next {
				rw := one(ctx, r, specs[i])
				if ctx.Err() != nil {
					continue // cut short: not a result
				}
				mu.Lock()
				rows[i], finished[i] = rw, true
				done++
				fmt.Fprintf(os.Stderr, "[%d/%d] %s: %s\n", done, len(specs), filepath.Base(specs[i]), verdict(rw.apigen))
				fmt.Println(line(rw))
				mu.Unlock()
			}
		})
	}
feed:
	for i := range specs {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	var got []row
	for i, rw := range rows {
		if finished[i] {
			got = append(got, rw)
		}
	}
	fmt.Println()
	if len(got) < len(specs) {
		fmt.Printf("Interrupted: %d of %d specs done; the totals are theirs.\n\n", len(got), len(specs))
	}
	totals(got, withPlain)
	compiled := "go build, then go vet"
	switch {
	case !compile:
		compiled = "nothing (generation only: \"compiles\" is not checked)"
	case !build:
		compiled = "go vet alone"
	}
	fmt.Printf("\n%d specs in %s, %d at a time, %s limit per run and per compile; compiled with %s.\n", len(got), time.Since(start).Round(time.Second), jobs, timeout, compiled)
	return nil
}

// one runs a spec through both generators and compiles what they made.
func one(ctx context.Context, r *corpus.Runner, spec string) row {
	rw := row{spec: spec}
	rw.info, rw.infoErr = corpus.Describe(spec)
	rw.apigen = r.Apigen(ctx, spec)
	r.Compile(ctx, &rw.apigen)
	rw.degradation = rw.apigen.Degradations()
	os.RemoveAll(rw.apigen.Dir)
	if r.Plain != nil {
		p := r.OapiCodegen(ctx, spec)
		r.Compile(ctx, &p)
		os.RemoveAll(p.Dir)
		rw.plain = &p
	}
	return rw
}

func header(withPlain bool) {
	head := "| spec | version | ops | generate s | compiles | degradations | panics |"
	rule := "|---|---|---:|---:|---|---|---:|"
	if withPlain {
		head += " oapi-codegen compiles |"
		rule += "---|"
	}
	fmt.Println(head)
	fmt.Println(rule)
}

func line(rw row) string {
	l := fmt.Sprintf("| %s | %s | %d | %.1f | %s | %s | %d |", filepath.Base(rw.spec), rw.info.Version, rw.info.Ops,
		rw.apigen.Elapsed.Seconds(), verdict(rw.apigen), summary(rw.degradation), b2i(rw.apigen.Panicked))
	if rw.plain != nil {
		l += " " + verdict(*rw.plain) + " |"
	}
	return escape(l)
}

func totals(rows []row, withPlain bool) {
	n := len(rows)
	var gen, comp, panics, timeouts, degradedSpecs, ops, schemas, opsTouched, opsOut, schemasTouched int
	var pGen, pComp, pPanics, pTimeouts int
	specs, instances := map[corpus.Kind]int{}, map[corpus.Kind]int{}
	var refused, broken []string
	for _, rw := range rows {
		a := rw.apigen
		gen += b2i(a.Generated)
		comp += b2i(a.Compiles)
		panics += b2i(a.Panicked)
		timeouts += b2i(a.TimedOut)
		ops += rw.info.Ops
		schemas += rw.info.Schemas
		if !a.Generated {
			refused = append(refused, fmt.Sprintf("- %s: %s", filepath.Base(rw.spec), a.Err))
		} else if !a.Compiles {
			broken = append(broken, fmt.Sprintf("- %s: %s", filepath.Base(rw.spec), a.Err))
		}
		if len(rw.degradation) > 0 {
			degradedSpecs++
		}
		touched, out, schemaSet := map[string]bool{}, map[string]bool{}, map[string]bool{}
		seen := map[corpus.Kind]bool{}
		for _, d := range rw.degradation {
			instances[d.Kind]++
			if !seen[d.Kind] {
				seen[d.Kind] = true
				specs[d.Kind]++
			}
			o, s := d.Part(rw.info.PathOps)
			for _, op := range o {
				touched[op] = true
				if d.Kind == corpus.OpLeftOut {
					out[op] = true
				}
			}
			if s != "" {
				schemaSet[s] = true
			}
		}
		opsTouched += len(touched)
		opsOut += len(out)
		schemasTouched += len(schemaSet)
		if p := rw.plain; p != nil {
			pGen += b2i(p.Generated)
			pComp += b2i(p.Compiles)
			pPanics += b2i(p.Panicked)
			pTimeouts += b2i(p.TimedOut)
		}
	}
	fmt.Printf("**apigen: %d/%d generate, %d/%d compile, %d panics, %d timeouts.**", gen, n, comp, n, panics, timeouts)
	if withPlain {
		fmt.Printf(" **Plain oapi-codegen: %d/%d generate, %d/%d compile, %d panics, %d timeouts.**", pGen, n, pComp, n, pPanics, pTimeouts)
	}
	fmt.Println()
	fmt.Printf("\nSpecs that needed a degradation: %d of %d. Operations degraded: %d of %d (%s), of which left out: %d (%s). Component schemas degraded: %d of %d (%s).\n",
		degradedSpecs, n, opsTouched, ops, pct(opsTouched, ops), opsOut, pct(opsOut, ops), schemasTouched, schemas, pct(schemasTouched, schemas))
	fmt.Println("\n| degradation | specs | times |\n|---|---:|---:|")
	for _, k := range corpus.Kinds {
		if instances[k] > 0 {
			fmt.Printf("| %s | %d | %d |\n", k, specs[k], instances[k])
		}
	}
	if len(refused) > 0 {
		fmt.Println("\nRefused by apigen:")
		fmt.Println(strings.Join(refused, "\n"))
	}
	if len(broken) > 0 {
		fmt.Println("\nGenerated but not compiling:")
		fmt.Println(strings.Join(broken, "\n"))
	}
}

// summary is the degradations of one spec, counted by kind.
func summary(ds []corpus.Degradation) string {
	if len(ds) == 0 {
		return "0"
	}
	count := map[corpus.Kind]int{}
	for _, d := range ds {
		count[d.Kind]++
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(count)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, count[k]))
	}
	return fmt.Sprintf("%d: %s", len(ds), strings.Join(parts, ", "))
}

func verdict(r corpus.Result) string {
	if r.Compiles {
		return "yes"
	}
	return "no: " + strings.ReplaceAll(r.Err, "|", `\|`)
}

// escape keeps an error message from breaking the Markdown table.
func escape(line string) string {
	return strings.NewReplacer("\n", " ").Replace(line)
}

func pct(a, b int) string {
	if b == 0 {
		return "0%"
	}
	return fmt.Sprintf("%.2f%%", 100*float64(a)/float64(b))
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
