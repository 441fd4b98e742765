// Command corpus generates a client for every spec in a folder with apigen
// and with plain oapi-codegen, compiles both, and prints a Markdown table.
// Run from the repository root (make corpus):
//
//	go run ./tools/corpus [-dir ../shared/corpus]
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/apigen-dev/apigen/internal/corpus"
)

func main() {
	dir := flag.String("dir", "../shared/corpus", "folder of specs")
	flag.Parse()
	root, _ := os.Getwd()
	work := filepath.Join(root, ".corpus-work") // inside the module, so imports resolve
	if err := os.RemoveAll(work); err != nil {
		fail(err)
	}
	defer os.RemoveAll(work)
	specs, err := corpus.Specs(*dir)
	if err != nil || len(specs) == 0 {
		fail(fmt.Errorf("no specs in %s: %v", *dir, err))
	}
	fmt.Println("| spec | ops | apigen ms | apigen compiles | warnings | oapi-codegen ms | oapi-codegen compiles |")
	fmt.Println("|---|---:|---:|---|---:|---:|---|")
	var ok, okPlain int
	for _, spec := range specs {
		a, ops := corpus.Apigen(spec, work)
		corpus.Vet(&a, root)
		p := corpus.OapiCodegen(spec, work)
		corpus.Vet(&p, root)
		if a.Compiles {
			ok++
		}
		if p.Compiles {
			okPlain++
		}
		fmt.Printf("| %s | %d | %d | %s | %d | %d | %s |\n", filepath.Base(spec), ops, ms(a.Elapsed), verdict(a), a.Warnings, ms(p.Elapsed), verdict(p))
	}
	fmt.Printf("\napigen: %d/%d compile; plain oapi-codegen: %d/%d\n", ok, len(specs), okPlain, len(specs))
}

func ms(d time.Duration) int64 { return d.Milliseconds() }

func verdict(r corpus.Result) string {
	if r.Compiles {
		return "yes"
	}
	return "no: " + r.Err
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "corpus:", err)
	os.Exit(1)
}
