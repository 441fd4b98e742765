package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path"
)

const vendorsSynopsis = `Usage:
  apigen vendors [--config FILE] [--json]

Lists the vendors in the config, one name a line, for scripts and CI jobs
that go through them (the drift workflow does), so adding a vendor to
apigen.yaml is the only edit a new vendor needs. --json adds each vendor's
spec, lock, source and why fetch and diff skip it, if they do.`

func runVendors(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("vendors", vendorsSynopsis, stderr)
	configPath := fs.String("config", "apigen.yaml", "config `file`")
	asJSON := fs.Bool("json", false, "print a JSON list with each vendor's files and source")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	cfg, err := loadConfig(*configPath, nil)
	if err != nil {
		return err
	}
	if !*asJSON {
		for _, v := range cfg.Vendors {
			fmt.Fprintln(stdout, v.Name)
		}
		return nil
	}
	type entry struct {
		Name       string `json:"name"`
		Spec       string `json:"spec"`
		Lock       string `json:"lock"`
		Output     string `json:"output"`
		Source     string `json:"source,omitempty"`
		SourceKind string `json:"sourceKind,omitempty"`
		Skip       string `json:"skip,omitempty"`
	}
	list := []entry{}
	for _, v := range cfg.Vendors {
		list = append(list, entry{v.Name, v.Spec, path.Join(path.Dir(v.Spec), "lock.yaml"), v.Output, v.Source, v.SourceKind, v.Skip()})
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(list)
}
