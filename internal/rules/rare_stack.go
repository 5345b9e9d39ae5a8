package rules

import (
	"fmt"
	"strconv"
	"strings"

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
		Effort:    rule.EffortHigh,
		Doc: "Few developers know a rare language or framework: hiring takes longer and costs more, and " +
			"losing one person can stall the product.\n\n" +
			"The rule applies when a profile is declared. It fires for the primary language and the " +
			"primary web framework (the ones used by most components) when their talent-pool share — the " +
			"percentage of developers using them, from the Stack Overflow Developer Survey, shipped in " +
			"the catalog with its source — is below `rare_talent_share` (default 5%). The message " +
			"mentions `team.hiring` when it is declared and points to talent/skills-gap rather than " +
			"repeating the team's skills. Rare language and framework make one finding.",
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
	var rare []stack.Technology
	var parts []string
	notSkilled := false
	for _, t := range cands {
		e, ok := ctx.Entry(t.ID)
		if !ok || e.TalentShare <= 0 || e.TalentShare >= th {
			continue
		}
		rare = append(rare, t)
		part := fmt.Sprintf("%s, the %s (%s), is used by %s%% of developers", t.Name, primaryRole(t),
			rule.Where(rule.TechEvidence(t, 2)), strconv.FormatFloat(e.TalentShare, 'f', -1, 64))
		if e.TalentSource != "" {
			part += " (" + e.TalentSource + ")"
		}
		parts = append(parts, part)
		notSkilled = notSkilled || (len(p.Team.Skills) > 0 && !ctx.Covered(t.ID))
	}
	if len(rare) == 0 {
		return nil
	}
	msg := strings.Join(parts, "; ") + fmt.Sprintf("; below the %s%% threshold (rules.thresholds.rare_talent_share)",
		strconv.FormatFloat(th, 'f', -1, 64))
	refs := ctx.Refs("rules.thresholds.rare_talent_share")
	if p.Team.Hiring {
		msg += ", and the team plans to hire " + ctx.Cite("team.hiring")
		refs = append(refs, ctx.Ref("team.hiring"))
	}
	if notSkilled {
		msg += "; see talent/skills-gap for the team's own skills"
		refs = append(refs, ctx.Ref("team.skills"))
	}
	return []rule.Finding{{
		Message: msg + ".", Evidence: evidenceOf(rare, 2), Profile: refs, Component: commonComponent(rare), Subject: "primary",
		Remediation: "Make sure the team can own " + rule.Names(rare) + " for the product's lifetime (pairing, training, " +
			"a hiring plan that budgets for a small pool), or choose a widely known alternative for new services; waive " +
			"the rule with a reason if the choice is deliberate.",
	}}
}
