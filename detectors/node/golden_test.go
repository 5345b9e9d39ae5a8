package node

import (
	"testing"

	"github.com/stacklint/stacklint/internal/detect/detecttest"
)

func TestGolden(t *testing.T) {
	detecttest.GoldenFixtures(t, PackageJSON, VersionFile, Lockfile, Config, PnpmWorkspace)
}
