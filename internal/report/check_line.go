package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// CheckLine writes one line per finding and location, in the form
// compilers use and editors' problem matchers and grep understand:
//
//	path:line:col: severity: message [rule]
//
// Findings come most severe first. Evidence carries no column, so col is
// always 1; a whole-file location is line 1. A finding about the whole
// repository is reported at the profile key or manifest that decided it.
// Waived findings are left out, and a clean check writes nothing. The
// problem matcher .github/stacklint-problem-matcher.json reads this form.
func CheckLine(w io.Writer, c *Check) error {
	bw := bufio.NewWriter(w)
	for _, f := range c.sortedFindings() {
		sites := c.sites(f)
		for _, s := range sites {
			fmt.Fprintf(bw, "%s:%d:1: %s: %s [%s]\n", lineField(s.Path), s.Line, f.Severity, lineField(siteMessage(f, s, len(sites))), f.RuleID)
		}
	}
	return bw.Flush()
}

// lineField keeps a path or message on its line: control characters
// (a newline in a file name, an escape sequence) become "?".
func lineField(p string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '?'
		}
		return r
	}, p)
}
