package compare

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// Markdown writes the matrix for a design document or a pull request: the
// verdict, the table (best of each row in bold with ★), what a switch
// touches, what holds whatever the choice, and each option's reasons in
// collapsible details.
func Markdown(w io.Writer, m *Matrix) error {
	var b strings.Builder
	b.WriteString("## Stack decision matrix\n\n")
	b.WriteString(profileLine(m) + "\n\n")
	b.WriteString("**" + verdict(m) + "**\n\n")
	matrixTable(&b, m)
	b.WriteString("\n★ best in its row · ❗ an error-level finding there (never best) · scores 0–10, overall 0–100 weighted\n")
	if m.HasCurrent() {
		switchTable(&b, m, "###")
	}
	if sh := sharedList(m); len(sh) > 0 {
		b.WriteString("\n### Whatever the choice\n\nEvery option has these findings; they do not depend on the stack and need fixing in any case.\n\n")
		for _, r := range sh {
			fmt.Fprintf(&b, "- **%s** `%s` — %s\n", r.Severity, r.Rule, md(r.Text))
		}
	}
	b.WriteString("\n### Reasons\n")
	for _, o := range m.Ranked() {
		fmt.Fprintf(&b, "\n<details><summary><b>%s</b> (%s) — %s, rank %d</summary>\n\n", md(o.Name), md(o.Stack), num(o.Overall), o.Rank)
		for i, c := range m.Criteria {
			s := o.Scores[i]
			fmt.Fprintf(&b, "**%s: %s**%s\n\n", c.Title, num(s.Score), bestMark(s))
			for _, r := range s.Reasons {
				fmt.Fprintf(&b, "- %s %s <sub>%s</sub>\n", points(r), md(reasonText(r)), md(r.Source))
			}
			b.WriteString("\n")
		}
		b.WriteString("</details>\n")
	}
	fmt.Fprintf(&b, "\n<sub>stacklint compare · %s · `stacklint compare --explain ID` for one option</sub>\n", m.Today)
	_, err := io.WriteString(w, b.String())
	return err
}

func profileLine(m *Matrix) string {
	if !m.Profile.Declared {
		return "No profile is declared: only what needs no declared context is scored (`stacklint init` writes one)."
	}
	s := "Profile `" + m.Profile.Path + "`"
	if m.Profile.Headline != "" {
		s += ": " + m.Profile.Headline
	}
	return s + "."
}

func bestMark(s Score) string {
	switch {
	case s.Best:
		return " ★"
	case hasError(s):
		return " ❗"
	}
	return ""
}

func points(r Reason) string {
	if r.Points == 0 {
		return "`±0`"
	}
	return "`" + fmt.Sprintf("%+.1f", r.Points) + "`"
}

func reasonText(r Reason) string {
	if r.Severity == "" {
		return r.Text
	}
	t := r.Severity + " " + r.Rule + ": " + r.Text
	if r.Shared {
		t += " (every option has it)"
	}
	return t
}

// md escapes text for a Markdown table cell or list item.
func md(s string) string {
	r := strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;", "\n", " ")
	return r.Replace(s)
}

func matrixTable(b *strings.Builder, m *Matrix) {
	b.WriteString("| Criterion | Weight |")
	for _, o := range m.Options {
		b.WriteString(" " + md(o.Name) + " |")
	}
	b.WriteString("\n|---|---:|")
	for range m.Options {
		b.WriteString("---:|")
	}
	b.WriteString("\n")
	for i, c := range m.Criteria {
		fmt.Fprintf(b, "| %s | %s |", c.Title, strconv.FormatFloat(c.Weight, 'f', -1, 64))
		for _, o := range m.Options {
			s := o.Scores[i]
			v := num(s.Score)
			if s.Best {
				v = "**" + v + "** ★"
			} else if hasError(s) {
				v += " ❗"
			}
			b.WriteString(" " + v + " |")
		}
		b.WriteString("\n")
	}
	b.WriteString("| **Overall** | |")
	for _, o := range m.Options {
		v := num(o.Overall)
		if o.Best {
			v = "**" + v + "** ★"
		}
		b.WriteString(" " + v + " |")
	}
	b.WriteString("\n")
}

func switchTable(b *strings.Builder, m *Matrix, level string) {
	fmt.Fprintf(b, "\n%s What a switch from %s touches\n\n", level, md(m.Options[0].Stack))
	b.WriteString("| Option | Components | Replaces | Files | Data stays in | Skills the team lacks |\n|---|---|---|---|---|---|\n")
	for _, o := range m.Ranked() {
		if o.Migration == nil {
			continue
		}
		mg := o.Migration
		comps := strings.Join(mg.Components, ", ")
		if mg.SameLanguage {
			comps += " (same language)"
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s |\n", md(o.Name), md(comps), md(listSome(mg.Replaces, 6)),
			md(listSome(mg.Files, 4)), md(strings.Join(mg.Keeps, ", ")), md(strings.Join(mg.Skills, ", ")))
	}
}

// prosCons returns an option's strongest positive and negative reasons.
func prosCons(o Option, n int) (pros, cons []Reason) {
	var all []Reason
	for _, s := range o.Scores {
		all = append(all, s.Reasons...)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Points > all[j].Points })
	for _, r := range all {
		if r.Points > 0 && len(pros) < n {
			pros = append(pros, r)
		}
	}
	for i := len(all) - 1; i >= 0; i-- {
		if r := all[i]; r.Points < 0 && len(cons) < n {
			cons = append(cons, r)
		}
	}
	return pros, cons
}
