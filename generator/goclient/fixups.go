package goclient

import (
	"fmt"

	"github.com/apigen-dev/apigen/generator/model"
	"github.com/apigen-dev/apigen/generator/output"
	"github.com/apigen-dev/apigen/generator/overlay"
)

// fixupsFile writes the model's fix-ups as an overlay beside the package, so
// every change apigen made to the spec to keep oapi-codegen's output
// compiling is in the diff a reviewer reads. No fix-ups, no file.
func fixupsFile(api *model.API) (*output.File, error) {
	if len(api.Fixups) == 0 {
		return nil, nil
	}
	var actions []overlay.Action
	for _, f := range api.Fixups {
		a := overlay.Action{Target: f.Target, Description: f.Why, Remove: f.Remove}
		if len(f.Update) > 0 {
			a.Update = f.Update
		}
		actions = append(actions, a)
	}
	header := output.Header("#", api.SpecPath, api.SpecSHA256) +
		"# The changes apigen made to the overlaid spec before oapi-codegen, as an overlay.\n"
	data, err := overlay.Write(header, "apigen fix-ups for "+api.SpecPath, actions)
	if err != nil {
		return nil, fmt.Errorf("fix-ups: %w", err)
	}
	return &output.File{Path: "fixups.overlay.yaml", Data: data}, nil
}
