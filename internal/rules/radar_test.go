package rules

import (
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/rules/rulestest"
	"github.com/stacklint/stacklint/internal/stack"
)

// TestRadarFileEntries: entries of the radar file place technologies,
// those about a release line only that line, and findings cite the
// radar's file, line and name.
func TestRadarFileEntries(t *testing.T) {
	cat := rulestest.Catalog(t)
	entries := []profile.RadarEntry{
		{ID: "nodejs", Name: "Node.js 14", Version: "14", Ring: "hold", File: "radar.json", Line: 40},
		{ID: "nodejs", Name: "Node.js", Ring: "adopt", File: "radar.json", Line: 12},
		{ID: "kafka", Name: "Apache Kafka", Ring: "assess", File: "radar.json", Line: 30},
	}
	for _, c := range []struct {
		version string
		adr     string
		want    string
	}{
		{"^14.17.0", "Use Kafka for events", `Node.js 14 (package.json:3) is on the hold ring of the organisation's tech radar (radar.json:40, "Node.js 14").`},
		{"20", "", `Kafka (package.json:9) runs in production but is on the assess ring of the organisation's tech radar (radar.json:30, "Apache Kafka")`},
		{"20", "Adopt Apache Kafka for order events", ""},
	} {
		techs := []stack.Technology{rulestest.Tech(cat, "nodejs", []string{"package.json:3"}, c.version), rulestest.Tech(cat, "kafka", []string{"package.json:9"})}
		var facts []stack.Signal
		if c.adr != "" {
			facts = append(facts, F(stack.FactADR, "docs/adr/0003-events.md:1", "title", c.adr))
		}
		ctx := rulestest.Context(t, rulestest.Stack(techs, facts...), "[organization]\nradar = \"radar.json\"\n")
		ctx.Profile.SetRadar(entries)
		res := rule.Run(ctx, []rule.Rule{RadarHold, RadarAssess})
		var msgs []string
		for _, f := range res.Findings {
			msgs = append(msgs, f.Message)
			if f.Profile[0].Key != "organization.radar" || f.Profile[1].File != "radar.json" {
				t.Errorf("refs %+v", f.Profile)
			}
		}
		if c.want == "" && len(msgs) != 0 || c.want != "" && (len(msgs) != 1 || !strings.HasPrefix(msgs[0], c.want)) {
			t.Errorf("node %s, ADR %q: %q\nwant %q", c.version, c.adr, msgs, c.want)
		}
	}
}
