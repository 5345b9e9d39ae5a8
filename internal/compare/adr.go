package compare

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// ADRFile is the conventional place of the decision record `--format adr`
// writes, where check's business/undocumented-decisions finds it.
const ADRFile = "docs/adr/0001-backend-stack.md"

// ADR writes an architecture decision record in MADR form: the context
// from the profile, the decision drivers (criteria by weight), the
// options considered, the outcome left for the team to decide, the
// matrix, and each option's good and bad consequences drawn from the same
// reasons as the matrix.
func ADR(w io.Writer, m *Matrix) error {
	var b strings.Builder
	title := "Choose the backend stack"
	if m.HasCurrent() {
		title = "Keep or replace the backend stack (" + m.Options[0].Stack + ")"
	}
	fmt.Fprintf(&b, "# %s\n\n", title)
	b.WriteString("* Status: proposed\n")
	fmt.Fprintf(&b, "* Date: %s\n", m.Today)
	b.WriteString("* Deciders: <!-- who decides -->\n\n")

	b.WriteString("## Context and Problem Statement\n\n")
	if m.HasCurrent() {
		fmt.Fprintf(&b, "The repository runs on %s. Should it stay, or move to another stack?\n", m.Options[0].Stack)
	} else {
		b.WriteString("Which language and framework should the backend be built on?\n")
	}
	b.WriteString("\n" + profileLine(m) + "\n\n")

	b.WriteString("## Decision Drivers\n\n")
	ws := append([]Weight(nil), m.Criteria...)
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].Weight > ws[j].Weight })
	for _, c := range ws {
		if c.Weight == 0 {
			continue
		}
		fmt.Fprintf(&b, "* %s (weight %s: %s)\n", c.Title, strconv.FormatFloat(c.Weight, 'f', -1, 64), md(c.Source))
	}

	b.WriteString("\n## Considered Options\n\n")
	for _, o := range m.Ranked() {
		fmt.Fprintf(&b, "* %s (%s): %s\n", md(o.Name), md(o.Stack), num(o.Overall))
	}

	r := m.Ranked()
	b.WriteString("\n## Decision Outcome\n\n")
	b.WriteString("Chosen option: <!-- the team's choice -->, because <!-- why, in the team's words -->.\n\n")
	if len(r) > 0 {
		fmt.Fprintf(&b, "`stacklint compare` ranks %s first (%s of 100)", r[0].Name, num(r[0].Overall))
		if len(r) > 1 {
			fmt.Fprintf(&b, ", then %s (%s)", r[1].Name, num(r[1].Overall))
		}
		b.WriteString("; the scores inform the decision, they do not make it.\n")
	}

	b.WriteString("\n### Consequences\n\n")
	b.WriteString("<!-- Fill in from the chosen option's good and bad points below. -->\n\n")

	b.WriteString("## Decision Matrix\n\n")
	matrixTable(&b, m)
	b.WriteString("\n★ best in its row · ❗ an error-level finding there · scores 0–10, overall 0–100 weighted\n")
	if m.HasCurrent() {
		switchTable(&b, m, "###")
	}
	if sh := sharedList(m); len(sh) > 0 {
		b.WriteString("\n### Whatever the choice\n\n")
		for _, x := range sh {
			fmt.Fprintf(&b, "* %s `%s`: %s\n", x.Severity, x.Rule, md(x.Text))
		}
	}

	b.WriteString("\n## Pros and Cons of the Options\n")
	for _, o := range r {
		fmt.Fprintf(&b, "\n### %s\n\n%s, overall %s.\n\n", md(o.Name), md(o.Stack), num(o.Overall))
		pros, cons := prosCons(o, 4)
		for _, x := range pros {
			fmt.Fprintf(&b, "* Good, because %s (%s)\n", md(lowerFirst(reasonText(x))), md(x.Source))
		}
		for _, x := range cons {
			fmt.Fprintf(&b, "* Bad, because %s (%s)\n", md(lowerFirst(reasonText(x))), md(x.Source))
		}
		if o.Migration != nil {
			fmt.Fprintf(&b, "* Bad, because switching touches: %s\n", md(migrationLine(o.Migration)))
		}
		if len(pros)+len(cons) == 0 && o.Migration == nil {
			b.WriteString("* Neutral: nothing sets it apart\n")
		}
	}

	fmt.Fprintf(&b, "\n## More Information\n\nWritten by `stacklint compare --format adr` on %s from the profile and the detected stack; "+
		"`stacklint compare --explain ID` prints every reason of one option with its source. "+
		"Commit this record under docs/adr/ once the team has decided (and set the status).\n", m.Today)
	_, err := io.WriteString(w, b.String())
	return err
}

// lowerFirst lowers a sentence's first letter to follow "because",
// unless it starts with a proper name ("Django ships…").
func lowerFirst(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 || isName(f[0]) {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// isName reports whether a capitalised word is likely a proper name (a
// technology) rather than a sentence start.
func isName(w string) bool {
	switch strings.Trim(w, ",.:;") {
	case "The", "A", "An", "No", "Neither", "Strong", "Compliance", "Community", "Skills", "CPU-heavy", "Community:":
		return false
	}
	return true
}
