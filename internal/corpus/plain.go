package corpus

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/apigen-dev/apigen/generator/goclient"
	"github.com/apigen-dev/apigen/generator/load"
)

// Plain generates spec with oapi-codegen alone (types and client, its
// defaults), loading it as oapi-codegen's CLI does (kin-openapi's loader),
// and writes dir/client.go. Its CLI cannot read Swagger 2.0 at all; to
// compare the generators rather than the loaders, a 2.0 spec is first
// upgraded exactly as apigen's loader upgrades it.
func Plain(spec, pkg, dir string) error {
	data, err := os.ReadFile(spec)
	if err != nil {
		return err
	}
	info, err := Describe(spec)
	if err != nil {
		return err
	}
	if info.Version == "2.0" {
		if data, _, err = load.Upgrade(spec, data); err != nil {
			return fmt.Errorf("upgrade Swagger 2.0: %w", err)
		}
	}
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		return err
	}
	src, err := goclient.Plain(doc, pkg)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "client.go"), []byte(src), 0o644)
}
