package detect

import (
	"regexp"
	"sort"
	"strings"
)

// FilesRegexp returns a regular expression that matches every
// slash-separated path whose base name fits one of the patterns, read as
// Detector.Files patterns are (exact names, "*.ext", "prefix*"; any other
// pattern fits every name, as the scanner's index then asks Match about
// every file). It is written in the syntax RE2 and Python's re share, so
// the same text serves Go tests and pre-commit's `files:`. Patterns that
// differ only in letter case and cover every spelling ("*.md", "*.MD",
// "*.Md", "*.mD") fold into one with character classes ("[mM][dD]").
func FilesRegexp(patterns []string) string {
	var exact, prefixes, exts []string
	for _, p := range foldCase(patterns) {
		switch {
		case strings.HasPrefix(p.glob, "*.") && !strings.ContainsAny(p.glob[2:], "*.?["):
			exts = append(exts, p.quote(p.glob[2:]))
		case len(p.glob) > 1 && strings.HasSuffix(p.glob, "*") && !strings.ContainsAny(p.glob[:len(p.glob)-1], "*?["):
			prefixes = append(prefixes, p.quote(p.glob[:len(p.glob)-1])+`[^/]*`)
		case !strings.ContainsAny(p.glob, "*?["):
			exact = append(exact, p.quote(p.glob))
		default:
			return `(^|/)[^/]*$`
		}
	}
	alts := append(sortedUnique(exact), sortedUnique(prefixes)...)
	if exts = sortedUnique(exts); len(exts) > 0 {
		alts = append(alts, `[^/]*\.(`+strings.Join(exts, "|")+`)`)
	}
	if len(alts) == 0 {
		return `$.^` // matches nothing
	}
	return `(^|/)(` + strings.Join(alts, "|") + `)$`
}

// casePattern is a Files pattern and whether its letters match either case.
type casePattern struct {
	glob     string
	foldCase bool
}

// quote escapes s (a part of glob) for the expression, each letter as a
// two-case class when the pattern folds case.
func (p casePattern) quote(s string) string {
	if !p.foldCase {
		return regexp.QuoteMeta(s)
	}
	var b strings.Builder
	for _, r := range s {
		lo, up := strings.ToLower(string(r)), strings.ToUpper(string(r))
		if r < 0x80 && lo != up {
			b.WriteString("[" + lo + up + "]")
		} else {
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	return b.String()
}

// foldCase replaces each set of patterns holding every ASCII case
// spelling of one pattern by a single case-folding pattern.
func foldCase(patterns []string) []casePattern {
	spellings := map[string]map[string]bool{}
	for _, p := range patterns {
		k := strings.ToLower(p)
		if spellings[k] == nil {
			spellings[k] = map[string]bool{}
		}
		spellings[k][p] = true
	}
	var out []casePattern
	done := map[string]bool{}
	for _, p := range patterns {
		k := strings.ToLower(p)
		if done[k] {
			continue
		}
		letters := 0
		for i := 0; i < len(k); i++ {
			if k[i] >= 'a' && k[i] <= 'z' {
				letters++
			}
		}
		if letters > 0 && letters < 20 && len(spellings[k]) == 1<<letters {
			done[k] = true
			out = append(out, casePattern{glob: k, foldCase: true})
			continue
		}
		out = append(out, casePattern{glob: p})
	}
	return out
}

func sortedUnique(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}
