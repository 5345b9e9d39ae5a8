// Package detectors registers every detector stacklint runs. All is the one
// explicit registration list: a new detector is a package under detectors/
// plus one line here.
package detectors

import (
	"github.com/stacklint/stacklint/detectors/dotnet"
	"github.com/stacklint/stacklint/detectors/gomod"
	"github.com/stacklint/stacklint/detectors/gradle"
	"github.com/stacklint/stacklint/detectors/maven"
	"github.com/stacklint/stacklint/detectors/node"
	"github.com/stacklint/stacklint/detectors/python"
	"github.com/stacklint/stacklint/internal/detect"
)

// All returns every detector, in a stable order.
func All() []detect.Detector {
	return []detect.Detector{
		gomod.Detector,
		maven.Detector,
		gradle.Detector,
		gradle.SettingsDetector,
		gradle.CatalogDetector,
		gradle.SbtDetector,
		dotnet.ProjectDetector,
		dotnet.GlobalJSONDetector,
		dotnet.PackagesConfigDetector,
		node.PackageJSON,
		node.VersionFile,
		node.Lockfile,
		node.Config,
		node.PnpmWorkspace,
		python.Requirements,
		python.Pyproject,
		python.Pipfile,
		python.Setuptools,
		python.VersionFile,
		python.Lockfile,
	}
}
