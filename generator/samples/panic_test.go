package samples

import (
	"errors"
	"strings"
	"testing"

	"github.com/apigen-dev/apigen/generator/goclient"
	"github.com/apigen-dev/apigen/generator/model"
	"github.com/apigen-dev/apigen/internal/bug"
)

// TestGoSamplePanicNamesTheOperation: a bug that panics while one Go
// sample is written becomes an error naming the operation's JSONPath, not a
// crash of the whole process from a worker goroutine.
func TestGoSamplePanicNamesTheOperation(t *testing.T) {
	api := &model.API{Name: "x", Package: "x"}
	r := &request{Op: model.Operation{Method: "GET", Path: "/a", GoName: "GetA", Target: "$.paths['/a'].get"}}
	_, err := safeGoSample(api, "example.com/x", &client{}, r, &goclient.Call{}) // a call without its builder: the sample code dereferences it
	var be *bug.Error
	if !errors.As(err, &be) || be.Where != "$.paths['/a'].get" || !strings.Contains(err.Error(), "apigen bug") {
		t.Fatalf("got %v", err)
	}
}
