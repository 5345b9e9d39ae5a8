package rules

import (
	"strings"

	"github.com/stacklint/stacklint/internal/rule"
)

// DeprecatedPackage fires for production technologies the catalog marks
// as deprecated.
var DeprecatedPackage = rule.Rule{
	Info: rule.Info{
		ID:        "ecosystem/deprecated-package",
		Title:     "Deprecated package",
		Criterion: rule.CriterionEcosystem,
		Severity:  rule.SeverityWarning,
		Doc: "A deprecated package gets no fixes and, sooner or later, breaks with a new runtime or " +
			"dependency; its community moves to the replacement.\n\n" +
			"The rule needs no profile. It fires for every production technology the catalog marks " +
			"`deprecated`, quoting why and what replaces it (request → got/axios/fetch, moment → " +
			"date-fns/Luxon/Temporal, node-sass → sass...).",
		Remediation: "Migrate to the replacement the finding names; until then, pin the version and " +
			"watch its advisories.",
	},
	Check: checkDeprecatedPackage,
}

func checkDeprecatedPackage(ctx *rule.Context) []rule.Finding {
	var out []rule.Finding
	for _, t := range ctx.Production() {
		e, ok := ctx.Entry(t.ID)
		if !ok || e.Deprecated == "" {
			continue
		}
		out = append(out, rule.Finding{
			Message:   techAt(t) + " is deprecated: " + strings.TrimSuffix(e.Deprecated, ".") + ".",
			Evidence:  rule.TechEvidence(t, 3),
			Component: componentOf(t),
			Subject:   t.ID,
		})
	}
	return out
}
