package stack

import (
	"strings"
)

// ShortVersion reduces a declared version or constraint to a readable
// major.minor: "^4.18.2" -> "4.18", ">=3.11,<4" -> "3.11", "20-alpine" -> "20",
// "v1.9.1" -> "1.9", "net8.0" -> "8.0". It returns "" when no digit leads.
func ShortVersion(v string) string {
	v = strings.TrimLeft(strings.TrimSpace(v), "^~>=<!v* \"'")
	if i := strings.IndexAny(v, ",| "); i > 0 {
		v = v[:i]
	}
	v = strings.TrimPrefix(v, "netcoreapp")
	v = strings.TrimPrefix(v, "net")
	end := 0
	dots := 0
	for end < len(v) {
		c := v[end]
		if c >= '0' && c <= '9' {
			end++
			continue
		}
		if c == '.' && dots < 1 && end+1 < len(v) && v[end+1] >= '0' && v[end+1] <= '9' {
			dots++
			end++
			continue
		}
		break
	}
	return v[:end]
}

// DisplayVersions renders distinct short versions joined by "/", at most
// three, for reports: ["^4.18.2", "4.18.0"] -> "4.18".
func DisplayVersions(vs []string) string {
	var out []string
	seen := map[string]bool{}
	for _, v := range vs {
		s := ShortVersion(v)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	if len(out) > 3 {
		out = append(out[:3], "…")
	}
	return strings.Join(out, "/")
}
