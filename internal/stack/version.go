package stack

import (
	"sort"
	"strconv"
	"strings"
)

// Bound is one end of a version interval. An empty Version means the
// interval is unbounded on that side.
type Bound struct {
	// Version is dotted numeric ("3.11", "20", "4.2.7"); "" when unbounded.
	Version string
	// Inclusive is true when Version itself is allowed.
	Inclusive bool
}

// Interval is a contiguous set of versions between Min and Max.
type Interval struct {
	Min, Max Bound
}

// Constraint is a declared version or constraint read into the versions it
// allows: a union of intervals. It understands npm and Composer ranges
// (^ ~ x-ranges, hyphen ranges, ||), PEP 440 (~= == != ,), RubyGems (~>),
// Maven ranges ([1.0,2.0)), bare versions, Docker tags ("20-alpine") and
// target frameworks ("net8.0").
type Constraint struct {
	// Any lists the alternatives; a version is allowed when one of them
	// holds it. Empty when nothing could be read ("latest", "lts/*").
	Any []Interval
	// Exact is true for a pin: one bare or "=="-prefixed version, a Docker
	// tag, a Maven hard requirement "[1.2.3]".
	Exact bool
}

// ParseConstraint reads a declared version or constraint. It never fails:
// what it cannot read is left out.
func ParseConstraint(v string) Constraint {
	v = strings.Trim(strings.TrimSpace(v), "\"'")
	var alts []string
	switch {
	case strings.Contains(v, "||"):
		alts = strings.Split(v, "||")
	case strings.Contains(v, "|"): // Composer's single pipe
		alts = strings.Split(v, "|")
	default:
		alts = []string{v}
	}
	var c Constraint
	for _, a := range alts {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		if a[0] == '[' || a[0] == '(' {
			ivs, exact := mavenRanges(a)
			c.Any = append(c.Any, ivs...)
			c.Exact = exact && len(alts) == 1
			continue
		}
		if lo, hi, ok := strings.Cut(a, " - "); ok { // npm hyphen range
			l, h := parseVersion(lo), parseVersion(hi)
			if l.ok && h.ok {
				iv := Interval{Min: Bound{l.str(), true}}
				if h.wild {
					iv.Max = Bound{bump(h.nums, len(h.nums)-1), false}
				} else {
					iv.Max = Bound{h.str(), true}
				}
				c.Any = append(c.Any, iv)
			}
			continue
		}
		iv, exact, ok := parseAlternative(a)
		if ok {
			c.Any = append(c.Any, iv)
			c.Exact = exact && len(alts) == 1
		}
	}
	return c
}

// parseAlternative reads one alternative: comparators joined by spaces or
// commas, all of which must hold.
func parseAlternative(a string) (iv Interval, exact, ok bool) {
	toks := comparators(a)
	read := false
	for _, t := range toks {
		pv := parseVersion(t.version)
		if !pv.ok {
			if t.version == "*" || t.version == "x" || t.version == "X" {
				read = true
			}
			continue
		}
		read = true
		lo, hi := pv.interval(t.op)
		iv.Min = maxBound(iv.Min, lo)
		iv.Max = minBound(iv.Max, hi)
		if len(toks) == 1 && (t.op == "" || t.op == "=" || t.op == "==" || t.op == "===") && !pv.wild {
			exact = true
		}
	}
	return iv, exact, read
}

type comparator struct{ op, version string }

// comparators splits "  >= 5.0, <7" into (">=","5.0"), ("<","7"),
// gluing an operator to the version that follows it after spaces.
func comparators(s string) []comparator {
	var out []comparator
	i := 0
	for i < len(s) {
		for i < len(s) && (s[i] == ' ' || s[i] == ',' || s[i] == '\t') {
			i++
		}
		j := i
		for j < len(s) && strings.IndexByte("<>=!~^", s[j]) >= 0 {
			j++
		}
		op := s[i:j]
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		k := j
		for k < len(s) && s[k] != ' ' && s[k] != ',' && s[k] != '\t' {
			k++
		}
		if op != "" || k > j {
			out = append(out, comparator{op: op, version: s[j:k]})
		}
		if k == i {
			k++
		}
		i = k
	}
	return out
}

// mavenRanges reads Maven version ranges: "[1.0,2.0)", "(,1.0],[1.2,)",
// "[1.2.3]" (a hard pin).
func mavenRanges(s string) ([]Interval, bool) {
	var out []Interval
	exact := false
	for s != "" {
		s = strings.TrimLeft(s, " ,")
		if s == "" || (s[0] != '[' && s[0] != '(') {
			break
		}
		end := strings.IndexAny(s, "])")
		if end < 0 {
			break
		}
		body := s[1:end]
		lo, hi, comma := strings.Cut(body, ",")
		var iv Interval
		if l := parseVersion(strings.TrimSpace(lo)); l.ok {
			iv.Min = Bound{l.str(), s[0] == '['}
		}
		if !comma {
			iv.Max = iv.Min
			exact = iv.Min.Version != "" && s[0] == '[' && s[end] == ']'
		} else if h := parseVersion(strings.TrimSpace(hi)); h.ok {
			iv.Max = Bound{h.str(), s[end] == ']'}
		}
		if iv.Min.Version != "" || iv.Max.Version != "" {
			out = append(out, iv)
		}
		s = s[end+1:]
	}
	return out, exact && len(out) == 1
}

// parsedVersion is the numeric head of a version: "20-alpine" -> [20],
// "3.11.*" -> [3 11] with a wildcard.
type parsedVersion struct {
	nums []int
	wild bool
	ok   bool
}

func (p parsedVersion) str() string {
	parts := make([]string, len(p.nums))
	for i, n := range p.nums {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ".")
}

func parseVersion(s string) parsedVersion {
	s = strings.TrimSpace(s)
	s = strings.TrimLeft(s, "vV")
	for _, p := range []string{"netcoreapp", "netstandard", "net"} {
		if rest, ok := strings.CutPrefix(s, p); ok && rest != "" && rest[0] >= '0' && rest[0] <= '9' {
			s = rest
			break
		}
	}
	var p parsedVersion
	i := 0
	for i < len(s) && len(p.nums) < 4 {
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i {
			if len(p.nums) > 0 && (s[i] == 'x' || s[i] == 'X' || s[i] == '*') {
				p.wild = true
			}
			break
		}
		n, err := strconv.Atoi(s[i:j])
		if err != nil || n > 1<<30 {
			break
		}
		p.nums = append(p.nums, n)
		if j+1 < len(s) && s[j] == '.' {
			i = j + 1
			continue
		}
		break
	}
	p.ok = len(p.nums) > 0
	return p
}

// interval is the set of versions the comparator op allows around p.
func (p parsedVersion) interval(op string) (lo, hi Bound) {
	v := p.str()
	n := len(p.nums)
	switch op {
	case "", "=", "==", "===":
		if p.wild || (op == "" && n < 3) {
			// "3.11.*", "20.x", and bare "20" or "3.11": a whole line.
			return Bound{v, true}, Bound{bump(p.nums, n-1), false}
		}
		return Bound{v, true}, Bound{v, true}
	case ">=":
		return Bound{v, true}, Bound{}
	case ">":
		return Bound{v, false}, Bound{}
	case "<":
		return Bound{}, Bound{v, false}
	case "<=":
		if p.wild {
			return Bound{}, Bound{bump(p.nums, n-1), false}
		}
		return Bound{}, Bound{v, true}
	case "^":
		i := 0
		for i < n-1 && p.nums[i] == 0 {
			i++
		}
		return Bound{v, true}, Bound{bump(p.nums, i), false}
	case "~":
		if n >= 2 {
			return Bound{v, true}, Bound{bump(p.nums, 1), false}
		}
		return Bound{v, true}, Bound{bump(p.nums, 0), false}
	case "~>", "~=":
		if n >= 2 {
			return Bound{v, true}, Bound{bump(p.nums, n-2), false}
		}
		return Bound{v, true}, Bound{bump(p.nums, 0), false}
	}
	return Bound{}, Bound{} // "!=" and unknown operators allow anything
}

// bump increments component i and drops the rest: bump([20 19 0], 0) = "21".
func bump(nums []int, i int) string {
	if i < 0 {
		i = 0
	}
	out := make([]int, i+1)
	copy(out, nums)
	out[i]++
	return parsedVersion{nums: out}.str()
}

func maxBound(a, b Bound) Bound {
	switch {
	case a.Version == "":
		return b
	case b.Version == "":
		return a
	}
	if c := CompareVersions(a.Version, b.Version); c > 0 || (c == 0 && !a.Inclusive) {
		return a
	}
	return b
}

func minBound(a, b Bound) Bound {
	switch {
	case a.Version == "":
		return b
	case b.Version == "":
		return a
	}
	if c := CompareVersions(a.Version, b.Version); c < 0 || (c == 0 && !a.Inclusive) {
		return a
	}
	return b
}

// CompareVersions compares dotted numeric versions, missing components
// counting as zero: CompareVersions("3.9", "3.11") < 0, ("24", "24.0") == 0.
func CompareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		var x, y int
		if i < len(as) {
			x, _ = strconv.Atoi(as[i])
		}
		if i < len(bs) {
			y, _ = strconv.Atoi(bs[i])
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

// Floor is the lowest version the constraint allows, dotted numeric: the
// lowest lower bound among its alternatives. It is "" when no alternative
// has a lower bound ("<3.0", "!=1.2", "latest").
func (c Constraint) Floor() string {
	floor := ""
	for _, iv := range c.Any {
		if iv.Min.Version == "" {
			continue
		}
		if floor == "" || CompareVersions(iv.Min.Version, floor) < 0 {
			floor = iv.Min.Version
		}
	}
	return floor
}

// Allows reports whether some version of the release line [lo, hi) is
// allowed by the constraint.
func (c Constraint) Allows(lo, hi string) bool {
	for _, iv := range c.Any {
		if iv.Max.Version != "" {
			if x := CompareVersions(lo, iv.Max.Version); x > 0 || (x == 0 && !iv.Max.Inclusive) {
				continue
			}
		}
		if iv.Min.Version != "" && hi != "" && CompareVersions(iv.Min.Version, hi) >= 0 {
			continue
		}
		return true
	}
	return false
}

// Bounded reports whether the constraint says anything: at least one
// alternative has a lower or an upper bound.
func (c Constraint) Bounded() bool {
	for _, iv := range c.Any {
		if iv.Min.Version != "" || iv.Max.Version != "" {
			return true
		}
	}
	return false
}

// LineEnd is the first version after the release line named by cycle:
// LineEnd("20") = "21", LineEnd("3.12") = "3.13".
func LineEnd(cycle string) string {
	p := parseVersion(cycle)
	if !p.ok {
		return ""
	}
	return bump(p.nums, len(p.nums)-1)
}

// ShortVersion reduces a declared version or constraint to a readable
// major.minor of the lowest version it allows: "^4.18.2" -> "4.18",
// ">=3.11,<4" and "<4,>=3.11" -> "3.11", "20-alpine" -> "20", "v1.9.1" ->
// "1.9", "net8.0" -> "8.0", "^20.19.0 || >=22.12.0" -> "20.19". It returns
// "" when no lower bound is given ("<3.0", "!=1.2", "latest").
func ShortVersion(v string) string {
	return truncate(ParseConstraint(v).Floor(), 2)
}

func truncate(v string, n int) string {
	parts := strings.SplitN(v, ".", n+1)
	if len(parts) > n {
		parts = parts[:n]
	}
	return strings.Join(parts, ".")
}

// displayVersion is the form of a version shown in reports: major.minor,
// three components for 0.x, trailing ".0" dropped ("24.0" -> "24").
func displayVersion(v string) string {
	f := ParseConstraint(v).Floor()
	if f == "" {
		return ""
	}
	n := 2
	if strings.HasPrefix(f, "0.") {
		n = 3
	}
	parts := strings.Split(truncate(f, n), ".")
	for len(parts) > 1 && parts[len(parts)-1] == "0" {
		parts = parts[:len(parts)-1]
	}
	return strings.Join(parts, ".")
}

// DisplayVersions renders distinct versions joined by "/", lowest first, at
// most three, for reports: ["^4.18.2", "4.18.0"] -> "4.18", ["22",
// "22.22.0"] -> "22.22" (a line and a release of it are one), ["21",
// "24.0"] -> "21/24", ["0.0.8"] -> "0.0.8".
func DisplayVersions(vs []string) string {
	seen := map[string]bool{}
	var all []string
	for _, v := range vs {
		if s := displayVersion(v); s != "" && !seen[s] {
			seen[s] = true
			all = append(all, s)
		}
	}
	var out []string
	for _, s := range all {
		covered := false
		for _, o := range all {
			if strings.HasPrefix(o, s+".") {
				covered = true // "22" is shown as the more precise "22.22"
				break
			}
		}
		if !covered {
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return CompareVersions(out[i], out[j]) < 0 })
	if len(out) > 3 {
		out = append(out[:3], "…")
	}
	return strings.Join(out, "/")
}
