package rules

import (
	"fmt"
	"strings"

	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// DeprecatedPackage fires for production technologies the catalog marks
// as deprecated.
var DeprecatedPackage = rule.Rule{
	Info: rule.Info{
		ID:        "ecosystem/deprecated-package",
		Title:     "Deprecated package",
		Criterion: rule.CriterionEcosystem,
		Severity:  rule.SeverityWarning,
		Effort:    rule.EffortMedium,
		Doc: "A deprecated package gets no fixes and, sooner or later, breaks with a new runtime or " +
			"dependency; its community moves to the replacement.\n\n" +
			"The rule needs no profile. It fires for every production technology the catalog marks " +
			"`deprecated`, quoting why and what replaces it (request → got/axios/fetch, moment → " +
			"date-fns/Luxon/Temporal, node-sass → sass...). It reads the production technologies only " +
			"(development dependencies and examples are not reported); all deprecated packages make one " +
			"finding, and its fix names each one's replacement.",
		Remediation: "Migrate to the replacement the finding names; until then, pin the version and " +
			"watch its advisories.",
	},
	Check: checkDeprecatedPackage,
}

func checkDeprecatedPackage(ctx *rule.Context) []rule.Finding {
	var ts []stack.Technology
	var parts, fixes []string
	for _, t := range ctx.Production() {
		e, ok := ctx.Entry(t.ID)
		if !ok || e.Deprecated == "" {
			continue
		}
		ts = append(ts, t)
		why := strings.TrimSuffix(e.Deprecated, ".")
		parts = append(parts, techAt(t)+" is deprecated: "+why)
		fixes = append(fixes, t.Name+": "+why)
	}
	if len(ts) == 0 {
		return nil
	}
	msg := parts[0] + "."
	if len(ts) > 1 {
		msg = fmt.Sprintf("%d deprecated packages are in production use. %s.", len(ts), strings.Join(parts, ". "))
	}
	comp := commonComponent(ts)
	return []rule.Finding{{
		Message:   msg,
		Evidence:  evidenceOf(ts, 3),
		Component: comp,
		Subject:   "deprecated",
		Remediation: "Migrate to the replacement named for each package (" + strings.Join(fixes, "; ") +
			"); until then, pin the version and watch its advisories.",
	}}
}
