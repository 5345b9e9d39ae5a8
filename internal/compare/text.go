package compare

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// JSON writes the matrix as indented JSON (schema stacklint/compare/v1).
func JSON(w io.Writer, m *Matrix) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}

// header renders the first line.
func header(m *Matrix, cmd string) string {
	parts := []string{"stacklint " + cmd, m.Root}
	if m.Profile.Declared {
		parts = append(parts, "profile "+m.Profile.Path)
	} else {
		parts = append(parts, "no profile (embedded default: nothing declared to compare against)")
	}
	if m.Profile.Headline != "" {
		parts = append(parts, m.Profile.Headline)
	}
	return strings.Join(parts, " · ")
}

// verdict sums the ranking up in one sentence.
func verdict(m *Matrix) string {
	r := m.Ranked()
	if len(r) == 0 {
		return "Nothing to compare."
	}
	var b strings.Builder
	var best []string
	for _, o := range r {
		if o.Best {
			best = append(best, fmt.Sprintf("%s (%s)", o.Name, num(o.Overall)))
		}
	}
	b.WriteString("Best overall: " + strings.Join(best, ", "))
	var next []string
	for _, o := range r[len(best):] {
		if len(next) == 2 {
			break
		}
		next = append(next, fmt.Sprintf("%s (%s)", o.Name, num(o.Overall)))
	}
	if len(next) > 0 {
		b.WriteString(", then " + strings.Join(next, " and "))
	}
	b.WriteString(".")
	if m.HasCurrent() && !m.Options[0].Best {
		c := m.Options[0]
		fmt.Fprintf(&b, " The current stack (%s) scores %s, rank %d of %d.", c.Stack, num(c.Overall), c.Rank, len(m.Options))
	}
	return b.String()
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

func width(s string) int { return utf8.RuneCountInString(s) }

func pad(s string, n int) string {
	if w := width(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}

func padLeft(s string, n int) string {
	if w := width(s); w < n {
		return strings.Repeat(" ", n-w) + s
	}
	return s
}

// headerLines splits an option's name into words for a narrow column.
func headerLines(o Option) []string {
	name := o.Name
	var lines []string
	if o.Current {
		lines = append(lines, "current")
		name = strings.TrimPrefix(name, "current: ")
	}
	return append(lines, strings.Fields(name)...)
}

// Text writes the matrix as a table: criteria by options, the best of
// each row marked, then the ranking, what a switch touches and what holds
// whatever the choice.
func Text(w io.Writer, m *Matrix) error {
	var b strings.Builder
	b.WriteString(header(m, "compare") + "\n\n")
	b.WriteString(wrap("", verdict(m), 100, "") + "\n\n")

	labelW := 0
	for _, c := range m.Criteria {
		if l := width(c.Title) + 6; l > labelW {
			labelW = l
		}
	}
	heads := make([][]string, len(m.Options))
	colW := make([]int, len(m.Options))
	rows := 0
	for i, o := range m.Options {
		heads[i] = headerLines(o)
		colW[i] = 6
		for _, l := range heads[i] {
			if width(l) > colW[i] {
				colW[i] = width(l)
			}
		}
		if len(heads[i]) > rows {
			rows = len(heads[i])
		}
	}
	for r := 0; r < rows; r++ {
		line := pad("", labelW)
		for i := range m.Options {
			s := ""
			if off := r - (rows - len(heads[i])); off >= 0 {
				s = heads[i][off]
			}
			line += "  " + padLeft(s, colW[i])
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	for ci, c := range m.Criteria {
		label := c.Title
		if c.Weight != 1 {
			label += " ×" + strconv.FormatFloat(c.Weight, 'f', -1, 64)
		}
		line := pad(label, labelW)
		for i, o := range m.Options {
			s := o.Scores[ci]
			line += "  " + padLeft(cell(s), colW[i])
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	line := pad("Overall (0-100)", labelW)
	for i, o := range m.Options {
		s := num(o.Overall)
		if o.Best {
			s += "★"
		} else {
			s += " "
		}
		line += "  " + padLeft(s, colW[i])
	}
	b.WriteString(strings.TrimRight(line, " ") + "\n")
	b.WriteString(pad("", labelW) + "  ★ best in its row · ! an error-level finding there (never best)\n\n")

	b.WriteString("Ranking\n")
	for _, o := range m.Ranked() {
		fmt.Fprintf(&b, "  %2d. %-s %s\n", o.Rank, pad(o.Name, 26), num(o.Overall))
		if s := summary(m, o); s != "" {
			b.WriteString(wrap("      ", s, 100, "      ") + "\n")
		}
	}

	if m.HasCurrent() {
		fmt.Fprintf(&b, "\nSwitching from %s touches\n", m.Options[0].Stack)
		// Candidates a switch affects alike share one line; the skills
		// each needs follow their names.
		var keys []string
		groups := map[string][]Option{}
		for _, o := range m.Ranked() {
			if o.Migration == nil {
				continue
			}
			mg := *o.Migration
			mg.Skills = nil
			k := migrationLine(&mg)
			if groups[k] == nil {
				keys = append(keys, k)
			}
			groups[k] = append(groups[k], o)
		}
		for _, k := range keys {
			var names []string
			for _, o := range groups[k] {
				n := o.Name
				if len(o.Migration.Skills) > 0 {
					n += " (learn " + strings.Join(o.Migration.Skills, ", ") + ")"
				}
				names = append(names, n)
			}
			b.WriteString(wrap("  ", strings.Join(names, ", ")+":", 100, "  ") + "\n")
			b.WriteString(wrap("      ", k, 100, "      ") + "\n")
		}
	}

	if sh := sharedList(m); len(sh) > 0 {
		b.WriteString("\nWhatever the choice (every option has these findings; fix them in any case)\n")
		for _, r := range sh {
			fmt.Fprintf(&b, "  %-8s %s\n", strings.ToUpper(r.Severity), r.Rule)
		}
	}
	b.WriteString("\nScores are 0-10 per criterion: 5, moved by reasons from the catalog, the profile and the rules' findings\n" +
		"(error -4, warning -2, notice -1); migration starts at 10. Overall is the weighted mean x10.\n" +
		"`stacklint compare --explain ID` prints every reason of one option with its source.\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func cell(s Score) string {
	out := num(s.Score)
	switch {
	case s.Best:
		out += "★"
	case hasError(s):
		out += "!"
	default:
		out += " "
	}
	return out
}

// summary names an option's strongest and weakest criteria.
func summary(m *Matrix, o Option) string {
	type cs struct {
		title string
		s     Score
	}
	var all []cs
	for i, s := range o.Scores {
		if m.Criteria[i].Weight == 0 {
			continue
		}
		all = append(all, cs{m.Criteria[i].Title, s})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].s.Score > all[j].s.Score })
	var parts []string
	var strong, weak []string
	for i := 0; i < len(all) && i < 2; i++ {
		strong = append(strong, fmt.Sprintf("%s %s", all[i].title, num(all[i].s.Score)))
	}
	for i := len(all) - 1; i >= 0 && i >= len(all)-2; i-- {
		if all[i].s.Score >= Base {
			break
		}
		x := fmt.Sprintf("%s %s", all[i].title, num(all[i].s.Score))
		if r, ok := worst(all[i].s); ok {
			x += " (" + r + ")"
		}
		weak = append(weak, x)
	}
	if len(strong) > 0 {
		parts = append(parts, "strongest: "+strings.Join(strong, ", "))
	}
	if len(weak) > 0 {
		parts = append(parts, "weakest: "+strings.Join(weak, ", "))
	}
	return strings.Join(parts, " · ")
}

// worst names the reason that lowers a score most: its rule id, or its
// text cut short.
func worst(s Score) (string, bool) {
	var w *Reason
	for i := range s.Reasons {
		r := &s.Reasons[i]
		if r.Points < 0 && (w == nil || r.Points < w.Points) {
			w = r
		}
	}
	if w == nil {
		return "", false
	}
	if w.Rule != "" {
		return w.Rule, true
	}
	return short(w.Text, 60), true
}

func short(s string, n int) string {
	if width(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

func migrationLine(m *Migration) string {
	var parts []string
	if m.SameLanguage {
		parts = append(parts, "same language; the framework changes in "+strings.Join(m.Components, ", "))
	} else {
		parts = append(parts, "rewrite "+plural(len(m.Components), "component")+" ("+strings.Join(m.Components, ", ")+")")
	}
	if len(m.Replaces) > 0 {
		parts = append(parts, "replace "+listSome(m.Replaces, 6))
	}
	if len(m.Files) > 0 {
		parts = append(parts, "files "+listSome(m.Files, 4))
	}
	if len(m.Keeps) > 0 {
		parts = append(parts, "data stays in "+strings.Join(m.Keeps, ", "))
	}
	if len(m.Skills) > 0 {
		parts = append(parts, "skills needed: "+strings.Join(m.Skills, ", "))
	}
	return strings.Join(parts, " · ")
}

// sharedList returns the findings every option has, once each.
func sharedList(m *Matrix) []Reason {
	if len(m.Options) == 0 {
		return nil
	}
	var out []Reason
	seen := map[string]bool{}
	for _, s := range m.Options[0].Scores {
		for _, r := range s.Reasons {
			if r.Shared && !seen[r.Rule] {
				seen[r.Rule] = true
				out = append(out, r)
			}
		}
	}
	sev := map[string]int{"error": 0, "warning": 1, "notice": 2}
	sort.SliceStable(out, func(i, j int) bool {
		if sev[out[i].Severity] != sev[out[j].Severity] {
			return sev[out[i].Severity] < sev[out[j].Severity]
		}
		return out[i].Rule < out[j].Rule
	})
	return out
}

// Explain writes every reason of one option, criterion by criterion.
func Explain(w io.Writer, m *Matrix, id string) error {
	o, ok := m.Option(id)
	if !ok {
		var ids []string
		for _, x := range m.Options {
			ids = append(ids, x.ID)
		}
		return fmt.Errorf("--explain %q: not an option of this comparison; options: %s", id, strings.Join(ids, ", "))
	}
	var b strings.Builder
	b.WriteString(header(m, "compare --explain "+o.ID) + "\n\n")
	fmt.Fprintf(&b, "%s (%s): overall %s, rank %d of %d\n", o.Name, o.Stack, num(o.Overall), o.Rank, len(m.Options))
	for i, c := range m.Criteria {
		s := o.Scores[i]
		mark := ""
		if s.Best {
			mark = " ★ best of the options"
		}
		fmt.Fprintf(&b, "\n%s: %s%s  (weight %s, %s)\n", c.Title, num(s.Score), mark, strconv.FormatFloat(c.Weight, 'f', -1, 64), c.Source)
		start := Base
		if c.Key == "migration" {
			start = 10
		}
		fmt.Fprintf(&b, "  %5s  start\n", num(start))
		for _, r := range s.Reasons {
			pts := "    0"
			if r.Points != 0 {
				pts = fmt.Sprintf("%+5.1f", r.Points)
			}
			text := r.Text
			if r.Severity != "" {
				text = strings.ToUpper(r.Severity) + " " + r.Rule + ": " + text
				if r.Shared {
					text += " [every option has it]"
				}
			}
			b.WriteString(wrap("  "+pts+"  ", text, 100, "         ") + "\n")
			b.WriteString(wrap("         source: ", r.Source, 100, "           ") + "\n")
		}
	}
	if o.Migration != nil {
		b.WriteString("\nWhat a switch touches: " + migrationLine(o.Migration) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// wrap writes prefix, then the words of text, breaking lines at n
// characters; continuation lines start with indent.
func wrap(prefix, text string, n int, indent string) string {
	var lines []string
	cur := prefix
	fresh := true
	for _, w := range strings.Fields(text) {
		if !fresh && width(cur)+1+width(w) > n {
			lines = append(lines, cur)
			cur, fresh = indent, true
		}
		if !fresh {
			cur += " "
		}
		cur += w
		fresh = false
	}
	lines = append(lines, cur)
	return strings.Join(lines, "\n")
}
