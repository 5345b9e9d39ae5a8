package rules

import (
	"fmt"

	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// UndocumentedDecisions fires when a long-lived product has no architecture
// decision records.
var UndocumentedDecisions = rule.Rule{
	Info: rule.Info{
		ID:        "business/undocumented-decisions",
		Title:     "No architecture decision records",
		Criterion: rule.CriterionBusiness,
		Severity:  rule.SeverityNotice,
		Effort:    rule.EffortLow,
		Doc: "A product that lives for years outlives the people who chose its stack. Without written " +
			"decisions (why this database, why this framework, what was rejected), every newcomer " +
			"reopens them and every migration starts from archaeology.\n\n" +
			"The rule applies when `project.lifetime_years` is at least `decision_record_years` (default " +
			"3), or `project.type` is `ecommerce` or `high-load-saas`. It fires when the repository has " +
			"no architecture decision records (`docs/adr/`, `docs/decisions/`, `adr/` with numbered " +
			"Markdown files, or an ADR tool's configuration).",
		Remediation: "Start `docs/adr/` with one short record per significant decision (context, " +
			"decision, consequences): begin with the language, framework, database and hosting choices.",
		NeedsProfile: true,
	},
	Check: checkUndocumentedDecisions,
}

func checkUndocumentedDecisions(ctx *rule.Context) []rule.Finding {
	p := ctx.P()
	var why string
	var refs []rule.ProfileRef
	switch years := ctx.Thresholds().DecisionRecordYears; {
	case p.Project.LifetimeYears >= years && p.Project.LifetimeYears > 0:
		why = fmt.Sprintf("A lifetime of %d years is declared %s", p.Project.LifetimeYears, ctx.Cite("project.lifetime_years"))
		refs = append(refs, ctx.Ref("project.lifetime_years"))
	case p.Project.Type == profile.TypeEcommerce || p.Project.Type == profile.TypeHighLoadSaaS:
		why = "The profile declares " + typeName(p.Project.Type) + " " + ctx.Cite("project.type")
		refs = append(refs, ctx.Ref("project.type"))
	default:
		return nil
	}
	if len(ctx.Facts(stack.FactADR)) > 0 {
		return nil
	}
	return []rule.Finding{{
		Message: why + ", but the repository has no architecture decision records (docs/adr/, docs/decisions/).",
		Profile: refs,
		Subject: "adr",
	}}
}
