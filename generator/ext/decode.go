package ext

import (
	"encoding/json"
	"fmt"
)

// Decode decodes the extension key from exts, a document object's
// extensions as kin-openapi holds them, into dst. The value was checked
// where its position was known (load for the spec, overlay for each
// update), so an error here means a stage let an unchecked value through.
func Decode(exts map[string]any, key string, dst any) error {
	v, ok := exts[key]
	if !ok {
		return nil
	}
	raw, err := json.Marshal(v)
	if err == nil {
		err = json.Unmarshal(raw, dst)
	}
	if err != nil {
		return fmt.Errorf("%s (unchecked: this is a bug in apigen): %w", key, err)
	}
	return nil
}
