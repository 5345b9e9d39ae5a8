package report

import (
	"encoding/json"
	"io"
	"strings"

	"github.com/stacklint/stacklint/internal/rule"
)

// codeClimateIssue is one issue of a Code Climate report, the subset of
// the Code Climate engine specification that GitLab Code Quality reads
// (description, check_name, fingerprint, severity, location.path,
// location.lines.begin) plus the fields the specification requires (type,
// categories) and the optional content.
type codeClimateIssue struct {
	Type        string              `json:"type"`
	CheckName   string              `json:"check_name"`
	Description string              `json:"description"`
	Content     *codeClimateContent `json:"content,omitempty"`
	Categories  []string            `json:"categories"`
	Location    codeClimateLocation `json:"location"`
	Severity    string              `json:"severity"`
	Fingerprint string              `json:"fingerprint"`
}

type codeClimateContent struct {
	Body string `json:"body"`
}

type codeClimateLocation struct {
	Path  string           `json:"path"`
	Lines codeClimateLines `json:"lines"`
}

type codeClimateLines struct {
	Begin int `json:"begin"`
}

// CheckCodeClimate writes the check as a Code Climate issue array, the
// report GitLab shows in merge requests (`artifacts: reports:
// codequality:`): one issue per finding and location, each with a
// fingerprint stable across runs (see siteFingerprint) and unique in the
// report, since GitLab keeps only the first issue of a fingerprint.
// Severities map error to critical, warning to major and notice to info.
// A finding about the whole repository is located at the profile key or
// manifest that decided it. Waived findings are left out; a clean check
// writes [].
func CheckCodeClimate(w io.Writer, c *Check) error {
	issues := []codeClimateIssue{}
	for _, f := range c.sortedFindings() {
		info := c.info(f)
		sites := c.sites(f)
		for _, s := range sites {
			issues = append(issues, codeClimateIssue{
				Type:        "issue",
				CheckName:   f.RuleID,
				Description: siteMessage(f, s, len(sites)),
				Content:     codeClimateBody(f, info),
				Categories:  []string{codeClimateCategory(f.Criterion)},
				Location:    codeClimateLocation{Path: s.Path, Lines: codeClimateLines{Begin: s.Line}},
				Severity:    codeClimateSeverity(f.Severity),
				Fingerprint: s.Fingerprint,
			})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(issues)
}

// codeClimateBody is the Markdown an issue's content carries: the fix and
// where the rule is documented.
func codeClimateBody(f rule.Finding, info rule.Info) *codeClimateContent {
	var b strings.Builder
	if title := strings.TrimSpace(info.Title); title != "" {
		b.WriteString("**" + title + "**\n\n")
	}
	if fix := strings.TrimSpace(f.Remediation); fix != "" {
		b.WriteString("**How to fix:** " + fix + "\n\n")
	}
	b.WriteString("[" + f.RuleID + "](" + info.HelpURI() + ") · `stacklint explain " + f.RuleID + "`")
	return &codeClimateContent{Body: b.String()}
}

// codeClimateSeverity maps a stacklint severity to Code Climate's scale
// (info, minor, major, critical, blocker): an error, which fails a check
// by default, is critical; a warning major; a notice info.
func codeClimateSeverity(s rule.Severity) string {
	switch s {
	case rule.SeverityError:
		return "critical"
	case rule.SeverityWarning:
		return "major"
	}
	return "info"
}

// codeClimateCategory is the Code Climate category nearest a criterion.
// The specification's categories are about code (Bug Risk, Clarity,
// Compatibility, Complexity, Duplication, Performance, Security, Style);
// a stack that outgrows its team or product is Complexity, a decision left
// unwritten is Clarity, anything else that can break production is Bug
// Risk.
func codeClimateCategory(criterion string) string {
	switch criterion {
	case rule.CriterionSecurity:
		return "Security"
	case rule.CriterionScalability, rule.CriterionConcurrency:
		return "Performance"
	case rule.CriterionEcosystem:
		return "Compatibility"
	case rule.CriterionTimeToMarket, rule.CriterionCost, rule.CriterionTalent:
		return "Complexity"
	case rule.CriterionBusiness, rule.CriterionProfile:
		return "Clarity"
	}
	return "Bug Risk"
}
