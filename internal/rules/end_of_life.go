package rules

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/stacklint/stacklint/detectors/catalog"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// EndOfLife fires when a runtime, framework or database version is past, or
// close to, the end of its support.
var EndOfLife = rule.Rule{
	Info: rule.Info{
		ID:        "ecosystem/end-of-life",
		Title:     "Version past or near end of life",
		Criterion: rule.CriterionEcosystem,
		Severity:  rule.SeverityError,
		Doc: "A release line past its end of life gets no security fixes: every new vulnerability stays " +
			"open, and upgrading later means crossing several versions at once.\n\n" +
			"The rule needs no profile. For every production technology with support dates in the " +
			"catalog (runtimes, frameworks, databases; dates from endoflife.date and vendor pages, with " +
			"their source), it finds the release cycles each declared version allows and compares their " +
			"end-of-life dates with today. An exact version or pin (.nvmrc, an image tag such as " +
			"`node:24-alpine`, a `go` directive, `python_version`, `TargetFramework`, a locked version) " +
			"outranks a range such as `engines.node`. It is an error only when every cycle the evidence " +
			"allows is past end of life (an old pin, or a range capped below every supported line such as " +
			"`~16.14` or `<3.9`); when every allowed cycle ends within `eol_notice_days` (default 180), a " +
			"notice. A range that still allows a supported line (`>=18`, `^20.19 || >=22.12`) gets at most " +
			"a notice that its floor allows an unsupported line.",
		Remediation: "Upgrade to a supported release line (see the source cited in the finding), and " +
			"keep the runtime version in one place (engines, .nvmrc, Dockerfile base image) so it moves " +
			"as one.",
	},
	Check: checkEndOfLife,
}

func checkEndOfLife(ctx *rule.Context) []rule.Finding {
	today := ctx.Today
	if today.IsZero() {
		today = time.Now()
	}
	y, m, d := today.Date()
	today = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	notice := time.Duration(ctx.Thresholds().EOLNoticeDays) * 24 * time.Hour
	var out []rule.Finding
	for _, t := range ctx.Production() {
		e, ok := ctx.Entry(t.ID)
		if !ok || len(e.EOL) == 0 {
			continue
		}
		var verdicts []eolVerdict
		best := -1
		for _, raw := range eolCandidates(t.Versions) {
			if v, ok := judgeVersion(e, raw, today, notice); ok {
				verdicts = append(verdicts, v)
				if best < 0 || v.before(verdicts[best]) {
					best = len(verdicts) - 1
				}
			}
		}
		if best < 0 {
			continue
		}
		// Every declaration that says the same ("20.12.2" in .node-version,
		// "node:20.12" in the Dockerfile) is evidence.
		var raws []string
		for _, v := range verdicts {
			if v.kind == verdicts[best].kind && v.cycle.Cycle == verdicts[best].cycle.Cycle {
				raws = append(raws, v.raw)
			}
		}
		out = append(out, verdicts[best].finding(t, e, today, raws))
	}
	return out
}

// eolCandidates returns the versions the rule judges: the exact pins when
// there is any (.nvmrc, an image tag, a go directive, a locked version
// outrank a range such as engines.node), else every declared constraint.
func eolCandidates(vs []string) []string {
	var exact, ranges []string
	for _, v := range vs {
		c := stack.ParseConstraint(v)
		switch {
		case !c.Bounded():
		case c.Exact:
			exact = append(exact, v)
		default:
			ranges = append(ranges, v)
		}
	}
	if len(exact) > 0 {
		return exact
	}
	return ranges
}

// Kinds of verdict, strongest first.
const (
	eolAllPast  = iota // every release line the version allows is past end of life
	eolAllNear         // every line it allows is past or near end of life
	eolFloorOld        // a range whose floor allows a line past end of life
)

// eolVerdict is what the rule concludes about one declared version.
type eolVerdict struct {
	kind     int
	raw      string
	exact    bool
	cycle    catalog.Cycle // the line the finding is about
	allowed  int           // how many known lines the version allows
	raiseTo  string        // for eolFloorOld: the lowest supported line it allows
	severity rule.Severity
}

func (v eolVerdict) before(o eolVerdict) bool {
	if v.kind != o.kind {
		return v.kind < o.kind
	}
	return versionLess(v.cycle.Cycle, o.cycle.Cycle)
}

// judgeVersion finds the release lines of e that raw allows and judges
// them: an error only when every one of them is past end of life.
func judgeVersion(e catalog.Entry, raw string, today time.Time, notice time.Duration) (eolVerdict, bool) {
	c := stack.ParseConstraint(raw)
	var allowed []catalog.Cycle
	for _, cy := range e.EOL {
		if c.Allows(cy.Cycle, stack.LineEnd(cy.Cycle)) {
			allowed = append(allowed, cy)
		}
	}
	if len(allowed) == 0 {
		return eolVerdict{}, false
	}
	sort.Slice(allowed, func(i, j int) bool { return versionLess(allowed[i].Cycle, allowed[j].Cycle) })
	past := func(cy catalog.Cycle) bool { return !cy.EOL.IsZero() && !today.Before(cy.EOL.Time) }
	near := func(cy catalog.Cycle) bool { return !cy.EOL.IsZero() && cy.EOL.Sub(today) <= notice }
	allPast, allNear := true, true
	for _, cy := range allowed {
		allPast = allPast && past(cy)
		allNear = allNear && near(cy)
	}
	v := eolVerdict{raw: raw, exact: c.Exact, cycle: allowed[len(allowed)-1], allowed: len(allowed)}
	switch {
	case allPast:
		v.kind, v.severity = eolAllPast, rule.SeverityError
	case allNear:
		v.kind, v.severity = eolAllNear, rule.SeverityNotice
		for _, cy := range allowed { // the line that ends first without having ended
			if !past(cy) {
				v.cycle = cy
				break
			}
		}
	case !c.Exact && c.Floor() != "" && past(allowed[0]): // "<26" alone has no floor to raise
		v.kind, v.severity, v.cycle = eolFloorOld, rule.SeverityNotice, allowed[0]
		for _, cy := range allowed {
			if !past(cy) {
				v.raiseTo = cy.Cycle
				break
			}
		}
	default:
		return eolVerdict{}, false
	}
	return v, true
}

func (v eolVerdict) finding(t stack.Technology, e catalog.Entry, today time.Time, raws []string) rule.Finding {
	ev := versionEvidence(t, raws)
	eol := v.cycle.EOL.Format(time.DateOnly)
	var msg string
	switch v.kind {
	case eolAllPast:
		msg = fmt.Sprintf("%s %s (%s, declared %q) reached end of life on %s and gets no security fixes", t.Name, v.cycle.Cycle, rule.Where(ev), v.raw, eol)
		if v.allowed > 1 {
			msg += "; every release line the range allows is past end of life"
		}
		if next := newerCycle(e, v.cycle, today); next != "" {
			msg += "; " + next + " is supported"
		}
	case eolAllNear:
		days := int(v.cycle.EOL.Sub(today).Hours() / 24)
		msg = fmt.Sprintf("%s %s (%s, declared %q) reaches end of life on %s, in %d days", t.Name, v.cycle.Cycle, rule.Where(ev), v.raw, eol, days)
		if next := newerCycle(e, v.cycle, today); next != "" {
			msg += "; " + next + " is supported"
		}
	default:
		msg = fmt.Sprintf("%s range %q (%s) allows %s %s, past end of life on %s", t.Name, v.raw, rule.Where(ev), t.Name, v.cycle.Cycle, eol)
		if v.raiseTo != "" {
			msg += "; raise the floor to " + v.raiseTo
		}
	}
	if v.cycle.Source != "" {
		msg += " (source: " + v.cycle.Source + ")"
	}
	return rule.Finding{
		Severity:  v.severity,
		Message:   msg + ".",
		Evidence:  ev,
		Component: componentOf(t),
		Subject:   t.ID + "@" + v.cycle.Cycle,
	}
}

// versionEvidence returns the evidence that declares one of the versions
// raws (at most three), else the first piece of evidence.
func versionEvidence(t stack.Technology, raws []string) []stack.Evidence {
	var out []stack.Evidence
	declares := func(e stack.Evidence, exact bool) bool {
		d := strings.TrimSuffix(e.Detail, " (dev)")
		for _, raw := range raws {
			if raw == "" || rule.IsImplied(e) {
				continue
			}
			if exact && (strings.HasSuffix(d, " "+raw) || strings.HasSuffix(d, ":"+raw)) || !exact && strings.Contains(d, raw) {
				return true
			}
		}
		return false
	}
	// Production evidence first; a version may also come from a build
	// stage (the runtime copied out of node:20 into a slim image).
	for _, pool := range [][]stack.Evidence{rule.ProductionEvidence(t), t.Evidence} {
		for _, exact := range []bool{true, false} {
			for _, e := range pool {
				if e.Scope != stack.ScopeNonProduction && declares(e, exact) {
					out = append(out, e)
				}
			}
			if len(out) > 0 {
				break
			}
		}
		if len(out) > 0 {
			break
		}
	}
	if len(out) == 0 {
		return rule.TechEvidence(t, 1)
	}
	if len(out) > 3 {
		out = out[:3]
	}
	return out
}

// newerCycle names the newest later cycle still supported today, if any.
func newerCycle(e catalog.Entry, c catalog.Cycle, today time.Time) string {
	best := ""
	for _, x := range e.EOL {
		if x.Cycle == c.Cycle || !versionLess(c.Cycle, x.Cycle) || (!x.EOL.IsZero() && !x.EOL.After(today)) {
			continue
		}
		if best == "" || versionLess(best, x.Cycle) {
			best = x.Cycle
		}
	}
	if best == "" {
		return ""
	}
	return e.Name + " " + best
}
