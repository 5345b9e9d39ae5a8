package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// Verdicts of a check, in words a reader can act on.
const (
	VerdictFits         = "fits"
	VerdictFitsWithRisk = "fits-with-risks"
	VerdictDoesNotFit   = "does-not-fit"
)

// maxActions is how many actions a summary ranks.
const maxActions = 3

// Summary is the answer every report of a check leads with: a verdict in
// words, the stack in one line, the top actions ranked by severity and
// effort, and whether the run blocks. It is computed once per check
// (NewSummary, by the app) and rendered by every format.
type Summary struct {
	// Verdict is VerdictFits, VerdictFitsWithRisk or VerdictDoesNotFit.
	Verdict string `json:"verdict"`
	// Sentence says the verdict in words with the counts: "Does not fit
	// the declared project: 1 error, 2 warnings."
	Sentence string `json:"sentence"`
	// Stack is the production stack in one line: languages, web
	// frameworks, datastores and the main infrastructure ("Ruby 3.3 ·
	// Ruby on Rails 7.1 · PostgreSQL · Redis · Docker").
	Stack string `json:"stack"`
	// Apart are the technologies of the components that are not the
	// backend (front ends, clients, tools, docs sites), one line per
	// role; they are not checked.
	Apart []RoleLine `json:"apart"`
	// Actions are the top actions, most severe and cheapest first.
	Actions []Action `json:"actions"`
	// Blocking is true when the run fails (findings at or above fail_on,
	// new ones only with new_only).
	Blocking bool `json:"blocking"`
	// Gate says in words whether the run blocks and why: "Blocking: 1
	// error (fails on error)", "Not blocking: 2 new warnings".
	Gate string `json:"gate"`
}

// Action is one thing to do, taken from a finding.
type Action struct {
	// Text is the first sentence of the finding's remediation.
	Text string `json:"text"`
	// Rule is the rule id of the finding.
	Rule string `json:"rule"`
	// Severity is the finding's severity.
	Severity rule.Severity `json:"severity"`
	// Effort is the rule's usual effort: low, medium or high.
	Effort string `json:"effort"`
	// Fingerprint is the finding's, to find it in the list.
	Fingerprint string `json:"fingerprint"`
}

// NewSummary computes the summary of a check. Call it once the check's
// findings, profile, fail-on threshold and exit code are final.
func NewSummary(c *Check) Summary {
	counts := CountFindings(c.Findings)
	s := Summary{Actions: []Action{}, Stack: StackLine(c.Stack), Apart: RoleLines(c.Stack)}
	project := "the declared project"
	if !c.Profile.Declared {
		project = "the default checks (no profile declared)"
	}
	switch {
	case counts.Errors > 0:
		s.Verdict = VerdictDoesNotFit
		s.Sentence = "Does not fit " + project + ": " + counts.severityList() + "."
	case counts.Warnings > 0:
		s.Verdict = VerdictFitsWithRisk
		s.Sentence = "Fits " + project + " with risks: " + counts.severityList() + "."
	default:
		s.Verdict = VerdictFits
		s.Sentence = "Fits " + project + "."
		if counts.Notices > 0 {
			s.Sentence = "Fits " + project + "; " + counts.severityList() + " to read."
		}
	}

	fs := c.sortedFindings()
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Severity != fs[j].Severity {
			return fs[i].Severity > fs[j].Severity
		}
		return rule.EffortRank(c.info(fs[i]).Effort) < rule.EffortRank(c.info(fs[j]).Effort)
	})
	for _, f := range fs {
		if len(s.Actions) == maxActions || f.Severity < rule.SeverityWarning && len(s.Actions) > 0 {
			break
		}
		effort := c.info(f).Effort
		if effort == "" {
			effort = rule.EffortMedium
		}
		fix := f.Remediation
		if strings.TrimSpace(fix) == "" {
			fix = c.info(f).Remediation
		}
		s.Actions = append(s.Actions, Action{Text: firstSentence(fix), Rule: f.RuleID, Severity: f.Severity, Effort: effort, Fingerprint: f.Fingerprint})
	}

	s.Blocking = c.ExitCode != 0
	s.Gate = gateSentence(c, s.Blocking)
	return s
}

// summary returns the check's summary, computing it when the caller did
// not (a Check built by hand in a test).
func (c *Check) summary() Summary {
	if c.Summary == nil {
		s := NewSummary(c)
		c.Summary = &s
	}
	return *c.Summary
}

// gateSentence says whether the run blocks, in words.
func gateSentence(c *Check, blocking bool) string {
	newOnly := c.NewOnly && c.Diff != nil
	var gated []rule.Finding
	for _, f := range c.Findings {
		if !newOnly || f.New {
			gated = append(gated, f)
		}
	}
	what := CountFindings(gated).severityList()
	if newOnly {
		what = newList(gated)
	}
	if c.FailOn == rule.SeverityNone {
		return "Not blocking: fail_on is never."
	}
	var at []rule.Finding
	for _, f := range gated {
		if f.Severity >= c.FailOn {
			at = append(at, f)
		}
	}
	threshold := "fails on " + failOnName(c.FailOn)
	if c.FailOn < rule.SeverityError {
		threshold += " or above"
	}
	switch {
	case blocking && newOnly:
		return "Blocking: this PR adds " + newList(at) + " (" + threshold + ")."
	case blocking:
		return "Blocking: " + CountFindings(at).severityList() + " (" + threshold + ")."
	case what == "" && newOnly:
		return "Not blocking: no new findings."
	case what == "":
		return "Not blocking: no findings."
	case c.FailOn == rule.SeverityError:
		return "Not blocking: " + what + ", no error."
	default:
		return "Not blocking: " + what + " (" + threshold + ")."
	}
}

// newList renders counts of new findings: "1 new error, 2 new warnings".
func newList(fs []rule.Finding) string {
	c := CountFindings(fs)
	var parts []string
	for _, x := range []struct {
		n    int
		word string
	}{{c.Errors, "new error"}, {c.Warnings, "new warning"}, {c.Notices, "new notice"}} {
		if x.n > 0 {
			parts = append(parts, plural(x.n, x.word))
		}
	}
	return strings.Join(parts, ", ")
}

// StackLine renders the production stack in one line for a summary: the
// languages, the web frameworks, the datastores (databases, caches,
// queues, search) and the infrastructure, at most eight, then "+N more".
func StackLine(st *stack.Stack) string {
	if st == nil {
		return ""
	}
	var items []string
	add := func(ts []stack.Technology) {
		for _, t := range ts {
			items = append(items, TechLabel(t))
		}
	}
	add(st.ByLayer(stack.LayerLanguage))
	var web, other []stack.Technology
	for _, t := range st.ByLayer(stack.LayerFramework) {
		switch t.Category {
		case "web-framework", "fullstack-framework", "api-framework":
			web = append(web, t)
		default:
			other = append(other, t)
		}
	}
	if len(web) == 0 {
		web = other
	}
	add(web)
	var stores []stack.Technology
	for _, t := range st.ByLayer(stack.LayerData) {
		switch t.Category {
		case "database", "cache", "search":
			stores = append(stores, t)
		}
	}
	add(stores)
	add(st.ByLayer(stack.LayerInfrastructure))
	if len(items) > 8 {
		items = append(items[:8], fmt.Sprintf("+%d more", len(items)-8))
	}
	return strings.Join(items, " · ")
}

// RoleLine lists, in one line, the technologies of the components of one
// role that is not the backend: "Clients: Rust · React · Tauri".
type RoleLine struct {
	// Role is the component role (frontend, client, tool, docs).
	Role stack.Role `json:"role"`
	// Title names the role for people ("Clients").
	Title string `json:"title"`
	// Technologies are their names, in stack order, at most eight then
	// "+N more", joined with " · ".
	Technologies string `json:"technologies"`
}

// apartRoles are the roles RoleLines reports, in order.
var apartRoles = []stack.Role{stack.RoleFrontend, stack.RoleClient, stack.RoleTool, stack.RoleDocs}

// RoleLines returns one line per role that is not the backend and has
// production technologies: front ends, clients, tools, docs sites.
func RoleLines(st *stack.Stack) []RoleLine {
	out := []RoleLine{}
	if st == nil {
		return out
	}
	for _, r := range apartRoles {
		ts := st.RoleTechnologies(r)
		if len(ts) == 0 {
			continue
		}
		out = append(out, RoleLine{Role: r, Title: r.Title(), Technologies: strings.Join(names(ts, 8), " · ")})
	}
	return out
}

// firstSentence is s up to its first sentence end (". " or the end), on
// one line, cut at a word before 120 characters.
func firstSentence(s string) string {
	s = oneLine(s)
	inCode := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '`':
			inCode = !inCode
		case '.':
			if !inCode && i+1 < len(s) && s[i+1] == ' ' && i > 0 && s[i-1] != '.' && !strings.HasSuffix(s[:i], "e.g") && !strings.HasSuffix(s[:i], "i.e") {
				s = s[:i+1]
			}
		}
	}
	if r := []rune(s); len(r) > 120 {
		cut := string(r[:119])
		if i := strings.LastIndexByte(cut, ' '); i > 60 {
			cut = cut[:i]
		}
		s = strings.TrimRight(cut, " ,;:(") + "…"
	}
	return s
}
