package audit

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stacklint/stacklint/internal/app"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/radar"
)

// orgTargets are repositories checked against the organisation's profile
// (testdata/org: a BYOR radar CSV and waivers), their own profiles
// (ecommerce-document-store: no rings; radar-org: its own radar), and a
// folder that does not exist.
func orgTargets() []Target {
	var ts []Target
	for _, n := range []string{"node-express", "go-gin-gorm", "ecommerce-document-store", "radar-org", "missing-folder"} {
		ts = append(ts, Target{Name: n, Dir: filepath.Join("..", "..", "testdata", "repos", n)})
	}
	return ts
}

func orgProfile(t *testing.T) *profile.Profile {
	t.Helper()
	p, err := app.LoadProfile(filepath.Join("testdata", "org", "profile.toml"), "org/profile.toml")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestOrgRadarAudit is the acceptance run: one audit of an
// organisation whose standard is a BYOR radar CSV gives findings citing
// the radar's ring and line, a fleet summary of expiring waivers, and a
// radar (Backstage JSON, BYOR CSV) with usage counts and the repositories
// that contradict each ring. Goldens: testdata/org.txt, org-radar.json,
// org-radar.csv (go test ./internal/audit/ -update, then read the diff).
func TestOrgRadarAudit(t *testing.T) {
	var table, js bytes.Buffer
	tableSink, _ := NewSink("table", &table)
	jsonSink, _ := NewSink("json", &js)
	c := &RadarCollector{Standard: orgProfile(t)}
	s, err := Run(t.Context(), orgTargets(), Header{Title: "acme", Version: "test"}, Options{Jobs: 2, Profile: c.Standard, Today: today}, Tee(tableSink, jsonSink, c))
	if err != nil {
		t.Fatal(err)
	}
	detecttest.GoldenBytes(t, filepath.Join("testdata", "org.txt"), table.Bytes())
	var bs, csv bytes.Buffer
	if err := c.WriteRadar(&bs, "acme", today, false); err != nil {
		t.Fatal(err)
	}
	if err := c.WriteRadar(&csv, "acme", today, true); err != nil {
		t.Fatal(err)
	}
	detecttest.GoldenBytes(t, filepath.Join("testdata", "org-radar.json"), bs.Bytes())
	detecttest.GoldenBytes(t, filepath.Join("testdata", "org-radar.csv"), csv.Bytes())

	// Findings cite the radar's ring and line.
	var doc struct {
		Repositories []Result `json:"repositories"`
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	cites := map[string]string{
		"node-express": `Passport.js (package.json:21, package.json:22) is on the hold ring of the organisation's tech radar (org/tech-radar.csv:9, "Passport.js").`,
		"radar-org":    `MongoDB (package.json:17) is on the hold ring of the organisation's tech radar (platform/tech-radar.csv:7, "MongoDB").`,
	}
	for _, r := range doc.Repositories {
		want, ok := cites[r.Repository]
		if !ok {
			continue
		}
		found := false
		for _, f := range r.Findings {
			found = found || f.RuleID == "fit/radar-hold" && strings.HasPrefix(f.Message, want)
		}
		if !found {
			t.Errorf("%s: no fit/radar-hold finding %q in %+v", r.Repository, want, r.Findings)
		}
	}
	// The radar's usage: MongoDB runs in two repositories, both against
	// the hold ring (one judged by the organisation's radar, one by its own).
	us := map[string]radar.Usage{}
	for _, u := range c.Usages() {
		us[u.ID] = u
	}
	if m := us["mongodb"]; m.Ring != "hold" || m.Repos != 2 || m.Audited != 4 || strings.Join(m.Contradicting, " ") != "ecommerce-document-store radar-org" || m.Source != "org/tech-radar.csv:8" {
		t.Errorf("mongodb: %+v", m)
	}
	if g := us["gin"]; g.Ring != "trial" || g.Repos != 1 || len(g.Contradicting) != 0 || g.Quadrant != radar.QuadrantLanguages {
		t.Errorf("gin: %+v", g)
	}
	if k := us["cassandra"]; k.Ring != "hold" || k.Repos != 0 {
		t.Errorf("cassandra (on the radar, run nowhere): %+v", k)
	}
	if _, ok := us["pair-programming"]; ok {
		t.Error("a technique is not a technology")
	}
	// Waivers of the shared profile are listed once, with the repositories.
	if len(s.WaiversExpiring) != 1 {
		t.Fatalf("waivers expiring: %+v", s.WaiversExpiring)
	}
	w := s.WaiversExpiring[0]
	if w.Rule != "fit/no-observability" || w.Days != 14 || w.Profile != "org/profile.toml:12" || strings.Join(w.Repositories, " ") != "node-express go-gin-gorm" {
		t.Errorf("waiver: %+v", w)
	}
}

// TestWaiversDue: the window counts whole days from the audit's day; an
// expired waiver (reported by profile/expired-waiver) and one beyond the
// window are not listed; a negative window lists nothing.
func TestWaiversDue(t *testing.T) {
	p, err := profile.Parse("p.toml", []byte(`[[waivers]]
rule = "ops/no-ci"
reason = "Moving CI this month."
expires = 2026-06-01
[[waivers]]
rule = "ops/no-ci"
reason = "Moving CI this month."
expires = 2026-06-02
[[waivers]]
rule = "fit/*"
paths = ["legacy/**"]
reason = "Legacy code, retired in July."
expires = 2026-07-01
[[waivers]]
rule = "fit/*"
reason = "Forever."
`))
	if err != nil {
		t.Fatal(err)
	}
	noon := today.Add(12 * time.Hour)
	for _, c := range []struct {
		days int
		want string
	}{{0, "2026-06-02/1 2026-07-01/30"}, {29, "2026-06-02/1"}, {30, "2026-06-02/1 2026-07-01/30"}, {-1, ""}} {
		var got []string
		for _, w := range waiversDue(p, noon, c.days) {
			got = append(got, w.Expires+"/"+itoa(w.Days))
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("window %d: %v, want %s", c.days, got, c.want)
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestRadarUsagesWithoutFleetStandard: without --profile, each
// technology's ring is the one most repositories' standards give it, the
// stricter on a tie, and the source says so when they disagree.
func TestRadarUsagesWithoutFleetStandard(t *testing.T) {
	c := &RadarCollector{}
	for _, r := range []*Result{
		{Repository: "a", Status: StatusAudited, Stack: []Tech{{ID: "sqlite", Name: "SQLite", Layer: "data"}},
			Radar: []RadarUse{{Tech: "sqlite", Name: "SQLite", Ring: "adopt", Source: ".stacklint.toml:9"}}},
		{Repository: "b", Status: StatusAudited, Stack: []Tech{{ID: "sqlite", Name: "SQLite", Layer: "data"}},
			Radar: []RadarUse{{Tech: "sqlite", Name: "SQLite", Ring: "hold", Source: ".stacklint.toml:4", Contradicts: true}}},
		{Repository: "c", Status: StatusAudited, Stack: []Tech{{ID: "go", Name: "Go", Layer: "language"}},
			Radar: []RadarUse{{Tech: "go", Name: "Golang", Ring: "adopt", Source: "radar.csv:2", Quadrant: "Languages"}}},
		{Repository: "d", Status: StatusFailed},
	} {
		if err := c.Result(r); err != nil {
			t.Fatal(err)
		}
	}
	us := c.Usages()
	if len(us) != 2 {
		t.Fatalf("usages %+v", us)
	}
	if g := us[0]; g.ID != "go" || g.Name != "Golang" || g.Ring != "adopt" || g.Source != "radar.csv:2 in c" || g.Quadrant != radar.QuadrantLanguages || g.Audited != 3 {
		t.Errorf("go: %+v", g)
	}
	if s := us[1]; s.ID != "sqlite" || s.Ring != "hold" || s.Repos != 2 || strings.Join(s.Contradicting, ",") != "b" ||
		s.Source != "the standards of 1 of the 2 repositories that place it" || s.Quadrant != radar.QuadrantPlatforms {
		t.Errorf("sqlite: %+v", s)
	}
}
