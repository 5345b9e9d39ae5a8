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
			"primary web framework (the ones used by most components; the primary language is the primary framework's when it has one) when their talent-pool share — the " +
			"percentage of developers using them, from the Stack Overflow Developer Survey, shipped in " +
			"the catalog with its source — is below `rare_talent_share` (default 5%). The message " +
			"mentions `team.hiring` when it is declared. Rare language and framework make one finding; when " +
			"talent/skills-gap reports the same technology, the later of the two refers to the other.",
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
	var parts, briefs []string
	for _, t := range cands {
		e, ok := ctx.Entry(t.ID)
		if !ok || e.TalentShare <= 0 || e.TalentShare >= th {
			continue
		}
		rare = append(rare, t)
		share := strconv.FormatFloat(e.TalentShare, 'f', -1, 64)
		part := fmt.Sprintf("%s, the %s (%s), is used by %s%% of developers", t.Name, primaryRole(t),
			rule.Where(rule.TechEvidence(t, 2)), share)
		if e.TalentSource != "" {
			part += " (" + e.TalentSource + ")"
		}
		parts = append(parts, part)
		briefs = append(briefs, fmt.Sprintf("%s is used by %s%% of developers", t.Name, share))
	}
	if len(rare) == 0 {
		return nil
	}
	below := fmt.Sprintf("; below the %s%% threshold (rules.thresholds.rare_talent_share)", strconv.FormatFloat(th, 'f', -1, 64))
	refs := ctx.Refs("rules.thresholds.rare_talent_share")
	if p.Team.Hiring {
		below += ", and the team plans to hire " + ctx.Cite("team.hiring")
		refs = append(refs, ctx.Ref("team.hiring"))
	}
	return []rule.Finding{{
		Message: strings.Join(parts, "; ") + below + ".", Brief: strings.Join(briefs, "; ") + below + ".",
		Technologies: rule.IDs(rare), Evidence: evidenceOf(rare, 2), Profile: refs, Component: commonComponent(rare), Subject: "primary",
		Remediation: "Make sure the team can own " + rule.Names(rare) + " for the product's lifetime (pairing, training, " +
			"a hiring plan that budgets for a small pool), or choose a widely known alternative for new services; waive " +
			"the rule with a reason if the choice is deliberate.",
	}}
}
