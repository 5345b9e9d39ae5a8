package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// TextOptions tune the text report of a check.
type TextOptions struct {
	// Color turns on ANSI colours. The CLI decides (--color, NO_COLOR,
	// FORCE_COLOR, a terminal).
	Color bool
	// Width is the column to wrap at (the terminal's width); 0 means
	// DefaultWidth.
	Width int
}

// DefaultWidth is the wrap width of the text reports when the terminal's is
// unknown.
const DefaultWidth = 100

// MinWidth is the narrowest the text reports wrap to: below it the aligned
// columns (layers, components) would no longer fit.
const MinWidth = 72

// wrapWidth is the width to wrap at: w, DefaultWidth when unknown, never
// below MinWidth.
func wrapWidth(w int) int {
	if w <= 0 {
		return DefaultWidth
	}
	return max(w, MinWidth)
}

// ANSI escape sequences of the text report.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[1;31m"
	ansiYellow = "\x1b[1;33m"
	ansiCyan   = "\x1b[1;36m"
	ansiGreen  = "\x1b[32m"
)

const (
	textIndent = 9  // indent of a finding's body, under the rule id
	textIDCol  = 58 // width of the severity + rule id column
	maxSeen    = 5  // evidence shown per finding before "+N more"
)

// CheckText writes the human report of a check: a header naming the
// profile, the findings grouped by severity then criterion (what, why with
// the evidence and the profile key, how to fix), what was waived, and a
// one-line summary. A healthy repository gets the header and one line.
func CheckText(w io.Writer, c *Check, opt TextOptions) error {
	tw := &trimWriter{w: w}
	err := checkText(tw, c, opt)
	if err == nil {
		err = tw.Flush()
	}
	return err
}

// seenBlock renders a finding's evidence after its label: on one line
// when it fits, otherwise one location per line, aligned under the first.
func seenBlock(label string, seen []string, width int) string {
	one := label + " " + strings.Join(seen, ", ")
	if textIndent+visibleLen(one) <= width {
		return one
	}
	in := textIndent + visibleLen(label) + 1
	lines := make([]string, len(seen))
	for i, e := range seen {
		lines[i] = wrap(e, in, width)
	}
	return label + " " + strings.Join(lines, "\n"+strings.Repeat(" ", in))
}

func checkText(w io.Writer, c *Check, opt TextOptions) error {
	p := &printer{w: w}
	textWidth := wrapWidth(opt.Width)
	paint := func(code, s string) string {
		if !opt.Color || s == "" {
			return s
		}
		return code + s + ansiReset
	}

	header := "stacklint check · " + c.Root + " · no profile"
	if c.Profile.Declared {
		header = "stacklint check · " + c.Root + " · profile " + c.profileName()
	}
	if c.Profile.Headline != "" {
		header += " · " + c.Profile.Headline
	}
	for _, line := range strings.Split(wrapItems(strings.Split(header, " · "), " · ", 0, textWidth), "\n") {
		p.f("%s\n", paint(ansiBold, strings.TrimRight(line, " ")))
	}
	if !c.Profile.Declared {
		p.f("%s\n", paint(ansiDim, wrap(fmt.Sprintf("No project profile: only the %s that need no declared context ran. Run `stacklint init` to write a .stacklint.toml prefilled from this stack, then declare the load, data, team and budget to check the stack against.", plural(c.rulesRan(), "rule")), 0, textWidth)))
	}
	if d := c.Diff; d != nil {
		if d.Empty() {
			p.f("Against %s: the stack is unchanged.\n", d.BaseRef)
		} else {
			p.f("%s\n", wrap("Against "+d.BaseRef+": "+diffSentence(d)+".", 0, textWidth))
		}
	}
	p.f("\n")
	c.summaryText(p, paint, textWidth)

	fs := c.sortedFindings()
	for _, f := range fs {
		sev, code := strings.ToUpper(f.Severity.String()), severityColor(f.Severity)
		id := f.RuleID
		if f.Component != "" && f.Component != "." {
			id += " · " + f.Component
		}
		if c.Diff != nil && f.New {
			id += " · new"
		}
		indent := strings.Repeat(" ", textIndent)
		pad := max(textIDCol-9-len([]rune(id)), 2)
		if 9+len([]rune(id))+pad+len([]rune(f.Criterion)) > textWidth {
			// A narrow terminal: the criterion goes under the rule id.
			p.f("%s%s\n%s%s\n", paint(code, fmt.Sprintf("%-9s", sev)), paint(ansiBold, id), indent, paint(ansiDim, f.Criterion))
		} else {
			p.f("%s%s%s%s\n", paint(code, fmt.Sprintf("%-9s", sev)), paint(ansiBold, id), strings.Repeat(" ", pad), paint(ansiDim, f.Criterion))
		}
		p.f("%s%s\n", indent, wrap(oneLine(f.Message), textIndent, textWidth))
		if len(f.Evidence) > 0 {
			var seen []string
			for i, e := range f.Evidence {
				if i == maxSeen {
					seen = append(seen, fmt.Sprintf("+%d more", len(f.Evidence)-maxSeen))
					break
				}
				seen = append(seen, evidenceLabel(e))
			}
			p.f("%s%s\n", indent, seenBlock(paint(ansiDim, "Seen:"), seen, textWidth))
		}
		if len(f.Profile) > 0 {
			refs := make([]string, len(f.Profile))
			for i, r := range f.Profile {
				refs[i] = r.String()
			}
			p.f("%s%s\n", indent, wrap(paint(ansiDim, "Profile:")+" "+strings.Join(refs, ", "), textIndent, textWidth))
		}
		if fix := firstParagraph(f.Remediation); fix != "" {
			p.f("%s%s\n", indent, wrap(paint(ansiGreen, "Fix:")+" "+fix, textIndent, textWidth))
		}
		p.f("\n")
	}

	if len(c.Waived) > 0 {
		p.f("%s\n", paint(ansiDim, "Waived"))
		for _, wv := range c.Waived {
			where := ""
			if e, ok := wv.Finding.Location(); ok {
				where = " at " + e.String()
			}
			line := fmt.Sprintf("%s%s: %q", wv.Finding.RuleID, where, oneLine(wv.Reason))
			if wv.Expires != "" {
				line += " until " + wv.Expires
			}
			if wv.File != "" {
				line += " (" + stack.Evidence{File: wv.File, Line: wv.Line}.String() + ")"
			}
			p.f("  %s\n", paint(ansiDim, wrap(line, 4, textWidth)))
		}
		p.f("\n")
	}
	if len(fs) > 0 {
		p.f("%s\n", paint(ansiDim, "More on a rule: stacklint explain RULE"))
		p.f("%s\n\n", paint(ansiDim, wrap("Accept a finding: add [[waivers]] rule = \"RULE\" reason = \"…\" to "+waiverFile(c), 0, textWidth)))
	}
	p.f("%s\n", c.summaryLine(paint, textWidth))
	return p.err
}

// summaryText renders the summary the report opens with: the verdict, the
// stack and the first actions.
func (c *Check) summaryText(p *printer, paint func(code, s string) string, textWidth int) {
	sum := c.summary()
	code := ansiGreen
	switch sum.Verdict {
	case VerdictDoesNotFit:
		code = severityColor(rule.SeverityError)
	case VerdictFitsWithRisk:
		code = severityColor(rule.SeverityWarning)
	}
	if len(c.Findings) == 0 {
		// Quiet when healthy: the verdict and the stack on one line,
		// right above the closing line.
		line := sum.Sentence
		if sum.Stack != "" {
			line = strings.TrimSuffix(line, ".") + ": " + sum.Stack
		}
		p.f("%s\n", paint(code, wrap(line, 0, textWidth)))
		for _, r := range sum.Apart {
			lead := r.Title + ": "
			p.f("%s%s\n", paint(ansiDim, lead), wrapItems(strings.Split(r.Technologies, " · "), " · ", len(lead), textWidth))
		}
		return
	}
	p.f("%s\n", paint(code, wrap(sum.Sentence, 0, textWidth)))
	const label = 10 // "  Stack   "
	if sum.Stack != "" {
		p.f("  %s%s\n", paint(ansiDim, "Stack   "), wrapItems(strings.Split(sum.Stack, " · "), " · ", label, textWidth))
	}
	for _, r := range sum.Apart {
		// Front ends, clients, tools and docs sites: beside the stack,
		// not in it.
		lead := r.Title + ": "
		p.f("  %s%s\n", paint(ansiDim, lead), wrapItems(strings.Split(r.Technologies, " · "), " · ", 2+len(lead), textWidth))
	}
	for i, a := range sum.Actions {
		lead := "        "
		if i == 0 {
			lead = paint(ansiDim, "First   ")
		}
		item := fmt.Sprintf("%d. %s (%s, %s effort)", i+1, a.Text, a.Severity, a.Effort)
		p.f("  %s%s\n", lead, wrap(item, label+3, textWidth))
	}
	p.f("\n")
}

// summaryLine is the last line of the text report: "2 findings (1 error,
// 1 warning) · 14 rules passed · 6 not applicable · exit 1 (--fail-on error)".
func (c *Check) summaryLine(paint func(code, s string) string, textWidth int) string {
	n := CountFindings(c.Findings)
	var parts []string
	if n.Findings == 0 {
		parts = append(parts, paint(ansiGreen, "No findings"))
	} else {
		s := plural(n.Findings, "finding") + " (" + n.severityList() + ")"
		code := severityColor(rule.SeverityNotice)
		switch {
		case n.Errors > 0:
			code = severityColor(rule.SeverityError)
		case n.Warnings > 0:
			code = severityColor(rule.SeverityWarning)
		}
		parts = append(parts, paint(code, s))
		if c.Diff != nil {
			parts = append(parts, fmt.Sprintf("%d new", n.New))
		}
	}
	parts = append(parts, plural(c.Passed, "rule")+" passed")
	if c.NotApplicable > 0 {
		parts = append(parts, fmt.Sprintf("%d not applicable", c.NotApplicable))
	}
	if len(c.Waived) > 0 {
		parts = append(parts, fmt.Sprintf("%d waived", len(c.Waived)))
	}
	exit := fmt.Sprintf("exit %d (--fail-on %s", c.ExitCode, failOnName(c.FailOn))
	if c.NewOnly {
		exit += ", --new-only"
	}
	parts = append(parts, exit+")")
	return wrapItems(parts, " · ", 0, textWidth)
}

// severityColor is the ANSI colour of a severity.
func severityColor(s rule.Severity) string {
	switch s {
	case rule.SeverityError:
		return ansiRed
	case rule.SeverityWarning:
		return ansiYellow
	}
	return ansiCyan
}

// diffSentence renders a stack diff for text: "added Kafka
// (package.json:14), Elasticsearch; removed Redis; upgraded NestJS 10.2 →
// 10.3". Version changes are listed as upgrades whichever way they go.
func diffSentence(d *StackDiff) string {
	var parts []string
	if len(d.Added) > 0 {
		parts = append(parts, "added "+techList(d.Added))
	}
	if len(d.Removed) > 0 {
		parts = append(parts, "removed "+techList(d.Removed))
	}
	if len(d.Upgraded) > 0 {
		ups := make([]string, len(d.Upgraded))
		for i, u := range d.Upgraded {
			ups[i] = fmt.Sprintf("%s %s → %s", u.Tech.Name, u.From, u.To)
		}
		parts = append(parts, "upgraded "+strings.Join(ups, ", "))
	}
	return strings.Join(parts, "; ")
}

func techList(ts []stack.Technology) string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = TechLabel(t)
		if e, ok := firstEvidence(t); ok {
			out[i] += " (" + e.String() + ")"
		}
	}
	return strings.Join(out, ", ")
}

// wrap breaks s into lines of at most width columns, continuation lines
// indented by indent spaces; the first line is assumed to start at column
// indent. ANSI sequences do not count toward the width.
func wrap(s string, indent, width int) string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return ""
	}
	var b strings.Builder
	col := indent
	for i, w := range words {
		wl := visibleLen(w)
		if i > 0 {
			if col+1+wl > width {
				b.WriteString("\n")
				b.WriteString(strings.Repeat(" ", indent))
				col = indent
			} else {
				b.WriteString(" ")
				col++
			}
		}
		b.WriteString(w)
		col += wl
	}
	return b.String()
}

// visibleLen counts the runes of s outside ANSI escape sequences.
func visibleLen(s string) int {
	n := 0
	esc := false
	for _, r := range s {
		switch {
		case esc:
			if r == 'm' {
				esc = false
			}
		case r == '\x1b':
			esc = true
		default:
			n++
		}
	}
	return n
}
