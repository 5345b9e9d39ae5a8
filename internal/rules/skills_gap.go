package rules

import (
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
		Doc: "A team running a stack it does not know ships slower and makes the mistakes that " +
			"experience avoids, in production.\n\n" +
			"The rule applies when `team.skills` is declared. It fires for the primary language, web " +
			"framework and database (the ones used by most components) when none of the team's skills " +
			"covers them. Equivalent ids count (TypeScript, JavaScript and Node.js; C# and .NET), and so " +
			"does a skill that implies the technology in the catalog (a framework implies its language). " +
			"A framework counts as covered when the team knows its language.",
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
	var out []rule.Finding
	for _, t := range cands {
		if ctx.Covered(t.ID) || frameworkOfKnownLanguage(ctx, t) {
			continue
		}
		out = append(out, rule.Finding{
			Message: techAt(t) + " is a primary technology of the stack, but team.skills " + ctx.Cite("team.skills") +
				" lists " + rule.JoinAnd(p.Team.Skills) + ".",
			Evidence:  rule.TechEvidence(t, 3),
			Profile:   []rule.ProfileRef{ctx.Ref("team.skills")},
			Component: componentOf(t),
			Subject:   t.ID,
		})
	}
	return out
}

// frameworkOfKnownLanguage reports whether t is a framework whose language
// (what it implies in the catalog) the team knows: a Python team can pick
// up Flask, a TypeScript team NestJS.
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
