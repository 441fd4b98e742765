package samples

import (
	"fmt"

	"golang.org/x/tools/imports"
)

// goimportsOptions format only: group the imports as goimports does
// (standard library, a blank line, everything else) without looking for
// missing ones, which would read the module cache.
var goimportsOptions = imports.Options{FormatOnly: true, Comments: true, TabIndent: true, TabWidth: 8}

// goimports formats a Go sample as a reader's editor would leave it.
func goimports(src []byte) (string, error) {
	opts := goimportsOptions // Process may write to its options
	out, err := imports.Process("main.go", src, &opts)
	if err != nil {
		return "", fmt.Errorf("go sample does not format (an apigen bug; please report it): %w", err)
	}
	return string(out), nil
}
