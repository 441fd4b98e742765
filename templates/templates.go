// Package templates holds the templates of the non-Go text apigen emits
// (Markdown, HTML), embedded so the binary is self-contained. Go code is
// never templated: it is built with jennifer.
package templates

import "embed"

// FS holds every *.tmpl file of this directory.
//
//go:embed *.tmpl
var FS embed.FS
