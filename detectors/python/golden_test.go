package python

import (
	"testing"

	"github.com/stacklint/stacklint/internal/detect/detecttest"
)

func TestGolden(t *testing.T) {
	detecttest.GoldenFixtures(t, Requirements, Pyproject, Pipfile, Setuptools, VersionFile, Lockfile)
}
