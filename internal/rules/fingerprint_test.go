package rules

import (
	"testing"

	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/rules/rulestest"
	"github.com/stacklint/stacklint/internal/stack"
)

// TestGroupedFingerprintsStable: a grouped finding (one per rule and
// cause, listing every location) keeps its fingerprint across runs and
// when a location is added — in the same component or in another one,
// which changes the finding's component — so --new-only, --base and the
// PR comment do not call it new. A different cause gets another one.
func TestGroupedFingerprintsStable(t *testing.T) {
	cat := rulestest.Catalog(t)
	in := func(t stack.Technology, comps ...string) stack.Technology {
		t.Components = comps
		return t
	}
	tech := func(id string, comps []string, where ...string) stack.Technology {
		return in(rulestest.Tech(cat, id, where), comps...)
	}
	declared := func(id string, comps []string, whereVersion ...string) stack.Technology {
		return in(rulestest.Declared(cat, id, whereVersion...), comps...)
	}
	api, both := []string{"api"}, []string{"api", "web"}
	type run struct {
		techs []stack.Technology
		facts []stack.Signal
	}
	for _, c := range []struct {
		name    string
		rule    rule.Rule
		profile string
		// one is the first revision; more adds a location of the same
		// problem; other is a different problem of the same rule.
		one, more, other run
	}{
		{name: "end of life, pinned", rule: EndOfLife,
			one:   run{techs: []stack.Technology{declared("nodejs", api, "api/.nvmrc:1", "16")}},
			more:  run{techs: []stack.Technology{declared("nodejs", both, "api/.nvmrc:1", "16", "web/Dockerfile:1", "16.20")}},
			other: run{techs: []stack.Technology{declared("nodejs", api, "api/.nvmrc:1", "14")}}},
		{name: "end of life, range floors", rule: EndOfLife,
			one:   run{techs: []stack.Technology{declared("nodejs", api, "api/package.json:5", ">=16")}},
			more:  run{techs: []stack.Technology{declared("nodejs", both, "api/package.json:5", ">=16", "web/package.json:7", ">=14")}},
			other: run{techs: []stack.Technology{declared("python", api, "api/pyproject.toml:3", ">=3.7")}}},
		{name: "deprecated packages", rule: DeprecatedPackage,
			one:   run{techs: []stack.Technology{tech("npm-request", api, "api/package.json:11")}},
			more:  run{techs: []stack.Technology{tech("npm-request", both, "api/package.json:11", "web/package.json:9")}},
			other: run{}},
		{name: "no migrations", rule: NoMigrations,
			one:   run{techs: []stack.Technology{tech("postgresql", api, "api/db.go:3")}},
			more:  run{techs: []stack.Technology{tech("postgresql", both, "api/db.go:3", "web/db.ts:4")}},
			other: run{}},
		{name: "unpinned images", rule: UnpinnedImage,
			one: run{facts: []stack.Signal{F(stack.FactUnpinnedImage, "api/compose.yml:4", "image", "redis")}},
			more: run{facts: []stack.Signal{F(stack.FactUnpinnedImage, "api/compose.yml:4", "image", "redis"),
				F(stack.FactUnpinnedImage, "web/Dockerfile:1", "image", "node:latest")}},
			other: run{}},
		{name: "containers as root", rule: ContainerRoot,
			one: run{facts: []stack.Signal{F(stack.FactContainerUser, "api/Dockerfile:9", "user", "", "root", "true", "stage", "")}},
			more: run{facts: []stack.Signal{F(stack.FactContainerUser, "api/Dockerfile:9", "user", "", "root", "true", "stage", ""),
				F(stack.FactContainerUser, "web/Dockerfile:3", "user", "root", "root", "true", "stage", "")}},
			other: run{}},
		{name: "skills gap", rule: SkillsGap, profile: "[team]\nskills = [\"python\"]\n",
			one:   run{techs: []stack.Technology{tech("elixir", api, "api/mix.exs:1")}},
			more:  run{techs: []stack.Technology{tech("elixir", both, "api/mix.exs:1", "web/mix.exs:1"), tech("phoenix", both, "api/mix.exs:20")}},
			other: run{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			findings := func(r run) []rule.Finding {
				res := rule.Run(rulestest.Context(t, rulestest.Stack(r.techs, r.facts...), c.profile), []rule.Rule{c.rule})
				return res.Findings
			}
			one, again, more := findings(c.one), findings(c.one), findings(c.more)
			if len(one) != 1 || len(again) != 1 || len(more) != 1 {
				t.Fatalf("want one finding each run, got %d, %d, %d", len(one), len(again), len(more))
			}
			if one[0].Fingerprint != again[0].Fingerprint {
				t.Errorf("fingerprint changed between two runs of the same stack")
			}
			if len(more[0].Evidence) <= len(one[0].Evidence) {
				t.Fatalf("the added location is not listed: %v", more[0].Evidence)
			}
			if one[0].Fingerprint != more[0].Fingerprint {
				t.Errorf("fingerprint changed when a location was added (component %q -> %q):\n%s\n%s",
					one[0].Component, more[0].Component, one[0].Message, more[0].Message)
			}
			if c.other.techs == nil && c.other.facts == nil {
				return
			}
			for _, f := range findings(c.other) {
				if f.Fingerprint == one[0].Fingerprint {
					t.Errorf("a different problem has the same fingerprint: %s", f.Message)
				}
			}
		})
	}
}
