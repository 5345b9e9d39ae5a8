package report

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// CheckSchema is the JSON schema id of `stacklint check --format json`.
const CheckSchema = "stacklint/check/v1"

// RulesDocURL is where the list of all rules lives online.
const RulesDocURL = "https://github.com/stacklint/stacklint/blob/main/docs/rules.md"

// Check is everything a check report shows: the run, the stack, the
// findings, what was waived and, with a base revision, what changed. Every
// format (text, JSON, SARIF, Markdown) renders the same Check.
type Check struct {
	// Root is the checked path as the user gave it.
	Root string
	// Version is stacklint's version ("1.2.0", "v1.2.0" or "dev").
	Version string
	// PathPrefix is the slash-separated path of Root inside the repository,
	// "" when Root is the repository root. It prefixes evidence paths in
	// SARIF URIs and Markdown links, which GitHub resolves from the
	// repository root (a monorepo folder checked on its own).
	PathPrefix string
	// Stack is the detected stack of the head revision.
	Stack *stack.Stack
	// Findings are the findings that apply (not waived), most severe first.
	// The reports sort them again by severity, criterion and rule.
	Findings []rule.Finding
	// Rules are all known rules: SARIF descriptors, the "why it matters" of
	// the Markdown details.
	Rules []rule.Info
	// Passed counts the rules that ran and found nothing.
	Passed int
	// NotApplicable counts the rules skipped for lack of declared context.
	NotApplicable int
	// Waived are the findings a waiver silenced.
	Waived []Waived
	// Profile describes the profile in force.
	Profile ProfileSummary
	// Diff is what changed against the base revision; nil without --base.
	Diff *StackDiff
	// FailOn is the --fail-on threshold; SeverityNone means "never".
	FailOn rule.Severity
	// NewOnly is --new-only: only new findings fail the run, and the
	// Markdown folds findings that are not new into a collapsed section.
	NewOnly bool
	// ExitCode is the exit code the run ends with.
	ExitCode int
	// Links, when set, turn Markdown evidence into links to the repository.
	Links *Links
	// Today is the date of the check: waiver snippets expire 90 days
	// later. Zero means now; tests fix it.
	Today time.Time
	// Summary is what every report leads with (verdict, stack, top
	// actions, whether the run blocks). The app computes it once with
	// NewSummary after the exit code is final; when nil, the reporters
	// compute it from the check.
	Summary *Summary
}

// Waived is a finding silenced by a waiver of the profile.
type Waived struct {
	// Finding is the silenced finding.
	Finding rule.Finding `json:"finding"`
	// Reason is the waiver's reason.
	Reason string `json:"reason"`
	// Expires is the waiver's expiry date (YYYY-MM-DD), "" when none.
	Expires string `json:"expires,omitempty"`
	// File and Line locate the waiver in the profile.
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
}

// ProfileSummary describes the profile a check ran with.
type ProfileSummary struct {
	// Path is the profile file relative to Root as given; "" for the
	// embedded default.
	Path string `json:"path,omitempty"`
	// Declared is true when a profile file declared the project's context;
	// false when only the embedded default applied.
	Declared bool `json:"declared"`
	// Headline sums up the declared context in a line ("high-load SaaS ·
	// peak 20,000 rps · team: python, postgresql").
	Headline string `json:"headline,omitempty"`
}

// StackDiff is what a change does to the stack, against a base revision.
type StackDiff struct {
	// BaseRef is the base revision as given ("origin/main", a SHA).
	BaseRef string `json:"base"`
	// Added are production technologies of the head missing from the base,
	// with head evidence.
	Added []stack.Technology `json:"added"`
	// Removed are production technologies of the base missing from the
	// head, with base evidence.
	Removed []stack.Technology `json:"removed"`
	// Upgraded are technologies whose declared version changed.
	Upgraded []VersionChange `json:"upgraded"`
}

// Empty reports whether the diff changes nothing.
func (d *StackDiff) Empty() bool {
	return d == nil || len(d.Added)+len(d.Removed)+len(d.Upgraded) == 0
}

// VersionChange is a technology whose declared version changed.
type VersionChange struct {
	// Tech is the technology as seen in the head, with its evidence.
	Tech stack.Technology `json:"technology"`
	// From and To are the base and head versions as displayed ("10.2").
	From string `json:"from"`
	To   string `json:"to"`
}

// Links locate the checked revision online, so that evidence becomes links.
type Links struct {
	// RepoURL is the repository's web address ("https://github.com/o/r").
	RepoURL string
	// Commit is the SHA the evidence paths and lines belong to.
	Commit string
}

// fileURL returns the address of file at line in the linked revision.
func (l *Links) fileURL(prefix, file string, line int) string {
	u := strings.TrimSuffix(l.RepoURL, "/") + "/blob/" + l.Commit + "/" + escapeURLPath(repoPath(prefix, file))
	if line > 0 {
		u += fmt.Sprintf("#L%d", line)
	}
	return u
}

// repoPath joins the repository prefix and a root-relative path.
func repoPath(prefix, file string) string {
	prefix = strings.Trim(prefix, "/")
	if prefix == "" || prefix == "." {
		return file
	}
	return path.Join(prefix, file)
}

// escapeURLPath percent-encodes what would break a Markdown link or a URI
// in a slash-separated path, keeping slashes.
func escapeURLPath(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9',
			strings.IndexByte("/-._~!$&'*+,;=:@", c) >= 0:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// Counts are the findings of a check by severity.
type Counts struct {
	Findings int `json:"findings"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Notices  int `json:"notices"`
	// New counts findings a base comparison marks as new.
	New int `json:"new"`
}

// CountFindings counts findings by severity.
func CountFindings(fs []rule.Finding) Counts {
	var c Counts
	for _, f := range fs {
		c.Findings++
		switch f.Severity {
		case rule.SeverityError:
			c.Errors++
		case rule.SeverityWarning:
			c.Warnings++
		case rule.SeverityNotice:
			c.Notices++
		}
		if f.New {
			c.New++
		}
	}
	return c
}

// severityList renders "1 error, 2 warnings" (only the non-zero ones).
func (c Counts) severityList() string {
	var parts []string
	if c.Errors > 0 {
		parts = append(parts, plural(c.Errors, "error"))
	}
	if c.Warnings > 0 {
		parts = append(parts, plural(c.Warnings, "warning"))
	}
	if c.Notices > 0 {
		parts = append(parts, plural(c.Notices, "notice"))
	}
	return strings.Join(parts, ", ")
}

// SortFindings orders findings for reports: most severe first, then by
// criterion (report order), rule id, component and first evidence.
func SortFindings(fs []rule.Finding) {
	crit := map[string]int{}
	for i, c := range rule.Criteria {
		crit[c] = i
	}
	rank := func(c string) int {
		if r, ok := crit[c]; ok {
			return r
		}
		return len(rule.Criteria)
	}
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		if rank(a.Criterion) != rank(b.Criterion) {
			return rank(a.Criterion) < rank(b.Criterion)
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		if a.Component != b.Component {
			return a.Component < b.Component
		}
		la, _ := a.Location()
		lb, _ := b.Location()
		if la.File != lb.File {
			return la.File < lb.File
		}
		return la.Line < lb.Line
	})
}

// sortedFindings returns a sorted copy of the check's findings.
func (c *Check) sortedFindings() []rule.Finding {
	fs := append([]rule.Finding(nil), c.Findings...)
	SortFindings(fs)
	return fs
}

// rulesRan counts the rules that ran.
func (c *Check) rulesRan() int {
	ran := map[string]bool{}
	for _, f := range c.Findings {
		ran[f.RuleID] = true
	}
	for _, w := range c.Waived {
		ran[w.Finding.RuleID] = true
	}
	return c.Passed + len(ran)
}

// info returns the rule descriptor of id, or one made from the finding.
func (c *Check) info(f rule.Finding) rule.Info {
	for _, r := range c.Rules {
		if r.ID == f.RuleID {
			return r
		}
	}
	return rule.Info{ID: f.RuleID, Title: f.Title, Criterion: f.Criterion, Severity: f.Severity, Remediation: f.Remediation}
}

// profileName is how reports name the profile in force.
func (c *Check) profileName() string {
	if c.Profile.Declared && c.Profile.Path != "" {
		return c.Profile.Path
	}
	if c.Profile.Path != "" {
		return c.Profile.Path
	}
	return "embedded default"
}

// waiverFile is the file a waiver goes in: the profile, or the default
// profile name when there is none (or it lies outside the root).
func waiverFile(c *Check) string {
	if c.Profile.Path != "" && localPath(c.Profile.Path) {
		return c.Profile.Path
	}
	return ".stacklint.toml"
}

// failOnName renders the --fail-on threshold.
func failOnName(s rule.Severity) string {
	if s == rule.SeverityNone {
		return "never"
	}
	return s.String()
}

// versionLabel renders a version as "v1.2.0" (or "dev").
func versionLabel(v string) string {
	if v == "" {
		return "dev"
	}
	if v[0] >= '0' && v[0] <= '9' {
		return "v" + v
	}
	return v
}

// firstParagraph returns the text up to the first blank line, on one line.
func firstParagraph(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if i := strings.Index(s, "\n\n"); i >= 0 {
		s = s[:i]
	}
	return oneLine(s)
}

// oneLine folds runs of white space, newlines included, into single spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// WaiverDays is how long a waiver snippet is valid: its expiry is the
// check's date plus this many days.
const WaiverDays = 90

// waiverSnippet is the TOML a profile needs to waive a finding. Its reason
// is profile.WaiverReasonTemplate, which validation rejects until someone
// writes the real one, and it expires WaiverDays after the check.
func (c *Check) waiverSnippet(f rule.Finding) string {
	today := c.Today
	if today.IsZero() {
		today = time.Now()
	}
	var b strings.Builder
	b.WriteString("[[waivers]]\n")
	fmt.Fprintf(&b, "rule = %q\n", f.RuleID)
	if f.Component != "" && f.Component != "." {
		fmt.Fprintf(&b, "paths = [%q]\n", f.Component+"/**")
	}
	fmt.Fprintf(&b, "reason = %q  # replace: the profile is rejected until it says why\n", profile.WaiverReasonTemplate)
	fmt.Fprintf(&b, "expires = %s  # %d days from the check; renew it deliberately\n", today.AddDate(0, 0, WaiverDays).Format(time.DateOnly), WaiverDays)
	return b.String()
}

// evidenceLabel renders one piece of evidence as "file:line detail".
func evidenceLabel(e stack.Evidence) string {
	if e.Detail == "" {
		return e.String()
	}
	return e.String() + " " + oneLine(e.Detail)
}

// firstEvidence returns the evidence that best shows where a technology
// is used: direct production evidence first (see rule.TechEvidence).
func firstEvidence(t stack.Technology) (stack.Evidence, bool) {
	if ev := rule.TechEvidence(t, 1); len(ev) > 0 {
		return ev[0], true
	}
	return stack.Evidence{}, false
}
