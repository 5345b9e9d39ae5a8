package rules

import (
	"fmt"
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
			"their source), it takes the lowest declared version, finds its release cycle and compares " +
			"the end-of-life date with today. Past end of life is an error; within `eol_notice_days` " +
			"(default 180) of it, a notice.",
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
	notice := ctx.Thresholds().EOLNoticeDays
	var out []rule.Finding
	for _, t := range ctx.Production() {
		e, ok := ctx.Entry(t.ID)
		if !ok || len(e.EOL) == 0 {
			continue
		}
		raw, short := lowestVersion(t.Versions)
		if short == "" {
			continue
		}
		c, ok := e.CycleFor(short)
		if !ok || c.EOL.IsZero() {
			continue
		}
		eol := c.EOL.Time
		var sev rule.Severity
		var when string
		switch {
		case !today.Before(eol):
			sev = rule.SeverityError
			when = "reached end of life on " + eol.Format(time.DateOnly) + " and gets no security fixes"
		case eol.Sub(today) <= time.Duration(notice)*24*time.Hour:
			sev = rule.SeverityNotice
			days := int(eol.Sub(today).Hours() / 24)
			when = fmt.Sprintf("reaches end of life on %s, in %d days", eol.Format(time.DateOnly), days)
		default:
			continue
		}
		ev := versionEvidence(t, raw)
		msg := fmt.Sprintf("%s %s (%s, declared %q) %s", t.Name, c.Cycle, rule.Where(ev), raw, when)
		if next := newerCycle(e, c, today); next != "" {
			msg += "; " + next + " is supported"
		}
		if c.Source != "" {
			msg += " (source: " + c.Source + ")"
		}
		out = append(out, rule.Finding{
			Severity:  sev,
			Message:   msg + ".",
			Evidence:  ev,
			Component: componentOf(t),
			Subject:   t.ID + "@" + c.Cycle,
		})
	}
	return out
}

// lowestVersion returns the lowest declared version (raw and short form).
func lowestVersion(vs []string) (raw, short string) {
	for _, v := range vs {
		s := stack.ShortVersion(v)
		if s == "" {
			continue
		}
		if short == "" || versionLess(s, short) {
			raw, short = v, s
		}
	}
	return raw, short
}

// versionEvidence returns the evidence that declares version raw, else the first.
func versionEvidence(t stack.Technology, raw string) []stack.Evidence {
	var out []stack.Evidence
	for _, e := range rule.ProductionEvidence(t) {
		if raw != "" && strings.Contains(e.Detail, raw) {
			out = append(out, e)
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
