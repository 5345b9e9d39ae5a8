package rules

import (
	"strconv"

	"github.com/stacklint/stacklint/internal/rule"
)

// RadarHold fires for technologies on the organisation's tech-radar hold ring.
var RadarHold = rule.Rule{
	Info: rule.Info{
		ID:        "fit/radar-hold",
		Title:     "Technology on the radar's hold ring",
		Criterion: rule.CriterionFit,
		Severity:  rule.SeverityWarning,
		Doc: "A tech radar's hold ring lists technologies the organisation has decided not to start new " +
			"work with: known problems, a better replacement, no one left to support them.\n\n" +
			"The rule applies when `organization.hold` is declared. It fires for every production " +
			"technology whose id is on it.",
		Remediation: "Replace the technology with one from the radar's adopt or trial rings, or, for " +
			"existing use being phased out, waive the rule with the migration plan as the reason and an " +
			"`expires` date.",
		NeedsProfile: true,
	},
	Check: checkRadarHold,
}

func checkRadarHold(ctx *rule.Context) []rule.Finding {
	hold := ctx.P().Organization.Hold
	var out []rule.Finding
	for i, id := range hold {
		t, ok := ctx.Tech(id)
		if !ok {
			continue
		}
		key := "organization.hold." + strconv.Itoa(i)
		out = append(out, rule.Finding{
			Message:   techAt(t) + " is on the organisation's tech-radar hold ring " + ctx.Cite(key) + ".",
			Evidence:  rule.TechEvidence(t, 3),
			Profile:   []rule.ProfileRef{ctx.Ref(key)},
			Component: componentOf(t),
			Subject:   t.ID,
		})
	}
	return out
}
