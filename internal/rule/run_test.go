package rule_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/rules/rulestest"
	"github.com/stacklint/stacklint/internal/stack"
)

// fake returns a rule that reports one finding per evidence file.
func fake(id, criterion string, sev rule.Severity, needsProfile bool, files ...string) rule.Rule {
	return rule.Rule{
		Info: rule.Info{ID: id, Title: "Title of " + id, Criterion: criterion, Severity: sev, Doc: "doc", Remediation: "fix", Effort: rule.EffortLow, NeedsProfile: needsProfile},
		Check: func(ctx *rule.Context) []rule.Finding {
			var out []rule.Finding
			for _, f := range files {
				file, line, _ := strings.Cut(f, ":")
				n := 0
				for _, c := range line {
					n = n*10 + int(c-'0')
				}
				out = append(out, rule.Finding{Message: "found in " + f, Evidence: []stack.Evidence{{File: file, Line: n}}, Subject: file})
			}
			return out
		},
	}
}

func ctxWith(t *testing.T, prof string) *rule.Context {
	return rulestest.Context(t, rulestest.Stack(nil), prof)
}

func TestRunWithoutProfile(t *testing.T) {
	rules := []rule.Rule{
		fake("scalability/a", rule.CriterionScalability, rule.SeverityError, true, "x:1"),
		fake("security/b", rule.CriterionSecurity, rule.SeverityWarning, false, "Dockerfile:1"),
		fake("fit/c", rule.CriterionFit, rule.SeverityNotice, false),
	}
	res := rule.Run(ctxWith(t, ""), rules)
	if len(res.Findings) != 1 || res.Findings[0].RuleID != "security/b" {
		t.Fatalf("findings %+v", res.Findings)
	}
	if res.NotApplicable != 1 || res.Passed != 1 || res.Warnings != 1 || res.Errors != 0 {
		t.Errorf("counts %+v", res)
	}
	want := []string{"not-applicable", "failed", "passed"}
	for i, s := range res.Statuses {
		if s.Outcome != want[i] {
			t.Errorf("status %d = %s, want %s", i, s.Outcome, want[i])
		}
	}
	f := res.Findings[0]
	if f.Title != "Title of security/b" || f.Criterion != rule.CriterionSecurity || f.Remediation != "fix" || f.Severity != rule.SeverityWarning {
		t.Errorf("not filled: %+v", f)
	}
	if f.Fingerprint != rule.Fingerprint("security/b", "Dockerfile") {
		t.Errorf("fingerprint %s", f.Fingerprint)
	}
}

func TestFingerprintIgnoresLines(t *testing.T) {
	a := rule.Run(ctxWith(t, ""), []rule.Rule{fake("security/b", rule.CriterionSecurity, rule.SeverityWarning, false, "Dockerfile:1")})
	b := rule.Run(ctxWith(t, ""), []rule.Rule{fake("security/b", rule.CriterionSecurity, rule.SeverityWarning, false, "Dockerfile:9")})
	if a.Findings[0].Fingerprint != b.Findings[0].Fingerprint {
		t.Error("fingerprint depends on the line")
	}
	c := rule.Run(ctxWith(t, ""), []rule.Rule{fake("security/b", rule.CriterionSecurity, rule.SeverityWarning, false, "api/Dockerfile:1")})
	if a.Findings[0].Fingerprint == c.Findings[0].Fingerprint {
		t.Error("fingerprint ignores the subject")
	}
}

func TestRunLevelsAndWaivers(t *testing.T) {
	prof := `[project]
type = "mvp"

[rules]
"fit/c" = "off"
"security/b" = "error"
"profile/expired-waiver" = "notice"

[[waivers]]
rule = "data/d"
paths = ["legacy/**"]
reason = "legacy service, retired in Q3"

[[waivers]]
rule = "time-to-market/*"
reason = "accepted for the launch"

[[waivers]]
rule = "scalability/a"
reason = "old waiver"
expires = 2026-01-31
`
	rules := []rule.Rule{
		fake("scalability/a", rule.CriterionScalability, rule.SeverityWarning, true, "x:1"),
		fake("security/b", rule.CriterionSecurity, rule.SeverityWarning, false, "Dockerfile:1"),
		fake("fit/c", rule.CriterionFit, rule.SeverityNotice, false, "y:1"),
		fake("data/d", rule.CriterionData, rule.SeverityWarning, false, "legacy/pom.xml:4", "api/pom.xml:3"),
		fake("time-to-market/e", rule.CriterionTimeToMarket, rule.SeverityError, true, "z:1"),
	}
	res := rule.Run(ctxWith(t, prof), rules)
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Severity.String()+" "+f.RuleID+" "+rule.Where(f.Evidence))
	}
	want := []string{
		"error security/b Dockerfile:1",
		"warning scalability/a x:1",
		"warning data/d api/pom.xml:3",
		"notice profile/expired-waiver ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if res.Off != 1 || res.Errors != 1 || res.Warnings != 2 || res.Notices != 1 || res.NotApplicable != 0 {
		t.Errorf("counts %+v", res)
	}
	if len(res.Waived) != 2 {
		t.Fatalf("waived %+v", res.Waived)
	}
	if w := res.Waived[0]; w.Finding.RuleID != "time-to-market/e" || w.Reason != "accepted for the launch" || w.Waiver.Key != "waivers.1" || w.Waiver.Line != 14 {
		t.Errorf("waived[0] = %+v", w)
	}
	if w := res.Waived[1]; w.Finding.RuleID != "data/d" || w.Finding.Evidence[0].File != "legacy/pom.xml" || w.Waiver.Line != 9 {
		t.Errorf("waived[1] = %+v", w)
	}
	exp := res.Findings[3]
	if !strings.Contains(exp.Message, "The waiver of scalability/a declared (.stacklint.toml:18) expired on 2026-01-31") ||
		exp.Profile[0].Key != "waivers.2.expires" || exp.Profile[0].Line != 21 || exp.Criterion != rule.CriterionProfile {
		t.Errorf("expired waiver finding %+v", exp)
	}
	for _, s := range res.Statuses {
		if s.ID == "time-to-market/e" && s.Outcome != rule.OutcomeWaived {
			t.Errorf("status %+v", s)
		}
	}
	if n := res.AtOrAbove(rule.SeverityWarning); n != 3 {
		t.Errorf("AtOrAbove(warning) = %d", n)
	}
}

func TestCheckProfile(t *testing.T) {
	p, err := profile.Parse(".stacklint.toml", []byte("[rules]\n\"scalability/no-plan\" = \"off\"\n\"ops/no-ci\" = \"notice\"\n[[waivers]]\nrule = \"nothing/*\"\nreason = \"x\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	rules := []rule.Rule{fake("ops/no-ci", rule.CriterionFit, rule.SeverityWarning, false), fake("scalability/no-scaling-plan", rule.CriterionScalability, rule.SeverityError, true)}
	err = rule.CheckProfile(p, rules)
	var pe *profile.Error
	if !errors.As(err, &pe) || len(pe.Problems) != 2 {
		t.Fatalf("got %v", err)
	}
	if pr := pe.Problems[0]; pr.Line != 2 || !strings.Contains(pr.Message, `unknown rule "scalability/no-plan"`) {
		t.Errorf("problem 0 = %s", pr)
	}
	if pr := pe.Problems[1]; pr.Line != 5 || pr.Key != "waivers.0.rule" {
		t.Errorf("problem 1 = %s", pr)
	}
	if err := rule.CheckProfile(profile.Default(), rules); err != nil {
		t.Error(err)
	}
}

func TestValidate(t *testing.T) {
	good := fake("ops/no-ci", rule.CriterionFit, rule.SeverityWarning, false)
	if err := rule.Validate([]rule.Rule{good}); err != nil {
		t.Fatal(err)
	}
	bad := []rule.Rule{
		good, good,
		fake("NoCI", rule.CriterionFit, rule.SeverityWarning, false),
		fake("ops/x", "Vibes", rule.SeverityWarning, false),
		{Info: rule.Info{ID: "ops/y", Title: "t", Criterion: rule.CriterionFit, Severity: rule.SeverityNone}},
	}
	err := rule.Validate(bad)
	if err == nil {
		t.Fatal("no error")
	}
	for _, s := range []string{"defined twice", "kebab-case", `criterion "Vibes"`, "default severity", "Doc is empty", "Remediation is empty", "Check is nil", "Effort is empty"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error lacks %q:\n%v", s, err)
		}
	}
}

func TestPrimary(t *testing.T) {
	a := stack.Technology{ID: "a", Components: []string{"."}, Evidence: []stack.Evidence{{File: "x"}}}
	b := stack.Technology{ID: "b", Components: []string{".", "svc"}}
	c := stack.Technology{ID: "c", Components: []string{"."}, Evidence: []stack.Evidence{{File: "x"}, {File: "y"}}}
	if p, _ := rule.Primary([]stack.Technology{a, c, b}); p.ID != "b" {
		t.Errorf("primary %s", p.ID)
	}
	if p, _ := rule.Primary([]stack.Technology{a, c}); p.ID != "c" {
		t.Errorf("primary %s", p.ID)
	}
	if _, ok := rule.Primary(nil); ok {
		t.Error("primary of nothing")
	}
}

// TestCheckProfileRollouts: a rollout on an unknown rule, or on a rule
// that reports below error, is a profile problem at its line.
func TestCheckProfileRollouts(t *testing.T) {
	p, err := profile.Parse(".stacklint.toml", []byte("[rules.\"ops/no-ci\"]\nwarn_until = 2027-03-01\n[rules.\"ops/no-cd\"]\nenforce_from = 2027-03-01\n[rules.\"scalability/no-scaling-plan\"]\nwarn_until = 2027-03-01\n"))
	if err != nil {
		t.Fatal(err)
	}
	rules := []rule.Rule{fake("ops/no-ci", rule.CriterionFit, rule.SeverityWarning, false), fake("scalability/no-scaling-plan", rule.CriterionScalability, rule.SeverityError, true)}
	err = rule.CheckProfile(p, rules)
	var pe *profile.Error
	if !errors.As(err, &pe) || len(pe.Problems) != 2 {
		t.Fatalf("got %v", err)
	}
	if pr := pe.Problems[0]; pr.Line != 2 || !strings.Contains(pr.Message, "has no effect: ops/no-ci reports at warning by default") {
		t.Errorf("problem 0 = %s", pr)
	}
	if pr := pe.Problems[1]; pr.Line != 4 || !strings.Contains(pr.Message, `unknown rule "ops/no-cd"`) {
		t.Errorf("problem 1 = %s", pr)
	}
}

// TestRolloutSeverity: in its warning period an error finding is a
// warning that says when it becomes an error; after it, an error.
func TestRolloutSeverity(t *testing.T) {
	p, err := profile.Parse(".stacklint.toml", []byte("[rules.\"scalability/no-scaling-plan\"]\nwarn_until = 2027-03-01\n"))
	if err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		today string
		sev   rule.Severity
		says  bool
	}{{"2027-02-28", rule.SeverityWarning, true}, {"2027-03-01", rule.SeverityError, false}} {
		day, _ := time.Parse(time.DateOnly, c.today)
		res := rule.Run(&rule.Context{Profile: p, Today: day}, []rule.Rule{fake("scalability/no-scaling-plan", rule.CriterionScalability, rule.SeverityError, false, "x.go:1")})
		f := res.Findings[0]
		says := strings.HasSuffix(f.Message, " Rollout (.stacklint.toml:2): warning until 2027-03-01, then error.")
		if f.Severity != c.sev || says != c.says {
			t.Errorf("%s: %s %q", c.today, f.Severity, f.Message)
		}
	}
}
