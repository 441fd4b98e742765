// Package drift is what apigen check finds: the generated files it
// compared and those that differ from what the generator produces now.
//
// It is a leaf: the generator fills a Result and report renders it, so
// report needs nothing else from the generator.
package drift

// File is one generated file the check compared.
type File struct {
	Vendor string
	Path   string // slash-separated, relative to the config's directory
}

// Finding is one way a generated file on disk differs from what the
// generator produces now.
type Finding struct {
	Vendor string
	Path   string // slash-separated, relative to the config's directory
	Kind   string // "changed" (stale or hand-edited), "missing", or "extra" (generated, no longer produced)
	Diff   string // unified diff, disk → generated, for changed files
}

// Result is what one check found.
type Result struct {
	Files []File // every generated file compared, in order
	Drift []Finding
	// Fast is set when the answer came from the record of the last
	// generate (nothing changed since), without regenerating.
	Fast bool
}
