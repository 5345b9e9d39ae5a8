package buildinfo

import (
	"runtime/debug"
	"testing"
)

func TestResolve(t *testing.T) {
	vcs := []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"}, {Key: "vcs.time", Value: "2026-11-30T09:00:00Z"}, {Key: "vcs.modified", Value: "true"}}
	for _, tc := range []struct {
		name                  string
		version, commit, date string
		bi                    *debug.BuildInfo
		want                  string
	}{
		{"release build stamped by ldflags", "v1.2.3", "abcdef0123456789", "2026-12-01T10:00:00Z", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}},
			"v1.2.3 (commit abcdef012345, 2026-12-01T10:00:00Z)"},
		{"go install …@v1.2.3", "", "", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}},
			"v1.2.3"},
		{"go install …@main (pseudo-version)", "", "", "", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261202180102-a1b2c3d4e5f6"}},
			"v0.0.0-20261202180102-a1b2c3d4e5f6 (commit a1b2c3d4e5f6, 2026-12-02T18:01:02Z)"},
		{"go build in a checkout", "", "", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs},
			"dev (commit 0123456789ab, modified, 2026-11-30T09:00:00Z)"},
		{"go build in a tagged checkout (Go 1.24+)", "", "", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.4-0.20261130090000-0123456789ab+dirty"}, Settings: vcs},
			"v1.2.4-0.20261130090000-0123456789ab+dirty (commit 0123456789ab, modified, 2026-11-30T09:00:00Z)"},
		{"docker build with only a version", "v1.2.3", "", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}},
			"v1.2.3"},
		{"nothing known", "", "", "", nil, "dev"},
	} {
		if got := resolve(tc.version, tc.commit, tc.date, tc.bi).String(); got != tc.want {
			t.Errorf("%s: got %q\n want %q", tc.name, got, tc.want)
		}
	}
}
