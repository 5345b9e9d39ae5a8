package profile

import (
	"strings"
	"testing"
	"time"
)

// TestRingsAndRolloutProblems: radar paths, typed rings and rollout dates
// are checked with the line and what is allowed.
func TestRingsAndRolloutProblems(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"[organization]\nradar = \"https://radar.example.com/r.csv\"\n", "x.toml:2:1: organization.radar: a URL is not allowed"},
		{"[organization]\nradar = \"s3://bucket/r.csv\"\n", "organization.radar: a URL is not allowed"},
		{"[organization]\nradar = 3\n", "organization.radar: expected a string"},
		{"[organization]\nradar = \" \"\n", "organization.radar: expected the path of the radar file"},
		{"[organization.by_type.startup]\nhold = [\"mongodb\"]\n", "organization.by_type.startup: \"startup\" is not a project type"},
		{"[organization.by_type.mvp]\nretire = [\"mongodb\"]\n", "organization.by_type.mvp.retire: unknown key \"retire\""},
		{"[organization.by_type.mvp]\nhold = [\"MongoDB\"]\n", "organization.by_type.mvp.hold.0: \"MongoDB\" is not a technology id"},
		{"[organization]\nby_type = 1\n", "organization.by_type: expected tables"},
		{"[rules.\"fit/radar-hold\"]\nwarn_until = \"March\"\n", "x.toml:2:1: rules.fit/radar-hold.warn_until: \"March\" is not a date; expected YYYY-MM-DD"},
		{"[rules.\"fit/radar-hold\"]\nenforce_from = 5\n", "rules.fit/radar-hold.enforce_from: expected a date YYYY-MM-DD, got an integer"},
		{"[rules.\"fit/radar-hold\"]\nwarn_until = 2027-03-01\nenforce_from = 2027-03-01\n", "give warn_until or enforce_from, not both"},
		{"[rules.\"fit/radar-hold\"]\nlevel = \"warning\"\nwarn_until = 2027-03-01\n", "warn_until has no effect at level \"warning\""},
		{"[rules.\"fit/radar-hold\"]\nlevel = \"fatal\"\n", "rules.fit/radar-hold.level: \"fatal\" is not allowed"},
		{"[rules.\"fit/radar-hold\"]\nuntil = 2027-03-01\n", "unknown key \"until\" in [rules.\"fit/radar-hold\"]; allowed: level, warn_until, enforce_from"},
	} {
		_, err := Parse("x.toml", []byte(c.src))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v\nwant %q", c.src, err, c.want)
		}
	}
}

// TestPlacement: typed rings come first, then the profile's rings, then
// the radar file.
func TestPlacement(t *testing.T) {
	src := "[project]\ntype = \"high-load-saas\"\n[organization]\nradar = \"r.csv\"\nadopt = [\"sqlite\", \"go\"]\n" +
		"[organization.by_type.high-load-saas]\nhold = [\"sqlite\"]\n[organization.by_type.internal-tool]\nadopt = [\"mongodb\"]\n"
	p, err := Parse("p.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if p.Organization.Radar != "r.csv" {
		t.Errorf("radar %q", p.Organization.Radar)
	}
	p.SetRadar([]RadarEntry{{ID: "go", Ring: "hold", File: "r.csv", Line: 2}, {ID: "mongodb", Ring: "hold", File: "r.csv", Line: 3}, {ID: "mongodb", Ring: "adopt", File: "r.csv", Line: 9}})
	for _, c := range []struct{ id, typ, ring, key string }{
		{"sqlite", "high-load-saas", "hold", "organization.by_type.high-load-saas.hold.0"},
		{"sqlite", "", "adopt", "organization.adopt.0"},
		{"go", "high-load-saas", "adopt", "organization.adopt.1"},
		{"mongodb", "high-load-saas", "hold", ""},
		{"mongodb", "internal-tool", "adopt", "organization.by_type.internal-tool.adopt.0"},
	} {
		pl, ok := p.PlacementFor(c.id, c.typ)
		if !ok || pl.Ring != c.ring || pl.Key != c.key {
			t.Errorf("%s for %q: %+v, want %s from %q", c.id, c.typ, pl, c.ring, c.key)
		}
	}
	if pl, _ := p.Placement("mongodb"); pl.Entry.Line != 3 {
		t.Errorf("a radar listing an id twice keeps the first entry: %+v", pl)
	}
	if _, ok := p.Placement("redis"); ok {
		t.Error("redis is on no ring")
	}
	// Entries about a release line apply to that line, before the others.
	p.SetRadar(append(p.Organization.RadarEntries, RadarEntry{ID: "nodejs", Version: "14", Ring: "hold", Line: 7}, RadarEntry{ID: "nodejs", Ring: "adopt", Line: 8}))
	for versions, line := range map[string]int{"^14.17.0": 7, "14": 7, "v14.2": 7, ">=14": 7, "20.x": 8, "": 8, "140": 8} {
		if pl, ok := p.Placement("nodejs", versions); !ok || pl.Entry.Line != line {
			t.Errorf("nodejs %q: %+v, want the entry at line %d", versions, pl, line)
		}
	}
	if got := strings.Join(p.Placed(), " "); got != "sqlite go mongodb nodejs" {
		t.Errorf("placed %q", got)
	}
	if err := p.CheckIDs([]string{"sqlite", "go"}); err == nil || !strings.Contains(err.Error(), "p.toml:9:10: organization.by_type.internal-tool.adopt.0: unknown technology id \"mongodb\"") {
		t.Errorf("CheckIDs: %v", err)
	}
}

// TestRollout: a rule is in its warning period before the day, at its
// level from the day on.
func TestRollout(t *testing.T) {
	p, err := Parse("p.toml", []byte("[rules.\"fit/radar-hold\"]\nlevel = \"error\"\nwarn_until = 2027-03-01\n[rules.\"ops/no-ci\"]\nenforce_from = \"2027-01-01\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	ro, ok := p.Rollout("fit/radar-hold")
	if !ok || ro.Key != "rules.fit/radar-hold.warn_until" || p.Level("fit/radar-hold") != "error" {
		t.Fatalf("rollout %+v %v, level %q", ro, ok, p.Level("fit/radar-hold"))
	}
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d.Add(15 * time.Hour) }
	if !ro.Warning(day("2027-02-28")) || ro.Warning(day("2027-03-01")) || ro.Warning(day("2027-04-01")) {
		t.Error("warning before 2027-03-01 only")
	}
	if ro, ok := p.Rollout("ops/no-ci"); !ok || ro.Key != "rules.ops/no-ci.enforce_from" || !ro.Enforce.Equal(day("2027-01-01").Truncate(24*time.Hour)) {
		t.Errorf("ops/no-ci rollout %+v", ro)
	}
	if got := RolloutMessage(ro.Enforce, "error"); got != "warning until 2027-03-01, then error" {
		t.Errorf("message %q", got)
	}
}
