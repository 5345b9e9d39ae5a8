package rules

import (
	"fmt"
	"strings"

	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// RadarHold fires for technologies on the organisation's tech-radar hold ring.
var RadarHold = rule.Rule{
	Info: rule.Info{
		ID:        "fit/radar-hold",
		Title:     "Technology on the radar's hold ring",
		Criterion: rule.CriterionFit,
		Severity:  rule.SeverityWarning,
		Effort:    rule.EffortHigh,
		Doc: "A tech radar's hold ring lists technologies the organisation has decided not to start new " +
			"work with: known problems, a better replacement, no one left to support them.\n\n" +
			"The rule applies when the profile places technologies on rings: `organization.hold`, " +
			"`[organization.by_type.<project type>]` or the radar file `organization.radar` names. It fires " +
			"for every production technology whose ring, for this project's type, is hold; the finding cites " +
			"the profile line or the radar file's line that put it there.",
		Remediation: "Replace the technology with one from the radar's adopt or trial rings, or, for " +
			"existing use being phased out, waive the rule with the migration plan as the reason and an " +
			"`expires` date.",
		NeedsProfile: true,
	},
	Check: checkRadarHold,
}

func checkRadarHold(ctx *rule.Context) []rule.Finding {
	p := ctx.P()
	var out []rule.Finding
	for _, t := range ctx.Production() {
		pl, ok := p.Placement(t.ID, t.Versions...)
		if !ok || pl.Ring != profile.RingHold {
			continue
		}
		out = append(out, rule.Finding{
			Message:      placedAt(t, pl) + " is on the " + ringPhrase(ctx, pl) + ".",
			Brief:        placedName(t, pl) + " is on the " + ringPhrase(ctx, pl) + ".",
			Technologies: []string{t.ID},
			Evidence:     rule.TechEvidence(t, 3),
			Profile:      placementRefs(ctx, pl),
			Component:    componentOf(t),
			Subject:      t.ID,
		})
	}
	return out
}

// placedAt renders the technology a placement is about, with its release
// line when the radar entry is about one: "Node.js 14 (.nvmrc:1)".
func placedAt(t stack.Technology, pl profile.Placement) string {
	t.Name = placedName(t, pl)
	return techAt(t)
}

// placedName is placedAt without the location: "Node.js 14".
func placedName(t stack.Technology, pl profile.Placement) string {
	if pl.FromRadar() && pl.Entry.Version != "" {
		return t.Name + " " + pl.Entry.Version
	}
	return t.Name
}

// ringPhrase says where a placement comes from: "organisation's tech-radar
// hold ring (.stacklint.toml:4)", "hold ring for high-load SaaS projects
// (.stacklint.toml:12)", "hold ring of the organisation's tech radar
// (radar.csv:7, "MongoDB")".
func ringPhrase(ctx *rule.Context, pl profile.Placement) string {
	switch {
	case pl.FromRadar():
		e := pl.Entry
		where := fmt.Sprintf("%s:%d", e.File, e.Line)
		if e.Line == 0 {
			where = e.File
		}
		return fmt.Sprintf("%s ring of the organisation's tech radar (%s, %q)", pl.Ring, where, e.Name)
	case pl.ProjectType != "":
		return fmt.Sprintf("organisation's %s ring for %s projects %s", pl.Ring, pl.ProjectType, ctx.Cite(pl.Key))
	}
	return "organisation's tech-radar " + pl.Ring + " ring " + ctx.Cite(pl.Key)
}

// placementRefs cites what placed a technology: the profile key, or the
// profile's organization.radar and the radar entry itself.
func placementRefs(ctx *rule.Context, pl profile.Placement) []rule.ProfileRef {
	if !pl.FromRadar() {
		refs := []rule.ProfileRef{ctx.Ref(pl.Key)}
		if pl.ProjectType != "" {
			refs = append(refs, ctx.Refs("project.type")...)
		}
		return refs
	}
	e := pl.Entry
	return []rule.ProfileRef{
		ctx.Ref("organization.radar"),
		{Key: "organization.radar." + pl.Ring, Value: fmt.Sprintf("%q", e.Name), File: e.File, Line: e.Line},
	}
}

// RadarAssess asks for a decision record when a technology on the radar's
// assess ring runs in production.
var RadarAssess = rule.Rule{
	Info: rule.Info{
		ID:        "fit/radar-assess",
		Title:     "Radar assess-ring technology in production without a decision record",
		Criterion: rule.CriterionFit,
		Severity:  rule.SeverityWarning,
		Effort:    rule.EffortLow,
		Doc: "A tech radar's assess ring lists technologies worth exploring to understand how they would " +
			"affect the organisation: not yet a choice for production. Running one in production is a " +
			"decision someone should write down (why, what was compared, who supports it), so that the " +
			"radar can learn from it. The trial ring is meant for production use on projects that can take " +
			"the risk, so it needs no record; hold has its own rule (fit/radar-hold).\n\n" +
			"The rule applies when the profile places technologies on rings (`organization.assess`, " +
			"`[organization.by_type.<project type>]`, the radar file `organization.radar`) and the project " +
			"is not declared a prototype (`project.stage`). It fires for every production technology whose " +
			"ring is assess, unless an architecture decision record names it in its title or file name " +
			"(`docs/adr/0007-adopt-kafka.md`, \"# Use Apache Kafka for events\").",
		Remediation: "Write an architecture decision record for the technology (`docs/adr/NNNN-adopt-<name>.md`: " +
			"context, decision, consequences, who supports it), and propose it for the radar's trial ring.",
		NeedsProfile: true,
	},
	Check: checkRadarAssess,
}

func checkRadarAssess(ctx *rule.Context) []rule.Finding {
	p := ctx.P()
	if p.Project.Stage == "prototype" {
		return nil
	}
	adrs := ctx.Facts(stack.FactADR)
	var out []rule.Finding
	for _, t := range ctx.Production() {
		pl, ok := p.Placement(t.ID, t.Versions...)
		if !ok || pl.Ring != profile.RingAssess {
			continue
		}
		if recorded(ctx, t, pl, adrs) {
			continue
		}
		out = append(out, rule.Finding{
			Message: placedAt(t, pl) + " runs in production but is on the " + ringPhrase(ctx, pl) +
				", and no architecture decision record names it.",
			Brief:        t.Name + " runs in production but is on the " + ringPhrase(ctx, pl) + ", and no architecture decision record names it.",
			Technologies: []string{t.ID},
			Evidence:     rule.TechEvidence(t, 3),
			Profile:      placementRefs(ctx, pl),
			Component:    componentOf(t),
			Subject:      t.ID,
		})
	}
	return out
}

// Against reports whether running technology t in production goes
// against the ring pl gives it: hold always; assess unless the project is
// a prototype or an architecture decision record names it (as
// fit/radar-hold and fit/radar-assess decide).
func Against(ctx *rule.Context, t stack.Technology, pl profile.Placement) bool {
	switch pl.Ring {
	case profile.RingHold:
		return true
	case profile.RingAssess:
		return ctx.P().Project.Stage != "prototype" && !recorded(ctx, t, pl, ctx.Facts(stack.FactADR))
	}
	return false
}

// recorded reports whether an ADR's title or file name names the
// technology: its name, id, catalog aliases or the radar's name for it, as
// whole words ("Go" is not in "MongoDB").
func recorded(ctx *rule.Context, t stack.Technology, pl profile.Placement, adrs []stack.Signal) bool {
	phrases := [][]string{words(t.Name), words(t.ID)}
	if e, ok := ctx.Entry(t.ID); ok {
		for _, a := range e.Aliases {
			phrases = append(phrases, words(a))
		}
	}
	if pl.FromRadar() {
		phrases = append(phrases, words(pl.Entry.Name))
	}
	for _, f := range adrs {
		text := words(f.Attr("title") + " " + f.File)
		for _, ph := range phrases {
			if len(ph) > 0 && containsRun(text, ph) {
				return true
			}
		}
	}
	return false
}

// words splits text into lowercase runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 0x7f)
	})
}

// containsRun reports whether run occurs in text as consecutive words, or
// joined into one word ("nodejs" for "node", "js").
func containsRun(text, run []string) bool {
	joined := strings.Join(run, "")
	for i := range text {
		if text[i] == joined {
			return true
		}
		if i+len(run) > len(text) {
			continue
		}
		ok := true
		for j, w := range run {
			if text[i+j] != w {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
