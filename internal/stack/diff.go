package stack

import "sort"

// Change is a technology whose declared versions changed between two stacks.
type Change struct {
	Technology Technology `json:"technology"`
	From       []string   `json:"from"`
	To         []string   `json:"to"`
}

// Diff is what changed in the production stack from a base to a head.
type Diff struct {
	// Added are production technologies in head and not in base.
	Added []Technology `json:"added"`
	// Removed are production technologies in base and not in head.
	Removed []Technology `json:"removed"`
	// Changed are technologies whose short versions differ.
	Changed []Change `json:"changed"`
}

// Empty reports whether nothing changed.
func (d Diff) Empty() bool { return len(d.Added) == 0 && len(d.Removed) == 0 && len(d.Changed) == 0 }

// Compare computes the production-stack difference from base to head.
func Compare(base, head *Stack) Diff {
	b := map[string]Technology{}
	for _, t := range base.Production() {
		b[t.ID] = t
	}
	h := map[string]Technology{}
	d := Diff{Added: []Technology{}, Removed: []Technology{}, Changed: []Change{}}
	for _, t := range head.Production() {
		h[t.ID] = t
		bt, ok := b[t.ID]
		if !ok {
			d.Added = append(d.Added, t)
			continue
		}
		if from, to := shortSet(bt.Versions), shortSet(t.Versions); !equalStrings(from, to) && len(to) > 0 {
			d.Changed = append(d.Changed, Change{Technology: t, From: from, To: to})
		}
	}
	for _, t := range base.Production() {
		if _, ok := h[t.ID]; !ok {
			d.Removed = append(d.Removed, t)
		}
	}
	SortTechnologies(d.Added)
	SortTechnologies(d.Removed)
	return d
}

func shortSet(vs []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, v := range vs {
		if s := ShortVersion(v); s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
