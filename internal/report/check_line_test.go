package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// integrationChecks are the hand-made checks every integration format
// (line, codeclimate, rdjson) is rendered for, with golden files.
func integrationChecks() map[string]*Check {
	return map[string]*Check{
		"check":           fullCheck(),
		"check_diff":      diffCheck(),
		"check_clean":     cleanCheck(),
		"check_noprofile": noProfileCheck(),
	}
}

func TestCheckLineGolden(t *testing.T) {
	for name, c := range integrationChecks() {
		t.Run(name, func(t *testing.T) {
			out := render(t, func(b *bytes.Buffer) error { return CheckLine(b, c) })
			detecttest.GoldenBytes(t, filepath.Join("testdata", name+".line"), []byte(out))
			assertProblemMatcher(t, "../..", out, c)
		})
	}
}

func TestCheckLineContent(t *testing.T) {
	out := render(t, func(b *bytes.Buffer) error { return CheckLine(b, fullCheck()) })
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	// 6 findings: over-engineered-mvp has 3 locations, no-migrations 2,
	// the rest one each (repository-wide ones at their profile key).
	if len(lines) != 9 {
		t.Fatalf("%d lines, want 9:\n%s", len(lines), out)
	}
	for _, want := range []string{
		".stacklint.toml:6:1: error: Peak load of 20,000 rps is declared (.stacklint.toml:6), but nothing scales past one server: no replicas above 1, no autoscaler, no written scaling plan. [scalability/no-scaling-plan]",
		"charts/app/Chart.yaml:1:1: error: ",
		"Seen here: chart app. [time-to-market/over-engineered-mvp]",
		"apps/api/Dockerfile:1:1: warning: The base image `node:latest` is not pinned | a rebuild can pull a different <major> version. [security/unpinned-image]",
		"apps/api/package.json:18:1: notice: ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("line output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "container-root") {
		t.Error("a waived finding is listed")
	}
	if out := render(t, func(b *bytes.Buffer) error { return CheckLine(b, cleanCheck()) }); out != "" {
		t.Errorf("a clean check writes %q", out)
	}
	if out := render(t, func(b *bytes.Buffer) error { return CheckLine(b, &Check{}) }); out != "" {
		t.Errorf("an empty check writes %q", out)
	}
	// Without a profile, a repository-wide finding sits at the root
	// manifest, never at a profile that does not exist.
	c := noProfileCheck()
	c.Findings = append(c.Findings, rule.Finding{RuleID: "ops/no-ci", Severity: rule.SeverityWarning, Message: "No CI.", Fingerprint: "ops/no-ci:."})
	np := render(t, func(b *bytes.Buffer) error { return CheckLine(b, c) })
	if !strings.Contains(np, "apps/api/package.json:1:1: warning: No CI. [ops/no-ci]") || strings.Contains(np, ".stacklint.toml") {
		t.Errorf("no-profile anchor:\n%s", np)
	}
	// A control character in a path or message cannot break a line.
	c = fullCheck()
	c.Findings = []rule.Finding{{RuleID: "data/no-migrations", Severity: rule.SeverityWarning, Message: "bad\x1b[31m name",
		Evidence: []stack.Evidence{{File: "a\rb/package.json", Line: 3}}}}
	if got := render(t, func(b *bytes.Buffer) error { return CheckLine(b, c) }); got != "a?b/package.json:3:1: warning: bad?[31m name [data/no-migrations]\n" {
		t.Errorf("control characters: %q", got)
	}
	// PathPrefix makes paths repository-relative.
	c = fullCheck()
	c.PathPrefix = "services/shop"
	if got := render(t, func(b *bytes.Buffer) error { return CheckLine(b, c) }); !strings.Contains(got, "\nservices/shop/apps/api/Dockerfile:1:1: warning:") {
		t.Errorf("prefix not applied:\n%s", got)
	}
}

// assertProblemMatcher checks that the GitHub problem matcher shipped in
// root/.github/stacklint-problem-matcher.json reads every line of out (the
// --format line output of c): each line matches, and the groups it names
// give back the path, line, column, severity, message and rule.
func assertProblemMatcher(t *testing.T, root, out string, c *Check) {
	t.Helper()
	re, p := problemMatcher(t, root)
	want := map[string]bool{} // "path:line rule" of every site
	for _, f := range c.Findings {
		for _, s := range c.sites(f) {
			want[s.Path+":"+strconv.Itoa(s.Line)+" "+f.RuleID+" "+f.Severity.String()] = true
		}
	}
	got := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if l == "" {
			continue
		}
		m := re.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("the problem matcher does not match %q", l)
			continue
		}
		if m[p.Column] != "1" || m[p.Message] == "" || strings.HasSuffix(m[p.Message], "]") {
			t.Errorf("%q: column %q, message %q", l, m[p.Column], m[p.Message])
		}
		got[m[p.File]+":"+m[p.Line]+" "+m[p.Code]+" "+m[p.Severity]] = true
	}
	for k := range want {
		if !got[k] {
			t.Errorf("the problem matcher did not read %s from:\n%s", k, out)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("the problem matcher read %s, which is no finding's location", k)
		}
	}
}

// TestProblemMatcherReadsE2EGoldens runs the problem matcher over the
// --format line goldens of every end-to-end fixture (testdata/golden/check,
// written by internal/app's E2E test).
func TestProblemMatcherReadsE2EGoldens(t *testing.T) {
	files, err := filepath.Glob("../../testdata/golden/check/*.line")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no --format line goldens under testdata/golden/check")
	}
	re, _ := problemMatcher(t, "../..")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
			if l != "" && !re.MatchString(l) {
				t.Errorf("%s:%d: the problem matcher does not match %q", f, i+1, l)
			}
		}
	}
}

// matcherPattern is the single-line pattern of a GitHub problem matcher.
type matcherPattern struct {
	Regexp   string `json:"regexp"`
	File     int    `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity int    `json:"severity"`
	Message  int    `json:"message"`
	Code     int    `json:"code"`
}

// problemMatcher reads the problem matcher shipped in
// root/.github/stacklint-problem-matcher.json and compiles its pattern.
func problemMatcher(t *testing.T, root string) (*regexp.Regexp, matcherPattern) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, ".github", "stacklint-problem-matcher.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		ProblemMatcher []struct {
			Owner   string           `json:"owner"`
			Pattern []matcherPattern `json:"pattern"`
		} `json:"problemMatcher"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("problem matcher: %v", err)
	}
	if len(doc.ProblemMatcher) != 1 || doc.ProblemMatcher[0].Owner != "stacklint" || len(doc.ProblemMatcher[0].Pattern) != 1 {
		t.Fatalf("problem matcher: want one single-line pattern owned by stacklint, got %+v", doc)
	}
	p := doc.ProblemMatcher[0].Pattern[0]
	re, err := regexp.Compile(p.Regexp)
	if err != nil {
		t.Fatalf("problem matcher regexp: %v", err)
	}
	if re.NumSubexp() < max(p.File, p.Line, p.Column, p.Severity, p.Message, p.Code) || min(p.File, p.Line, p.Column, p.Severity, p.Message, p.Code) < 1 {
		t.Fatalf("problem matcher groups out of range: %+v", p)
	}
	return re, p
}
