package rule

// Criteria of a stack decision, in report order.
const (
	CriterionScalability  = "Scalability"
	CriterionConcurrency  = "Performance & concurrency"
	CriterionData         = "Data & consistency"
	CriterionTalent       = "Team skills & hiring"
	CriterionEcosystem    = "Ecosystem & community"
	CriterionSecurity     = "Security & compliance"
	CriterionTimeToMarket = "Time to market"
	CriterionCost         = "Infrastructure & cost"
	CriterionBusiness     = "Business goals"
	CriterionFit          = "Fit to project type"
)

// Criteria lists the criteria in report order.
var Criteria = []string{
	CriterionScalability, CriterionConcurrency, CriterionData, CriterionTalent, CriterionEcosystem,
	CriterionSecurity, CriterionTimeToMarket, CriterionCost, CriterionBusiness, CriterionFit,
}

// Info is what a rule says about itself: the single source for
// `stacklint rules`, `stacklint explain`, docs/rules.md and SARIF rule
// descriptors.
type Info struct {
	// ID is "criterion/name" in kebab-case ("scalability/no-scaling-plan").
	ID string `json:"id"`
	// Title is a short noun phrase ("No plan for scaling beyond one server").
	Title string `json:"title"`
	// Criterion is one of the Criterion* constants.
	Criterion string `json:"criterion"`
	// Severity is the default severity.
	Severity Severity `json:"severity"`
	// Doc explains why it matters and how the rule decides (Markdown).
	Doc string `json:"doc"`
	// Remediation says how to fix it (Markdown).
	Remediation string `json:"remediation"`
	// NeedsProfile is true when the rule only runs with declared context
	// (a .stacklint.toml); with the embedded default profile it is skipped.
	NeedsProfile bool `json:"needs_profile"`
	// Effort is what fixing a finding usually takes: EffortLow (a line or
	// a file), EffortMedium (a planned change) or EffortHigh (a
	// re-architecture or hiring). Every rule declares it (Validate); ""
	// counts as medium for descriptors built elsewhere. Reports rank the
	// top actions by severity, then effort.
	Effort string `json:"effort,omitempty"`
}

// Efforts of fixing a finding, cheapest first.
const (
	EffortLow    = "low"
	EffortMedium = "medium"
	EffortHigh   = "high"
)

// EffortRank orders efforts, cheapest first ("" counts as medium).
func EffortRank(e string) int {
	switch e {
	case EffortLow:
		return 0
	case EffortHigh:
		return 2
	}
	return 1
}

// HelpURI is where a rule's documentation lives online.
func (i Info) HelpURI() string {
	return "https://github.com/stacklint/stacklint/blob/main/docs/rules.md#" + anchor(i.ID)
}

// anchor turns a rule id into the GitHub Markdown anchor of its heading.
func anchor(id string) string {
	out := make([]byte, 0, len(id))
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-':
			out = append(out, c)
		case c >= 'A' && c <= 'Z':
			out = append(out, c+'a'-'A')
		}
	}
	return string(out)
}
