package accuracy

import (
	"fmt"
	"io"
	"strings"
)

// WriteReport writes the figures of a run: precision and recall of each
// set per repository, then of each group and set over all of them, then
// per repository the datastores found (with their first evidence) and
// every error with its evidence.
func WriteReport(w io.Writer, results []Result) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%-32s", "repository")
	for _, s := range Sets {
		fmt.Fprintf(&b, "  %-28s", s.Short)
	}
	trimLine(&b)
	for _, r := range results {
		fmt.Fprintf(&b, "%-32s", r.Repo)
		for _, s := range Sets {
			fmt.Fprintf(&b, "  %-28s", figures(r.Set(s)))
		}
		trimLine(&b)
	}
	total := Total(results)
	fmt.Fprintf(&b, "\n%-46s %4s %4s %4s  %9s  %6s\n", "group", "TP", "FP", "FN", "precision", "recall")
	for _, g := range Groups {
		c := total[g]
		fmt.Fprintf(&b, "%-46s %4d %4d %4d  %9.3f  %6.3f\n", g, c.TP, c.FP, c.FN, c.Precision(), c.Recall())
	}
	for _, s := range Sets {
		var c Count
		for _, g := range s.Groups {
			c = c.Add(total[g])
		}
		fmt.Fprintf(&b, "%-46s %4d %4d %4d  %9.3f  %6.3f\n", s.Name, c.TP, c.FP, c.FN, c.Precision(), c.Recall())
	}
	for _, r := range results {
		if len(r.Errors) == 0 && len(r.Datastores) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n%s\n", r.Repo)
		for _, f := range r.Datastores {
			ev := "(no evidence)"
			if len(f.Evidence) > 0 {
				ev = f.Evidence[0]
			}
			fmt.Fprintf(&b, "  %-14s %-14s %s  %s\n", "found", f.Group, f.ID, ev)
		}
		for _, e := range r.Errors {
			group := string(e.Group)
			if group == "" {
				group = "unscored"
			}
			fmt.Fprintf(&b, "  %-14s %-14s %s", e.Kind, group, e.ID)
			if e.Label != "" {
				fmt.Fprintf(&b, "  (label: %s)", e.Label)
			}
			b.WriteString("\n")
			for _, ev := range e.Evidence {
				fmt.Fprintf(&b, "      %s\n", ev)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// figures renders a count as "P 0.950 R 1.000 (19/1/0)".
func figures(c Count) string {
	return fmt.Sprintf("P %.3f R %.3f (%d/%d/%d)", c.Precision(), c.Recall(), c.TP, c.FP, c.FN)
}

// trimLine ends the line being written without its trailing spaces.
func trimLine(b *strings.Builder) {
	s := strings.TrimRight(b.String(), " ")
	b.Reset()
	b.WriteString(s)
	b.WriteString("\n")
}
