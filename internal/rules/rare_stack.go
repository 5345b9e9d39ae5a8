package rules

import (
	"fmt"
	"strconv"

	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// RareStack fires when the primary language or framework has a small
// talent pool.
var RareStack = rule.Rule{
	Info: rule.Info{
		ID:        "talent/rare-stack",
		Title:     "Primary technology with a small talent pool",
		Criterion: rule.CriterionTalent,
		Severity:  rule.SeverityWarning,
		Doc: "Few developers know a rare language or framework: hiring takes longer and costs more, and " +
			"losing one person can stall the product.\n\n" +
			"The rule applies when a profile is declared. It fires for the primary language and the " +
			"primary web framework (the ones used by most components) when their talent-pool share — the " +
			"percentage of developers using them, from the Stack Overflow Developer Survey, shipped in " +
			"the catalog with its source — is below `rare_talent_share` (default 5%). The message " +
			"mentions `team.hiring` and `team.skills` when they are declared.",
		Remediation: "Make sure the team can own the technology for the product's lifetime (pairing, " +
			"training, hiring plan), or choose a widely known alternative for new services. Waive the " +
			"rule with a reason if the choice is deliberate.",
		NeedsProfile: true,
	},
	Check: checkRareStack,
}

func checkRareStack(ctx *rule.Context) []rule.Finding {
	th := ctx.Thresholds().RareTalentShare
	var cands []stack.Technology
	if t, ok := ctx.PrimaryLanguage(); ok {
		cands = append(cands, t)
	}
	if t, ok := ctx.PrimaryFramework(); ok {
		cands = append(cands, t)
	}
	p := ctx.P()
	var out []rule.Finding
	for _, t := range cands {
		e, ok := ctx.Entry(t.ID)
		if !ok || e.TalentShare <= 0 || e.TalentShare >= th {
			continue
		}
		role := "primary language"
		if t.Layer == stack.LayerFramework {
			role = "primary framework"
		}
		msg := fmt.Sprintf("%s is the %s (%s); %s%% of developers use it", t.Name, role,
			rule.Where(rule.TechEvidence(t, 2)), strconv.FormatFloat(e.TalentShare, 'f', -1, 64))
		if e.TalentSource != "" {
			msg += " (" + e.TalentSource + ")"
		}
		msg += fmt.Sprintf(", below the %s%% threshold (rules.thresholds.rare_talent_share)",
			strconv.FormatFloat(th, 'f', -1, 64))
		refs := ctx.Refs("rules.thresholds.rare_talent_share")
		if p.Team.Hiring {
			msg += ", and the team plans to hire " + ctx.Cite("team.hiring")
			refs = append(refs, ctx.Ref("team.hiring"))
		}
		if len(p.Team.Skills) > 0 && !ctx.Covered(t.ID) {
			msg += "; it is not in team.skills " + ctx.Cite("team.skills")
			refs = append(refs, ctx.Ref("team.skills"))
		}
		out = append(out, rule.Finding{Message: msg + ".", Evidence: rule.TechEvidence(t, 3), Profile: refs, Component: componentOf(t), Subject: t.ID})
	}
	return out
}
