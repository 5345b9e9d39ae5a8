package rule

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/stack"
)

// ExpiredWaiver is the built-in rule Run reports expired waivers under.
var ExpiredWaiver = Info{
	ID:        "profile/expired-waiver",
	Title:     "Expired waiver",
	Criterion: CriterionProfile,
	Severity:  SeverityWarning,
	Effort:    EffortLow,
	Doc: "A waiver in `.stacklint.toml` accepts a finding until its `expires` date. From that day " +
		"on it no longer applies: the findings it hid are reported again, and the waiver itself is " +
		"reported so that someone decides whether the reason still holds.",
	Remediation: "Fix what the waiver covered, or renew it with a new `expires` date and an up-to-date `reason`, " +
		"or delete it.",
}

// Builtin returns the descriptors of the rules Run itself reports under,
// for rule listings and SARIF rule descriptors.
func Builtin() []Info { return []Info{ExpiredWaiver} }

// Outcomes of a rule in a run.
const (
	OutcomePassed        = "passed"
	OutcomeFailed        = "failed"
	OutcomeWaived        = "waived"
	OutcomeNotApplicable = "not-applicable"
	OutcomeOff           = "off"
)

// Status is what became of one rule in a run.
type Status struct {
	// ID is the rule id.
	ID string `json:"rule"`
	// Outcome is one of the Outcome* constants: failed when any finding
	// remains, waived when every finding was waived.
	Outcome string `json:"outcome"`
	// Findings counts the findings left after waivers.
	Findings int `json:"findings"`
}

// Waived is a finding a waiver accepted.
type Waived struct {
	Finding Finding `json:"finding"`
	// Reason is the waiver's reason.
	Reason string `json:"reason"`
	// Waiver cites the waiver ("waivers.0", its file and line).
	Waiver ProfileRef `json:"waiver"`
}

// Result is the outcome of running rules.
type Result struct {
	// Findings, sorted: severity (highest first), criterion order, rule id,
	// first evidence.
	Findings []Finding `json:"findings"`
	// Waived are the findings waivers accepted, in the same order.
	Waived []Waived `json:"waived"`
	// Errors, Warnings and Notices count Findings by severity.
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Notices  int `json:"notices"`
	// Passed counts rules that ran and found nothing.
	Passed int `json:"passed"`
	// NotApplicable counts rules skipped because they need a declared
	// profile and there is none.
	NotApplicable int `json:"not_applicable"`
	// Off counts rules the profile turned off.
	Off int `json:"off"`
	// Statuses says what became of each rule, in the order given.
	Statuses []Status `json:"rules"`
}

// Count returns how many findings have the given severity.
func (r *Result) Count(s Severity) int {
	switch s {
	case SeverityError:
		return r.Errors
	case SeverityWarning:
		return r.Warnings
	case SeverityNotice:
		return r.Notices
	}
	return 0
}

// AtOrAbove counts findings of severity s or higher.
func (r *Result) AtOrAbove(s Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity >= s {
			n++
		}
	}
	return n
}

// Run runs rules against ctx: it skips rules that need a profile when none
// is declared and rules the profile turns off, applies the profile's
// severity levels and waivers, reports expired waivers, fills each
// finding's title, criterion, severity, remediation and fingerprint, and
// sorts the findings.
func Run(ctx *Context, rules []Rule) Result {
	p := ctx.P()
	res := Result{Findings: []Finding{}, Waived: []Waived{}}
	for _, r := range rules {
		st := Status{ID: r.ID}
		level := p.Level(r.ID)
		switch {
		case level == "off":
			st.Outcome = OutcomeOff
			res.Off++
		case r.NeedsProfile && !ctx.Declared():
			st.Outcome = OutcomeNotApplicable
			res.NotApplicable++
		default:
			var found, waived int
			for _, f := range r.Check(ctx) {
				fill(&f, r.Info, level)
				rollout(ctx, &f)
				if w, ok := waiverFor(p, ctx, f); ok {
					res.Waived = append(res.Waived, Waived{Finding: f, Reason: w.Reason, Waiver: ctx.Ref(w.Key())})
					waived++
					continue
				}
				res.Findings = append(res.Findings, f)
				found++
			}
			st.Findings = found
			switch {
			case found > 0:
				st.Outcome = OutcomeFailed
			case waived > 0:
				st.Outcome = OutcomeWaived
			default:
				st.Outcome = OutcomePassed
				res.Passed++
			}
		}
		res.Statuses = append(res.Statuses, st)
	}

	if p.Level(ExpiredWaiver.ID) != "off" {
		for _, w := range p.Waivers {
			if !w.Expired(ctx.Today) {
				continue
			}
			f := Finding{
				Message: fmt.Sprintf("The waiver of %s declared %s expired on %s and no longer applies (reason was: %q).",
					w.Rule, ctx.Cite(w.Key()), w.Expires.Format("2006-01-02"), w.Reason),
				Profile: []ProfileRef{ctx.Ref(w.Key() + ".expires"), ctx.Ref(w.Key() + ".rule")},
				Subject: w.Rule + "|" + strings.Join(w.Paths, ",") + "|" + w.Reason,
			}
			fill(&f, ExpiredWaiver, p.Level(ExpiredWaiver.ID))
			res.Findings = append(res.Findings, f)
		}
	}

	Sort(res.Findings)
	if !ctx.Unlinked {
		Link(res.Findings, ctx.techName)
	}
	sort.SliceStable(res.Waived, func(i, j int) bool { return less(res.Waived[i].Finding, res.Waived[j].Finding) })
	for _, f := range res.Findings {
		switch f.Severity {
		case SeverityError:
			res.Errors++
		case SeverityWarning:
			res.Warnings++
		case SeverityNotice:
			res.Notices++
		}
	}
	return res
}

// Link makes each finding that shares a technology (Technologies) with an
// earlier finding of another rule refer to that one instead of explaining
// the technology again: it sets SeeAlso, takes Brief for Message and adds
// "See RULE above for NAME." Only findings with a Brief refer (the rule
// says how to put it without re-explaining); any finding can be referred
// to. fs must be in report order (Sort); name renders a technology id.
func Link(fs []Finding, name func(id string) string) {
	first := map[string]int{}
	for i := range fs {
		f := &fs[i]
		f.SeeAlso = nil
		if f.Brief == "" {
			// The rule says nothing it could leave out: a reference would
			// only add words (an end-of-life finding's locations are its own).
			for _, id := range f.Technologies {
				if _, ok := first[id]; !ok {
					first[id] = i
				}
			}
			continue
		}
		var names []string
		for _, id := range f.Technologies {
			j, ok := first[id]
			if !ok || fs[j].RuleID == f.RuleID {
				continue
			}
			if f.SeeAlso == nil {
				f.SeeAlso = &SeeAlso{Rule: fs[j].RuleID, Fingerprint: fs[j].Fingerprint}
			}
			if fs[j].Fingerprint == f.SeeAlso.Fingerprint {
				f.SeeAlso.Technologies = append(f.SeeAlso.Technologies, id)
				names = append(names, name(id))
			}
		}
		for _, id := range f.Technologies {
			if _, ok := first[id]; !ok {
				first[id] = i
			}
		}
		if f.SeeAlso == nil {
			continue
		}
		f.Message = f.Brief
		f.Message = strings.TrimSpace(f.Message) + " See " + f.SeeAlso.Rule + " above for " + JoinAnd(names) + "."
	}
}

func fill(f *Finding, info Info, level string) {
	f.RuleID = info.ID
	f.Title = info.Title
	f.Criterion = info.Criterion
	if f.Remediation == "" {
		f.Remediation = info.Remediation
	}
	if f.Severity == SeverityNone {
		f.Severity = info.Severity
	}
	if s, err := ParseSeverity(level); level != "" && err == nil {
		f.Severity = s
	}
	if f.Evidence == nil {
		f.Evidence = []stack.Evidence{}
	}
	f.Fingerprint = Fingerprint(info.ID, f.Subject)
}

// rollout lowers a finding to a warning while its rule is in the
// warning period the profile sets ([rules."id"] warn_until or
// enforce_from), and says so in the message.
func rollout(ctx *Context, f *Finding) {
	ro, ok := ctx.P().Rollout(f.RuleID)
	if !ok || !ro.Warning(ctx.Today) || f.Severity <= SeverityWarning {
		return
	}
	final := f.Severity
	f.Severity = SeverityWarning
	f.Message = strings.TrimSpace(f.Message) + " Rollout " + ctx.Cite(ro.Key) + ": " + profile.RolloutMessage(ro.Enforce, final.String()) + "."
	f.Profile = append(f.Profile, ctx.Ref(ro.Key))
}

// Fingerprint is the stable identity of a finding: the hex SHA-256 of the
// rule id and the subject. The component stays out: a grouped finding's
// component is where all its locations are, and one more location in
// another component is the same problem, not a new one. (The hash keeps
// the empty component field of earlier versions, so repository-level
// findings keep their fingerprints.)
func Fingerprint(ruleID, subject string) string {
	h := sha256.Sum256([]byte(ruleID + "\x00\x00" + subject))
	return hex.EncodeToString(h[:])
}

// waiverFor returns the first unexpired waiver that covers f: same rule
// (globs allowed) and, when it lists paths, some evidence file matching
// one of them.
func waiverFor(p *profile.Profile, ctx *Context, f Finding) (profile.Waiver, bool) {
	for _, w := range p.Waivers {
		if w.Expired(ctx.Today) {
			continue
		}
		if ok, _ := path.Match(w.Rule, f.RuleID); !ok && w.Rule != f.RuleID {
			continue
		}
		if len(w.Paths) == 0 {
			return w, true
		}
		for _, e := range f.Evidence {
			for _, g := range w.Paths {
				if ok, _ := doublestar.Match(g, e.File); ok {
					return w, true
				}
			}
		}
	}
	return profile.Waiver{}, false
}

// Sort orders findings: severity (highest first), criterion order, rule
// id, first evidence, message.
func Sort(fs []Finding) { sort.SliceStable(fs, func(i, j int) bool { return less(fs[i], fs[j]) }) }

func criterionRank(c string) int {
	for i, x := range Criteria {
		if x == c {
			return i
		}
	}
	return len(Criteria)
}

func less(a, b Finding) bool {
	if a.Severity != b.Severity {
		return a.Severity > b.Severity
	}
	if ra, rb := criterionRank(a.Criterion), criterionRank(b.Criterion); ra != rb {
		return ra < rb
	}
	if a.RuleID != b.RuleID {
		return a.RuleID < b.RuleID
	}
	ea, oka := a.Location()
	eb, okb := b.Location()
	if oka != okb {
		return oka
	}
	if ea.File != eb.File {
		return ea.File < eb.File
	}
	if ea.Line != eb.Line {
		return ea.Line < eb.Line
	}
	return a.Message < b.Message
}

// CheckProfile reports profile keys that name rules not in rules (nor
// built in): [rules] levels and waivers whose rule matches nothing. The
// error is a *profile.Error, so a command can exit 2 on it.
func CheckProfile(p *profile.Profile, rules []Rule) error {
	if p == nil {
		return nil
	}
	known := map[string]bool{}
	defaults := map[string]Severity{}
	for _, r := range rules {
		known[r.ID] = true
		defaults[r.ID] = r.Severity
	}
	for _, i := range Builtin() {
		known[i.ID] = true
	}
	var probs []profile.Problem
	add := func(key, msg string) {
		d, _ := p.Lookup(key)
		probs = append(probs, profile.Problem{File: p.File, Line: d.Line, Column: d.Column, Key: key, Message: msg})
	}
	ids := make([]string, 0, len(p.Rules.Levels))
	for id := range p.Rules.Levels {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if !known[id] {
			add("rules."+id, fmt.Sprintf("unknown rule %q%s; see `stacklint rules`", id, suggest(id, known)))
		}
	}
	rolled := make([]string, 0, len(p.Rules.Rollouts))
	for id := range p.Rules.Rollouts {
		rolled = append(rolled, id)
	}
	sort.Strings(rolled)
	for _, id := range rolled {
		ro := p.Rules.Rollouts[id]
		if !known[id] {
			add(ro.Key, fmt.Sprintf("unknown rule %q%s; see `stacklint rules`", id, suggest(id, known)))
			continue
		}
		if p.Level(id) != "" {
			continue // Parse checked the level
		}
		if sev, ok := defaults[id]; ok && sev < SeverityError {
			add(ro.Key, fmt.Sprintf("has no effect: %s reports at %s by default, and a rollout reports warnings until the day, then the rule's level; set level = \"error\" in [rules.%q]", id, sev, id))
		}
	}
	for _, w := range p.Waivers {
		matched := known[w.Rule]
		for id := range known {
			if ok, _ := path.Match(w.Rule, id); ok {
				matched = true
			}
		}
		if !matched {
			add(w.Key()+".rule", fmt.Sprintf("waiver names unknown rule %q%s; see `stacklint rules`", w.Rule, suggest(w.Rule, known)))
		}
	}
	if len(probs) == 0 {
		return nil
	}
	sort.SliceStable(probs, func(i, j int) bool { return probs[i].Line < probs[j].Line })
	return &profile.Error{File: p.File, Problems: probs}
}

// suggest proposes a known rule id with the same name part.
func suggest(id string, known map[string]bool) string {
	name := id[strings.LastIndexByte(id, '/')+1:]
	var cands []string
	for k := range known {
		if strings.HasSuffix(k, "/"+name) {
			cands = append(cands, k)
		}
	}
	if len(cands) == 0 {
		return ""
	}
	sort.Strings(cands)
	return fmt.Sprintf(" (did you mean %q?)", cands[0])
}
