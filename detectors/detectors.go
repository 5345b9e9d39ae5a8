// Package detectors registers every detector stacklint runs. All is the one
// explicit registration list: a new detector is a package under detectors/
// plus one line here.
package detectors

import (
	"github.com/stacklint/stacklint/detectors/gomod"
	"github.com/stacklint/stacklint/internal/detect"
)

// All returns every detector, in a stable order.
func All() []detect.Detector {
	return []detect.Detector{
		gomod.Detector,
	}
}
