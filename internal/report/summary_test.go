package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/rule"
)

func TestSummaryVerdict(t *testing.T) {
	c := fullCheck()
	s := NewSummary(c)
	if s.Verdict != VerdictDoesNotFit || s.Sentence != "Does not fit the declared project: 2 errors, 2 warnings, 2 notices." {
		t.Errorf("errors: %q %q", s.Verdict, s.Sentence)
	}
	if !s.Blocking || s.Gate != "Blocking: 2 errors (fails on error)." {
		t.Errorf("gate %v %q", s.Blocking, s.Gate)
	}
	if len(s.Actions) != 3 || s.Actions[0].Severity != rule.SeverityError || s.Actions[2].Severity != rule.SeverityWarning {
		t.Errorf("actions %+v", s.Actions)
	}
	if !strings.Contains(s.Stack, "NestJS 10.3") {
		t.Errorf("stack %q", s.Stack)
	}

	var warnings []rule.Finding
	for _, f := range c.Findings {
		if f.Severity == rule.SeverityWarning {
			f.New = true
			warnings = append(warnings, f)
		}
	}
	c.Findings, c.ExitCode, c.NewOnly, c.Diff = warnings, 0, true, fixtureDiff()
	s = NewSummary(c)
	if s.Verdict != VerdictFitsWithRisk || s.Sentence != "Fits the declared project with risks: 2 warnings." {
		t.Errorf("warnings: %q %q", s.Verdict, s.Sentence)
	}
	if s.Blocking || s.Gate != "Not blocking: 2 new warnings, no error." {
		t.Errorf("gate %v %q", s.Blocking, s.Gate)
	}

	clean := NewSummary(cleanCheck())
	if clean.Verdict != VerdictFits || clean.Sentence != "Fits the declared project." || len(clean.Actions) != 0 || clean.Gate != "Not blocking: no findings." {
		t.Errorf("clean: %+v", clean)
	}
	noProfile := cleanCheck()
	noProfile.Profile = ProfileSummary{}
	if s := NewSummary(noProfile); s.Sentence != "Fits the default checks (no profile declared)." {
		t.Errorf("no profile: %q", s.Sentence)
	}
}

// TestSummaryRankedByEffort: among findings of one severity, the cheaper
// fix comes first.
func TestSummaryRankedByEffort(t *testing.T) {
	c := cleanCheck()
	c.Rules = []rule.Info{{ID: "a/costly", Effort: rule.EffortHigh}, {ID: "b/cheap", Effort: rule.EffortLow}}
	c.Findings = []rule.Finding{
		{RuleID: "a/costly", Severity: rule.SeverityWarning, Remediation: "Rewrite it. Then more."},
		{RuleID: "b/cheap", Severity: rule.SeverityWarning, Remediation: "Pin `node:24`. Then more."},
	}
	s := NewSummary(c)
	if len(s.Actions) != 2 || s.Actions[0].Rule != "b/cheap" || s.Actions[0].Text != "Pin `node:24`." || s.Actions[1].Effort != rule.EffortHigh {
		t.Errorf("actions %+v", s.Actions)
	}
}

// TestSummaryOnceInEveryFormat: the summary a check carries is what every
// format renders, first.
func TestSummaryOnceInEveryFormat(t *testing.T) {
	c := fullCheck()
	s := NewSummary(c)
	s.Sentence = "SENTINEL verdict."
	s.Gate = "SENTINEL gate."
	s.Actions[0].Text = "SENTINEL action."
	c.Summary = &s
	for name, f := range map[string]func(*bytes.Buffer) error{
		"text":     func(b *bytes.Buffer) error { return CheckText(b, c, TextOptions{}) },
		"markdown": func(b *bytes.Buffer) error { return CheckMarkdown(b, c, MarkdownOptions{}) },
		"json":     func(b *bytes.Buffer) error { return CheckJSON(b, c) },
		"sarif":    func(b *bytes.Buffer) error { return CheckSARIF(b, c) },
	} {
		out := render(t, f)
		i := strings.Index(out, "SENTINEL verdict.")
		if i < 0 || !strings.Contains(out, "SENTINEL action.") {
			t.Errorf("%s does not render the check's summary", name)
			continue
		}
		if name != "sarif" && (strings.Contains(out[:i], "scalability/no-scaling-plan") || strings.Contains(out[:i], `"findings": [`)) {
			t.Errorf("%s: a finding comes before the summary", name)
		}
		if name == "markdown" && (!strings.Contains(out, "SENTINEL gate.") || strings.Contains(out, "exit 1")) {
			t.Errorf("markdown must say whether it blocks in words, never an exit code")
		}
	}
}
