package python

import (
	"strings"

	"github.com/stacklint/stacklint/detectors/internal/envname"
)

// Normalize returns the PEP 503 normalised form of a Python package name:
// lowercase, with each run of "-", "_" and "." replaced by one "-".
func Normalize(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	sep := false
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '-' || c == '_' || c == '.':
			sep = true
			continue
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		if sep && b.Len() > 0 {
			b.WriteByte('-')
		}
		sep = false
		b.WriteByte(c)
	}
	return b.String()
}

// Requirement is one PEP 508 dependency specification.
type Requirement struct {
	// Name is the name as written.
	Name string
	// Extras are the extras in brackets, comma-separated, as written.
	Extras string
	// Specifier is the version specifier without spaces (">=2.0,<3").
	Specifier string
	// Marker is the environment marker after ";", trimmed.
	Marker string
	// URL is true for "name @ url" direct references.
	URL bool
}

// ParseRequirement parses a PEP 508 string such as
// `requests[security] >= 2.8.1, == 2.8.* ; python_version < "2.7"`.
// It returns a message saying what was expected when s is not one.
func ParseRequirement(s string) (Requirement, string) {
	var r Requirement
	s = strings.TrimSpace(s)
	n := nameLen(s)
	if n == 0 {
		if s == "" {
			return r, "expected a requirement, found nothing"
		}
		return r, "expected a package name (letters, digits, '-', '_' or '.') at the start of the requirement"
	}
	r.Name = s[:n]
	rest := strings.TrimLeft(s[n:], " \t")
	if strings.HasPrefix(rest, "[") {
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return r, "unclosed '[' in the extras of " + r.Name + "; expected ']'"
		}
		var ex []string
		for _, e := range strings.Split(rest[1:end], ",") {
			if e = strings.TrimSpace(e); e != "" {
				ex = append(ex, e)
			}
		}
		r.Extras = strings.Join(ex, ",")
		rest = strings.TrimLeft(rest[end+1:], " \t")
	}
	if strings.HasPrefix(rest, "@") {
		r.URL = true
		// A marker after a URL must be preceded by white space.
		if i := strings.Index(rest, " ;"); i >= 0 {
			r.Marker = strings.TrimSpace(rest[i+2:])
		} else if i := strings.Index(rest, "\t;"); i >= 0 {
			r.Marker = strings.TrimSpace(rest[i+2:])
		}
		return r, ""
	}
	spec := rest
	if i := strings.IndexByte(rest, ';'); i >= 0 {
		spec = rest[:i]
		r.Marker = strings.TrimSpace(rest[i+1:])
	}
	spec = strings.TrimSpace(spec)
	if strings.HasPrefix(spec, "(") {
		if !strings.HasSuffix(spec, ")") {
			return r, "unclosed '(' in the version specifier of " + r.Name + "; expected ')'"
		}
		spec = strings.TrimSpace(spec[1 : len(spec)-1])
	}
	if spec != "" && !strings.ContainsRune("<>=!~", rune(spec[0])) {
		return r, "expected a version specifier such as ==1.0 or >=2,<3 after " + r.Name + ", found " + quoteShort(spec)
	}
	r.Specifier = strings.Join(strings.Fields(spec), "")
	return r, ""
}

// nameLen returns the length of the PEP 508 name at the start of s:
// letters and digits, with "-", "_" and "." inside.
func nameLen(s string) int {
	n := 0
	for n < len(s) {
		c := s[n]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			n++
			continue
		}
		if n > 0 && (c == '-' || c == '_' || c == '.') {
			n++
			continue
		}
		break
	}
	for n > 0 && strings.IndexByte("-_.", s[n-1]) >= 0 {
		n--
	}
	return n
}

func quoteShort(s string) string {
	if len(s) > 40 {
		s = s[:40] + "..."
	}
	return "\"" + s + "\""
}

// isDevName reports whether a file or group name is development-only
// (envname.DevGroup: dev, test, lint, docs, typing, ci, bench...). The
// same test names dev-only requirements files, PEP 621
// optional-dependencies, PEP 735 dependency groups and Poetry groups.
func isDevName(name string) bool { return envname.DevGroup(name) }
