package rules

import (
	"strings"

	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// OrgStandard fires when the stack matches none of the organisation's
// standard stacks.
var OrgStandard = rule.Rule{
	Info: rule.Info{
		ID:        "fit/org-standard",
		Title:     "Off the organisation's standard stacks",
		Criterion: rule.CriterionFit,
		Severity:  rule.SeverityWarning,
		Effort:    rule.EffortHigh,
		Doc: "An organisation's standard stacks are what its platform, security reviews, libraries and " +
			"on-call rotations support. A service off the standard — an internal tool especially, where " +
			"nobody budgets for its upkeep — ends up owned by one person.\n\n" +
			"The rule applies when `organization.standard_stacks` is declared. A standard stack is a list " +
			"of technology ids (`\"typescript+nestjs+postgresql\"`); for each layer it names (language, " +
			"framework, data), the stack's primary technology of that layer must be one of those it " +
			"lists. The rule fires when no standard stack matches.",
		Remediation: "Build on one of the standard stacks, or get the choice approved and add it to " +
			"`organization.standard_stacks` (or waive the rule with the reason).",
		NeedsProfile: true,
	},
	Check: checkOrgStandard,
}

func checkOrgStandard(ctx *rule.Context) []rule.Finding {
	p := ctx.P()
	stacks := p.Organization.StandardStacks
	if len(stacks) == 0 {
		return nil
	}
	primaries := map[stack.Layer]stack.Technology{}
	if t, ok := ctx.PrimaryLanguage(); ok {
		primaries[stack.LayerLanguage] = t
	}
	if t, ok := ctx.PrimaryFramework(); ok {
		primaries[stack.LayerFramework] = t
	}
	if t, ok := ctx.PrimaryDatabase(); ok {
		primaries[stack.LayerData] = t
	}
	if len(primaries) == 0 {
		return nil
	}
	var off []stack.Technology
	for _, std := range stacks {
		var miss []stack.Technology
		for _, l := range []stack.Layer{stack.LayerLanguage, stack.LayerFramework, stack.LayerData} {
			t, ok := primaries[l]
			if !ok {
				continue
			}
			constrained, allowed := false, false
			for _, id := range std {
				if ctx.LayerOf(id) == l {
					constrained = true
					if id == t.ID || sameSkill(id, t.ID) {
						allowed = true
					}
				}
			}
			if constrained && !allowed {
				miss = append(miss, t)
			}
		}
		if len(miss) == 0 {
			return nil
		}
		if off == nil || len(miss) < len(off) {
			off = miss
		}
	}
	names := make([]string, len(stacks))
	for i, s := range stacks {
		names[i] = strings.Join(s, "+")
	}
	return []rule.Finding{{
		Message: "The stack matches none of the organisation's standard stacks, " + rule.JoinAnd(names) + " " +
			ctx.Cite("organization.standard_stacks") + ": " + joinTechAt(off) + " " + isAre(off) + " off the standard.",
		Evidence: evidenceOf(off, 1),
		Profile:  append([]rule.ProfileRef{ctx.Ref("organization.standard_stacks")}, ctx.Refs("project.type")...),
		Subject:  strings.Join(rule.IDs(off), ","),
	}}
}

func joinTechAt(ts []stack.Technology) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = techAt(t)
	}
	return rule.JoinAnd(parts)
}

// sameSkill reports whether two ids name the same language family
// (TypeScript and Node.js).
func sameSkill(a, b string) bool {
	return inIDs(nodeRuntimes, a) && inIDs(nodeRuntimes, b)
}

func isAre(ts []stack.Technology) string {
	if len(ts) == 1 {
		return "is"
	}
	return "are"
}
