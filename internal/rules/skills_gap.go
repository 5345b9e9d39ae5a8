package rules

import (
	"strings"

	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// SkillsGap fires when a primary technology is not among the team's
// declared skills.
var SkillsGap = rule.Rule{
	Info: rule.Info{
		ID:        "talent/skills-gap",
		Title:     "Primary technology outside the team's skills",
		Criterion: rule.CriterionTalent,
		Severity:  rule.SeverityWarning,
		Effort:    rule.EffortHigh,
		Doc: "A team running a stack it does not know ships slower and makes the mistakes that " +
			"experience avoids, in production.\n\n" +
			"The rule applies when `team.skills` is declared. It fires for the primary language, web " +
			"framework and database (the ones used by most components; the primary language is the primary framework's when it has one) when none of the team's skills " +
			"covers them. Equivalent ids count (TypeScript, JavaScript and Node.js; C# and .NET), and so " +
			"does a skill that implies the technology in the catalog (a framework implies its language). " +
			"A framework counts as covered when the team knows its language, and a database when the team " +
			"knows one of its interchangeable providers (MySQL, PostgreSQL or SQLite behind one driver " +
			"layer: a deployment runs the one it knows). It reads the production " +
			"stack and `team.skills` only. The uncovered technologies make one finding: an error when the " +
			"team knows none of the primary stack, a warning when it knows part of it.",
		Remediation: "Add the technology to `team.skills` if the team knows it; otherwise plan training " +
			"or hiring, or prefer a stack the team already masters.",
		NeedsProfile: true,
	},
	Check: checkSkillsGap,
}

func checkSkillsGap(ctx *rule.Context) []rule.Finding {
	p := ctx.P()
	if len(p.Team.Skills) == 0 {
		return nil
	}
	var cands []stack.Technology
	for _, f := range []func() (stack.Technology, bool){ctx.PrimaryLanguage, ctx.PrimaryFramework, ctx.PrimaryDatabase} {
		if t, ok := f(); ok {
			cands = append(cands, t)
		}
	}
	var gap []stack.Technology
	for _, t := range cands {
		if ctx.Covered(t.ID) || frameworkOfKnownLanguage(ctx, t) || knownProvider(ctx, t) {
			continue
		}
		gap = append(gap, t)
	}
	if len(gap) == 0 {
		return nil
	}
	roles := make([]string, len(cands))
	for i, t := range cands {
		roles[i] = primaryRole(t)
	}
	f := rule.Finding{
		Technologies: rule.IDs(gap),
		Evidence:     evidenceOf(gap, 2),
		Profile:      []rule.ProfileRef{ctx.Ref("team.skills")},
		Component:    commonComponent(gap),
		Subject:      "primary",
		Remediation: "If the team knows " + rule.Names(gap) + ", add " + quoteIDs(gap) + " to `team.skills`; " +
			"otherwise plan training or hiring before the stack grows, or build new services on what the team " +
			"knows (" + rule.JoinAnd(p.Team.Skills) + ").",
	}
	lists := "team.skills " + ctx.Cite("team.skills") + " lists " + rule.JoinAnd(p.Team.Skills)
	if len(gap) == len(cands) {
		f.Severity = rule.SeverityError
		f.Message = "The team knows none of the primary stack: " + namesAt(gap) + " (" + rule.JoinAnd(roles) + "), and " + lists + "."
		f.Brief = "The team knows none of the primary stack: " + rule.Names(gap) + " (" + rule.JoinAnd(roles) + "), and " + lists + "."
	} else {
		what := "is a primary technology"
		if len(gap) > 1 {
			what = "are primary technologies"
		}
		f.Message = namesAt(gap) + " " + what + " of the stack outside the team's skills: " + lists + "."
		f.Brief = rule.Names(gap) + " " + what + " of the stack outside the team's skills: " + lists + "."
	}
	return []rule.Finding{f}
}

// primaryRole names what a primary technology is: "primary language".
func primaryRole(t stack.Technology) string {
	switch t.Layer {
	case stack.LayerLanguage:
		return "primary language"
	case stack.LayerFramework:
		return "primary framework"
	}
	return "primary database"
}

// quoteIDs renders technology ids for a TOML array: "ruby", "rails".
func quoteIDs(ts []stack.Technology) string {
	q := make([]string, len(ts))
	for i, t := range ts {
		q[i] = "\"" + t.ID + "\""
	}
	return "`" + strings.Join(q, ", ") + "`"
}

func frameworkOfKnownLanguage(ctx *rule.Context, t stack.Technology) bool {
	if t.Layer != stack.LayerFramework {
		return false
	}
	e, ok := ctx.Entry(t.ID)
	if !ok {
		return false
	}
	for _, id := range e.Implies {
		if ctx.LayerOf(id) == stack.LayerLanguage && ctx.Covered(id) {
			return true
		}
	}
	return false
}

// knownProvider reports whether t is the system of record, its providers
// are interchangeable (a deployment runs MySQL, PostgreSQL or SQLite) and
// the team knows one of them: the team runs the one it knows.
func knownProvider(ctx *rule.Context, t stack.Technology) bool {
	if ctx.Stack == nil {
		return false
	}
	d, ok := ctx.Stack.Record()
	if !ok || !d.Alternatives || !inIDs(d.Members, t.ID) {
		return false
	}
	for _, m := range d.Members {
		if ctx.Covered(m) {
			return true
		}
	}
	return false
}
