package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// DefaultMarkdownMaxBytes is the default size cap of the Markdown report:
// under GitHub's 65,536-character limit on a comment body, with room to
// spare.
const DefaultMarkdownMaxBytes = 65000

// MinMarkdownBytes is the smallest cap CheckMarkdown honours; a smaller
// MaxBytes is raised to it.
const MinMarkdownBytes = 512

// MarkdownOptions tune the Markdown report of a check.
type MarkdownOptions struct {
	// CommentKey tells apart several reports in one pull request (one per
	// monorepo folder); "" means "default". It goes in the hidden marker.
	CommentKey string
	// MaxBytes caps the body; 0 means DefaultMarkdownMaxBytes. Over it, the
	// least severe findings are left out and a line says how many.
	MaxBytes int
}

// markerPrefix starts the hidden marker of every stacklint comment.
const markerPrefix = "<!-- stacklint:v1 key="

// CommentMarker returns the hidden first line of a Markdown report,
// "<!-- stacklint:v1 key=KEY -->", by which the sticky comment is found.
// The key is reduced to letters, digits and ._/- (others become -).
func CommentMarker(key string) string {
	return markerPrefix + commentKey(key) + " -->"
}

// commentKey sanitises a comment key so that it cannot end the marker.
func commentKey(key string) string {
	key = strings.TrimSpace(key)
	if key == "" {
		return "default"
	}
	var b strings.Builder
	for _, r := range key {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '/', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}

// mdLayout says what one rendering attempt of the Markdown report holds.
type mdLayout struct {
	shown  int  // how many findings, in priority order, are shown
	waived bool // the waived section
	table  bool // the stack table
}

// CheckMarkdown writes the pull-request comment body of a check: the hidden
// marker, a headline with counts by severity (and how many are new), what
// the change does to the stack, the stack by layer, the findings by
// severity with evidence links and, folded, why, how to fix and how to
// waive; then a footer. A healthy repository gets one line. The body never
// exceeds MaxBytes: the least severe findings are left out first.
func CheckMarkdown(w io.Writer, c *Check, opt MarkdownOptions) error {
	limit := opt.MaxBytes
	if limit <= 0 {
		limit = DefaultMarkdownMaxBytes
	}
	limit = max(limit, MinMarkdownBytes)
	m := &mdReport{c: c, key: opt.CommentKey, order: c.markdownOrder()}
	body := m.render(mdLayout{shown: len(m.order), waived: true, table: true})
	if len(body) > limit {
		body = m.fit(limit)
	}
	_, err := io.WriteString(w, body)
	return err
}

// markdownOrder returns the findings in the order they are shown and
// dropped: new ones first when folding, then by severity.
func (c *Check) markdownOrder() []rule.Finding {
	fs := c.sortedFindings()
	if !c.foldOld() {
		return fs
	}
	var out []rule.Finding
	for _, f := range fs {
		if f.New {
			out = append(out, f)
		}
	}
	for _, f := range fs {
		if !f.New {
			out = append(out, f)
		}
	}
	return out
}

// foldOld reports whether findings that are not new are folded away.
func (c *Check) foldOld() bool { return c.NewOnly && c.Diff != nil }

type mdReport struct {
	c     *Check
	key   string
	order []rule.Finding
}

// fit finds the largest layout under limit. The waived list goes first,
// then the least severe findings; the stack table goes only when no
// finding fits with it, and a cut body is the last resort.
func (m *mdReport) fit(limit int) string {
	all := len(m.order)
	if body := m.render(mdLayout{shown: all, table: true}); len(body) <= limit {
		return body
	}
	for _, l := range []mdLayout{{table: true}, {}} {
		if len(m.render(l)) > limit {
			continue
		}
		lo, hi := 0, all // render with lo findings fits
		for lo < hi {
			mid := (lo + hi + 1) / 2
			l.shown = mid
			if len(m.render(l)) <= limit {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		l.shown = lo
		return m.render(l)
	}
	body := m.render(mdLayout{})
	tail := "\n\n… (cut to fit the comment size limit; the job summary has the full report)\n"
	cut := limit - len(tail)
	for cut > 0 && !utf8.RuneStart(body[cut]) {
		cut--
	}
	return body[:cut] + tail
}

// render writes the whole body for one layout.
func (m *mdReport) render(l mdLayout) string {
	c := m.c
	var b strings.Builder
	b.WriteString(CommentMarker(m.key) + "\n")
	counts := CountFindings(c.Findings)

	if counts.Findings == 0 {
		line := "✅ **stacklint**: no findings · " + plural(c.Passed, "rule") + " passed"
		if c.NotApplicable > 0 {
			line += fmt.Sprintf(" · %d not applicable", c.NotApplicable)
		}
		if len(c.Waived) > 0 {
			line += fmt.Sprintf(" · %d waived", len(c.Waived))
		}
		if c.Profile.Declared {
			line += " · profile " + codeSpan(c.profileName())
		} else {
			line += " · no profile: add one with `stacklint init` to check the stack against your project"
		}
		b.WriteString(line + "\n")
		if d := c.Diff; !d.Empty() {
			b.WriteString("\n" + m.diffParagraph() + "\n")
		}
		return b.String()
	}

	head := "### stacklint — " + counts.severityList()
	switch {
	case c.foldOld() && counts.New == 0:
		head = "### stacklint — no new findings in this PR · " + plural(counts.Findings, "finding") + " already present (" + counts.severityList() + ")"
	case c.foldOld():
		var fresh []rule.Finding
		for _, f := range c.Findings {
			if f.New {
				fresh = append(fresh, f)
			}
		}
		head = fmt.Sprintf("### stacklint — %s in this PR (%s) · %d already present", plural(counts.New, "new finding"), CountFindings(fresh).severityList(), counts.Findings-counts.New)
	case c.Diff != nil:
		head += fmt.Sprintf(" (%d new in this PR)", counts.New)
	}
	b.WriteString(head + "\n\n")
	m.summaryBlock(&b)
	if !c.Profile.Declared {
		fmt.Fprintf(&b, "_No project profile: only the %s that need no declared context ran. Add a `.stacklint.toml` (`stacklint init` writes one from this stack) to check the stack against the project's load, data, team and budget._\n\n", plural(c.rulesRan(), "rule"))
	}
	if d := c.Diff; d != nil {
		if d.Empty() {
			fmt.Fprintf(&b, "This PR does not change the stack (compared with %s).\n\n", codeSpan(d.BaseRef))
		} else {
			b.WriteString(m.diffParagraph() + "\n\n")
		}
	}
	if l.table {
		m.stackTable(&b)
	}

	shown := m.order[:l.shown]
	var current, old []rule.Finding
	for _, f := range shown {
		if c.foldOld() && !f.New {
			old = append(old, f)
		} else {
			current = append(current, f)
		}
	}
	m.findingGroups(&b, current, "####")
	if len(old) > 0 {
		oc := CountFindings(old)
		fmt.Fprintf(&b, "<details><summary>Already present before this PR: %s (%s)</summary>\n\n", plural(oc.Findings, "finding"), oc.severityList())
		m.findingGroups(&b, old, "#####")
		b.WriteString("</details>\n\n")
	}
	hidden := m.order[l.shown:]
	switch waivedOut := !l.waived && len(c.Waived) > 0; {
	case len(hidden) > 0:
		hc := CountFindings(hidden)
		also := ""
		if waivedOut {
			also = " and the list of waived findings"
		}
		fmt.Fprintf(&b, "> **%s not shown** (%s)%s, to keep this comment under GitHub's size limit; the job summary and `stacklint check` have them all.\n\n", plural(hc.Findings, "more finding"), hc.severityList(), also)
	case waivedOut:
		fmt.Fprintf(&b, "> %s not listed here, to keep this comment under GitHub's size limit; the job summary and `stacklint check` list them.\n\n", plural(len(c.Waived), "waived finding"))
	}
	if l.waived && len(c.Waived) > 0 {
		fmt.Fprintf(&b, "<details><summary>%s waived in the profile</summary>\n\n", plural(len(c.Waived), "finding"))
		for _, wv := range c.Waived {
			line := "- " + codeSpan(wv.Finding.RuleID)
			if e, ok := wv.Finding.Location(); ok {
				line += " at " + m.evidenceLink(e, true)
			}
			line += " — " + mdText(oneLine(wv.Reason))
			if wv.Expires != "" {
				line += " (until " + mdText(wv.Expires) + ")"
			}
			if wv.File != "" {
				line += " · " + m.evidenceLink(stack.Evidence{File: wv.File, Line: wv.Line}, localPath(wv.File))
			}
			b.WriteString(line + "\n")
		}
		b.WriteString("\n</details>\n\n")
	}
	b.WriteString(m.footer() + "\n")
	return b.String()
}

// summaryBlock renders the summary the comment leads with: the verdict and
// whether the PR is blocked, in words, the stack in one line, and the
// first actions.
func (m *mdReport) summaryBlock(b *strings.Builder) {
	sum := m.c.summary()
	b.WriteString("**" + mdText(sum.Sentence) + "** " + mdText(sum.Gate) + "\n\n")
	if sum.Stack != "" {
		b.WriteString("**Stack:** " + mdText(sum.Stack))
		// Front ends, clients, tools and docs sites: named apart, never
		// the backend's.
		for _, r := range sum.Apart {
			b.WriteString("<br>\n" + mdText(r.Title) + ": " + mdText(r.Technologies))
		}
		b.WriteString("\n\n")
	}
	if len(sum.Actions) > 0 {
		b.WriteString("**First actions**\n")
		for i, a := range sum.Actions {
			fmt.Fprintf(b, "%d. %s — %s · %s · %s effort\n", i+1, mdText(a.Text), codeSpan(a.Rule), a.Severity, a.Effort)
		}
		b.WriteString("\n")
	}
}

// diffParagraph renders what the change does to the stack.
func (m *mdReport) diffParagraph() string {
	d := m.c.Diff
	var parts []string
	techs := func(ts []stack.Technology, link bool) string {
		out := make([]string, len(ts))
		for i, t := range ts {
			out[i] = "**" + mdText(TechLabel(t)) + "**"
			if e, ok := firstEvidence(t); ok {
				out[i] += " (" + m.evidenceLink(e, link) + ")"
			}
		}
		return joinAnd(out)
	}
	if len(d.Added) > 0 {
		parts = append(parts, "added "+techs(d.Added, true))
	}
	if len(d.Removed) > 0 {
		// Removed technologies' evidence is in the base, not the linked head.
		parts = append(parts, "removed "+techs(d.Removed, false))
	}
	if len(d.Upgraded) > 0 {
		ups := make([]string, len(d.Upgraded))
		for i, u := range d.Upgraded {
			ups[i] = fmt.Sprintf("**%s** %s → %s", mdText(u.Tech.Name), mdText(u.From), mdText(u.To))
			if e, ok := firstEvidence(u.Tech); ok {
				ups[i] += " (" + m.evidenceLink(stack.Evidence{File: e.File, Line: e.Line}, true) + ")"
			}
		}
		parts = append(parts, "upgraded "+joinAnd(ups))
	}
	return fmt.Sprintf("**This PR changes the stack** (compared with %s): %s.", codeSpan(d.BaseRef), strings.Join(parts, "; "))
}

// stackTable renders the production stack by layer.
func (m *mdReport) stackTable(b *strings.Builder) {
	st := m.c.Stack
	if st == nil || len(st.Production()) == 0 {
		b.WriteString("No backend technology recognised in this repository.\n\n")
		return
	}
	added := map[string]bool{}
	if m.c.Diff != nil {
		for _, t := range m.c.Diff.Added {
			added[t.ID] = true
		}
	}
	b.WriteString("| Layer | Stack |\n|---|---|\n")
	for _, l := range stack.Layers {
		ts := st.ByLayer(l)
		cell := "—"
		if len(ts) > 0 {
			parts := make([]string, len(ts))
			for i, t := range ts {
				parts[i] = mdCell(TechLabel(t))
				if added[t.ID] {
					parts[i] = "**" + parts[i] + "** _(new)_"
				}
			}
			cell = strings.Join(parts, " · ")
		}
		fmt.Fprintf(b, "| %s | %s |\n", l.Title(), cell)
	}
	b.WriteString("\n")
}

// findingGroups renders findings under one heading per severity.
func (m *mdReport) findingGroups(b *strings.Builder, fs []rule.Finding, h string) {
	for _, sev := range []rule.Severity{rule.SeverityError, rule.SeverityWarning, rule.SeverityNotice} {
		var group []rule.Finding
		for _, f := range fs {
			if f.Severity == sev {
				group = append(group, f)
			}
		}
		if len(group) == 0 {
			continue
		}
		title := map[rule.Severity]string{rule.SeverityError: "Errors", rule.SeverityWarning: "Warnings", rule.SeverityNotice: "Notices"}[sev]
		fmt.Fprintf(b, "%s %s (%d)\n\n", h, title, len(group))
		for _, f := range group {
			m.finding(b, f)
		}
	}
}

// finding renders one finding as a list item.
func (m *mdReport) finding(b *strings.Builder, f rule.Finding) {
	c := m.c
	info := c.info(f)
	title := f.Title
	if title == "" {
		title = info.Title
	}
	line := "- "
	if title != "" {
		line += "**" + mdText(oneLine(title)) + "** · "
	}
	line += "[" + codeSpan(f.RuleID) + "](" + info.HelpURI() + ")"
	if c.Diff != nil && f.New {
		line += " · **new**"
	}
	if f.Component != "" && f.Component != "." {
		line += " · in " + codeSpan(f.Component)
	}
	line += " — " + mdText(oneLine(f.Message))
	b.WriteString(line + "\n")
	if len(f.Evidence) > 0 {
		var seen []string
		for i, e := range f.Evidence {
			if i == maxSeen {
				seen = append(seen, fmt.Sprintf("+%d more", len(f.Evidence)-maxSeen))
				break
			}
			s := m.evidenceLink(e, true)
			if e.Detail != "" {
				s += " " + mdText(oneLine(e.Detail))
			}
			seen = append(seen, s)
		}
		b.WriteString("  - Evidence: " + strings.Join(seen, ", ") + "\n")
	}
	if len(f.Profile) > 0 {
		refs := make([]string, len(f.Profile))
		for i, r := range f.Profile {
			kv := r.Key
			if r.Value != "" {
				kv += " = " + r.Value
			}
			refs[i] = codeSpan(kv)
			if r.File != "" {
				refs[i] += " (" + m.evidenceLink(stack.Evidence{File: r.File, Line: r.Line}, localPath(r.File)) + ")"
			}
		}
		b.WriteString("  - Profile: " + strings.Join(refs, ", ") + "\n")
	}
	b.WriteString("\n  <details><summary>Why it matters, how to fix it, how to waive it</summary>\n\n")
	if why := firstParagraph(info.Doc); why != "" {
		b.WriteString("  **Why it matters.** " + why + "\n\n")
	}
	fix := strings.TrimSpace(f.Remediation)
	if fix == "" {
		fix = strings.TrimSpace(info.Remediation)
	}
	if fix != "" {
		b.WriteString(indentLines("**How to fix.** "+mdText(fix), "  ") + "\n\n")
	}
	b.WriteString("  **To accept it**, add a waiver with the reason to " + codeSpan(waiverFile(m.c)) + ":\n\n")
	b.WriteString("  ```toml\n" + indentLines(strings.TrimSuffix(m.c.waiverSnippet(f), "\n"), "  ") + "\n  ```\n\n")
	b.WriteString("  </details>\n\n")
}

// footer is the last line: version, profile, counts, rules.
func (m *mdReport) footer() string {
	c := m.c
	parts := []string{"stacklint " + versionLabel(c.Version)}
	if c.Profile.Declared {
		p := "profile " + codeSpan(c.profileName())
		if c.Profile.Headline != "" {
			p += " (" + mdText(c.Profile.Headline) + ")"
		}
		parts = append(parts, p)
	} else {
		parts = append(parts, "no profile (embedded default)")
	}
	parts = append(parts, plural(c.Passed, "rule")+" passed")
	if c.NotApplicable > 0 {
		parts = append(parts, fmt.Sprintf("%d not applicable", c.NotApplicable))
	}
	gate := "fails on " + failOnName(c.FailOn)
	if c.NewOnly {
		gate += ", new findings only"
	}
	parts = append(parts, gate)
	parts = append(parts, "[all rules]("+RulesDocURL+")")
	return "<sub>" + strings.Join(parts, " · ") + "</sub>"
}

// evidenceLink renders evidence as a link into the linked revision, or as
// code when there are no links (or link is false).
func (m *mdReport) evidenceLink(e stack.Evidence, link bool) string {
	label := e.String()
	if link && m.c.Links != nil && m.c.Links.RepoURL != "" && m.c.Links.Commit != "" && localPath(e.File) {
		return "[" + linkText(label) + "](" + m.c.Links.fileURL(m.c.PathPrefix, e.File, e.Line) + ")"
	}
	return codeSpan(label)
}

// indentLines indents every non-empty line of s.
func indentLines(s, indent string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			lines[i] = indent + l
		} else {
			lines[i] = ""
		}
	}
	return strings.Join(lines, "\n")
}

// joinAnd joins "a", "a and b", "a, b and c".
func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}
