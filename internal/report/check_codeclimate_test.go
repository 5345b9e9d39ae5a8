package report

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// codeClimateCategories are the issue categories of the Code Climate
// engine specification (codeclimate/platform, spec/analyzers/SPEC.md).
var codeClimateCategories = []string{"Bug Risk", "Clarity", "Compatibility", "Complexity", "Duplication", "Performance", "Security", "Style"}

// assertCodeClimate checks a Code Climate report beyond GitLab's schema
// (toolFormats holds each issue to it), for what GitLab and the Code
// Climate specification need: a JSON array; type "issue"; a check name; a one-line
// description; at least one known category; a severity of the five; a
// relative path inside the repository; lines.begin from 1; a fingerprint
// unique in the report (GitLab drops repeated ones). It returns the issues.
func assertCodeClimate(t *testing.T, out string) []codeClimateIssue {
	t.Helper()
	var raw []json.RawMessage
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatalf("not a JSON array: %v", err)
	}
	var issues []codeClimateIssue
	seen := map[string]bool{}
	for i, r := range raw {
		var is codeClimateIssue
		dec := json.NewDecoder(bytes.NewReader(r))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&is); err != nil {
			t.Fatalf("issue %d: %v", i, err)
		}
		issues = append(issues, is)
		if is.Type != "issue" || is.CheckName == "" || is.Description == "" || strings.ContainsAny(is.Description, "\r\n") {
			t.Errorf("issue %d: type %q, check_name %q, description %q", i, is.Type, is.CheckName, is.Description)
		}
		if len(is.Categories) == 0 {
			t.Errorf("issue %d: no category", i)
		}
		for _, cat := range is.Categories {
			if !slices.Contains(codeClimateCategories, cat) {
				t.Errorf("issue %d: category %q", i, cat)
			}
		}
		if !slices.Contains([]string{"info", "minor", "major", "critical", "blocker"}, is.Severity) {
			t.Errorf("issue %d: severity %q", i, is.Severity)
		}
		if p := is.Location.Path; p == "" || !localPath(p) || strings.HasPrefix(p, "./") {
			t.Errorf("issue %d: path %q is not relative to the repository", i, p)
		}
		if is.Location.Lines.Begin < 1 {
			t.Errorf("issue %d: lines.begin %d", i, is.Location.Lines.Begin)
		}
		if len(is.Fingerprint) != 32 || seen[is.Fingerprint] {
			t.Errorf("issue %d: fingerprint %q missing, malformed or repeated", i, is.Fingerprint)
		}
		seen[is.Fingerprint] = true
	}
	return issues
}

func TestCheckCodeClimateEmpty(t *testing.T) {
	if out := render(t, func(b *bytes.Buffer) error { return CheckCodeClimate(b, &Check{}) }); out != "[]\n" {
		t.Errorf("empty check: %q", out)
	}
}

func TestCheckCodeClimateContent(t *testing.T) {
	issues := assertCodeClimate(t, render(t, func(b *bytes.Buffer) error { return CheckCodeClimate(b, fullCheck()) }))
	byRule := map[string][]codeClimateIssue{}
	for _, is := range issues {
		byRule[is.CheckName] = append(byRule[is.CheckName], is)
	}
	if got := byRule["scalability/no-scaling-plan"]; len(got) != 1 || got[0].Location.Path != ".stacklint.toml" || got[0].Location.Lines.Begin != 6 || got[0].Severity != "critical" || got[0].Categories[0] != "Performance" {
		t.Errorf("repository-wide finding: %+v", got)
	}
	if got := byRule["time-to-market/over-engineered-mvp"]; len(got) != 3 || got[1].Location.Path != "charts/app/Chart.yaml" || !strings.HasSuffix(got[1].Description, "Seen here: chart app.") {
		t.Errorf("one issue per location: %+v", got)
	}
	if got := byRule["security/unpinned-image"]; len(got) != 1 || got[0].Severity != "major" || got[0].Categories[0] != "Security" || !strings.Contains(got[0].Content.Body, "**How to fix:** Pin a tag") || !strings.Contains(got[0].Content.Body, "docs/rules.md#securityunpinned-image") {
		t.Errorf("unpinned image: %+v", got)
	}
	if got := byRule["ecosystem/deprecated-package"]; len(got) != 1 || got[0].Severity != "info" {
		t.Errorf("notice: %+v", got)
	}
	if len(byRule["security/container-root"]) != 0 {
		t.Error("a waived finding is reported")
	}
}

// fingerprints renders c as codeclimate and returns check name and path of
// each issue by fingerprint.
func fingerprints(t *testing.T, c *Check) map[string]string {
	t.Helper()
	var issues []codeClimateIssue
	if err := json.Unmarshal([]byte(render(t, func(b *bytes.Buffer) error { return CheckCodeClimate(b, c) })), &issues); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, is := range issues {
		out[is.Fingerprint] = is.CheckName + " " + is.Location.Path
	}
	return out
}

func TestCodeClimateFingerprintsStable(t *testing.T) {
	base := fingerprints(t, fullCheck())
	if again := fingerprints(t, fullCheck()); !mapsEqual(base, again) {
		t.Fatal("fingerprints differ between two runs")
	}
	// Lines added above the evidence, findings in another order, a profile
	// moving: the same problems keep their fingerprints.
	c := fullCheck()
	for i := range c.Findings {
		for j := range c.Findings[i].Evidence {
			c.Findings[i].Evidence[j].Line += 7
		}
		for j := range c.Findings[i].Profile {
			c.Findings[i].Profile[j].Line += 2
		}
	}
	slices.Reverse(c.Findings)
	if shifted := fingerprints(t, c); !mapsEqual(base, shifted) {
		t.Errorf("fingerprints moved with the lines:\n%v\n%v", base, shifted)
	}
	// Without a profile, the repository-wide finding keeps its fingerprint
	// at its new anchor (the manifest).
	c = fullCheck()
	c.Profile = ProfileSummary{}
	noProfile := fingerprints(t, c)
	for fp, what := range base {
		if strings.HasPrefix(what, "scalability/no-scaling-plan ") && !strings.HasPrefix(noProfile[fp], "scalability/no-scaling-plan apps/api/package.json") {
			t.Errorf("anchored finding: %q became %q", what, noProfile[fp])
		}
	}
	// Another component, another subject: another fingerprint.
	c = fullCheck()
	for i := range c.Findings {
		c.Findings[i].Fingerprint += ":other"
	}
	for fp := range fingerprints(t, c) {
		if _, ok := base[fp]; ok {
			t.Errorf("fingerprint %s kept for a different finding", fp)
		}
	}
	// Two locations in one file get two fingerprints; a finding without
	// its own fingerprint still gets one per location.
	c = &Check{Findings: []rule.Finding{{RuleID: "data/no-migrations", Severity: rule.SeverityWarning, Message: "m",
		Evidence: []stack.Evidence{ev("package.json", 3, "a"), ev("package.json", 9, "b"), ev("package.json", 3, "c")}}}}
	fps := fingerprints(t, c)
	if len(fps) != 2 {
		t.Errorf("%d fingerprints for two locations: %v", len(fps), fps)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
