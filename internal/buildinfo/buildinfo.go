// Package buildinfo knows which stacklint this is: version, commit and build
// date, stamped by the release build or read from the Go build information.
package buildinfo

import (
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"golang.org/x/mod/module"
)

// Stamped at build time by the release build (.goreleaser.yaml, Dockerfile):
//
//	-ldflags "-X github.com/stacklint/stacklint/internal/buildinfo.version=v1.2.3
//	          -X github.com/stacklint/stacklint/internal/buildinfo.commit=<sha>
//	          -X github.com/stacklint/stacklint/internal/buildinfo.date=<RFC 3339>"
var version, commit, date string

// Info says which build this is. Empty fields are unknown.
type Info struct {
	// Version is a module version ("v1.2.3", a pseudo-version) or "dev".
	Version string
	// Commit is the full git commit hash, when known.
	Commit string
	// Date is when that commit was made or the binary built (RFC 3339, UTC).
	Date string
	// Modified is true for a build from a working tree with uncommitted changes.
	Modified bool
}

// Get returns this binary's build information.
func Get() Info {
	bi, _ := debug.ReadBuildInfo()
	return resolve(version, commit, date, bi)
}

// Version returns this binary's version ("v1.2.3", or "dev" for a build
// that neither the release nor the go command stamped).
func Version() string { return Get().Version }

// resolve prefers the ldflags stamps, then what the go command recorded: the
// module version (`go install …@v1.2.3`, or a pseudo-version carrying the
// commit and its time), then the vcs.* settings of a build in a checkout.
func resolve(version, commit, date string, bi *debug.BuildInfo) Info {
	in := Info{Version: version, Commit: commit, Date: date}
	if bi != nil {
		if v := bi.Main.Version; in.Version == "" && v != "" && v != "(devel)" {
			in.Version = v
		}
		if module.IsPseudoVersion(in.Version) {
			if rev, err := module.PseudoVersionRev(in.Version); err == nil && in.Commit == "" {
				in.Commit = rev
			}
			if t, err := module.PseudoVersionTime(in.Version); err == nil && in.Date == "" {
				in.Date = t.UTC().Format(time.RFC3339)
			}
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if in.Commit == "" || strings.HasPrefix(s.Value, in.Commit) {
					in.Commit = s.Value
				}
			case "vcs.time":
				if in.Date == "" {
					in.Date = s.Value
				}
			case "vcs.modified":
				in.Modified = s.Value == "true"
			}
		}
	}
	if in.Version == "" {
		in.Version = "dev"
	}
	return in
}

// String renders the version line: "v1.2.3 (commit 0123abcd4567, 2026-12-01T10:00:00Z)".
func (in Info) String() string {
	var extra []string
	if in.Commit != "" {
		c := in.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		if in.Modified {
			c += ", modified"
		}
		extra = append(extra, "commit "+c)
	}
	if in.Date != "" {
		extra = append(extra, in.Date)
	}
	if len(extra) == 0 {
		return in.Version
	}
	return fmt.Sprintf("%s (%s)", in.Version, strings.Join(extra, ", "))
}
