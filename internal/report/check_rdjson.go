package report

import (
	"encoding/json"
	"io"
	"strings"

	"github.com/stacklint/stacklint/internal/rule"
)

// The reviewdog Diagnostic Format (rdjson): a DiagnosticResult holding
// Diagnostics, as declared by reviewdog's proto/rdf/reviewdog.proto. Only
// fields of that message are written, under their proto JSON names.
type (
	rdjsonResult struct {
		Source      rdjsonSource       `json:"source"`
		Diagnostics []rdjsonDiagnostic `json:"diagnostics"`
	}
	rdjsonDiagnostic struct {
		Message          string                  `json:"message"`
		Location         rdjsonLocation          `json:"location"`
		Severity         string                  `json:"severity"`
		Source           rdjsonSource            `json:"source"`
		Code             rdjsonCode              `json:"code"`
		RelatedLocations []rdjsonRelatedLocation `json:"related_locations,omitempty"`
	}
	rdjsonSource struct {
		Name string `json:"name"`
		URL  string `json:"url,omitempty"`
	}
	rdjsonCode struct {
		Value string `json:"value"`
		URL   string `json:"url,omitempty"`
	}
	rdjsonLocation struct {
		Path  string      `json:"path"`
		Range rdjsonRange `json:"range"`
	}
	rdjsonRange struct {
		Start rdjsonPosition `json:"start"`
	}
	rdjsonPosition struct {
		Line int `json:"line"`
	}
	rdjsonRelatedLocation struct {
		Message  string         `json:"message,omitempty"`
		Location rdjsonLocation `json:"location"`
	}
)

// CheckRDJSON writes the check in reviewdog's Diagnostic JSON format
// (`reviewdog -f=rdjson`), so that reviewdog posts stacklint's findings on
// any platform it supports. Each finding becomes one diagnostic per
// location (reviewdog comments only on lines a change touches, so each
// place must stand on its own), with the finding's other locations as
// related locations; code.value is the rule id and code.url its
// documentation; the message ends with the fix. Ranges are whole lines:
// evidence has no column. A finding about the whole repository is located
// at the profile key or manifest that decided it. Waived findings are
// left out.
func CheckRDJSON(w io.Writer, c *Check) error {
	src := rdjsonSource{Name: "stacklint", URL: toolURI}
	res := rdjsonResult{Source: src, Diagnostics: []rdjsonDiagnostic{}}
	for _, f := range c.sortedFindings() {
		info := c.info(f)
		sites := c.sites(f)
		for i, s := range sites {
			d := rdjsonDiagnostic{
				Message:  rdjsonMessage(f, s, len(sites)),
				Location: rdjsonAt(s),
				Severity: rdjsonSeverity(f.Severity),
				Source:   src,
				Code:     rdjsonCode{Value: f.RuleID, URL: info.HelpURI()},
			}
			for j, o := range sites {
				if j != i {
					d.RelatedLocations = append(d.RelatedLocations, rdjsonRelatedLocation{Message: o.Detail, Location: rdjsonAt(o)})
				}
			}
			res.Diagnostics = append(res.Diagnostics, d)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(res)
}

// rdjsonMessage is a diagnostic's message: the finding at this site, then
// how to fix it.
func rdjsonMessage(f rule.Finding, s site, n int) string {
	msg := siteMessage(f, s, n)
	if fix := strings.TrimSpace(f.Remediation); fix != "" {
		msg += "\n\nFix: " + fix
	}
	return msg
}

func rdjsonAt(s site) rdjsonLocation {
	return rdjsonLocation{Path: s.Path, Range: rdjsonRange{Start: rdjsonPosition{Line: s.Line}}}
}

// rdjsonSeverity maps a severity to reviewdog's ERROR, WARNING and INFO.
func rdjsonSeverity(s rule.Severity) string {
	switch s {
	case rule.SeverityError:
		return "ERROR"
	case rule.SeverityWarning:
		return "WARNING"
	}
	return "INFO"
}
