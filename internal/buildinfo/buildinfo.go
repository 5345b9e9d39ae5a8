// Package buildinfo knows which stacklint this is.
package buildinfo

import "runtime/debug"

// version is stamped at build time with
// -ldflags "-X github.com/stacklint/stacklint/internal/buildinfo.version=v1.2.3".
var version = ""

// Version returns the stamped version, else the module version from the
// build information (set by `go install ...@v1.2.3`), else "dev".
func Version() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}
