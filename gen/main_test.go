package gen_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package when any test leaves a goroutine behind: the
// retrying clients must not leak timers or connections.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
