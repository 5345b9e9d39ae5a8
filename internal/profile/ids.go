package profile

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// idLists are the keys whose values are technology ids of the catalog.
var idLists = []string{
	"team.skills", "organization.adopt", "organization.trial", "organization.assess",
	"organization.hold", "compare.candidates",
}

// CheckIDs reports the technology ids the profile names that are not in
// known (the catalog's ids): team.skills, the radar lists adopt, trial,
// assess and hold (also those of organization.by_type), compare.candidates and the ids of
// organization.standard_stacks. Each problem cites the element's line and
// suggests the nearest known id when one is close ("postgress" → did you
// mean "postgresql"?). The error is a *Error; nil when every id is known.
func (p *Profile) CheckIDs(known []string) error {
	if p == nil || !p.declared {
		return nil
	}
	set := make(map[string]bool, len(known))
	for _, id := range known {
		set[id] = true
	}
	var probs []Problem
	check := func(key, elemKey, id string) {
		if set[id] {
			return
		}
		msg := fmt.Sprintf("unknown technology id %q in %s", id, key)
		if near := Nearest(id, known); near != "" {
			msg += fmt.Sprintf("; did you mean %q?", near)
		} else {
			msg += "; `stacklint catalog` lists the ids"
		}
		d, ok := p.decls[elemKey]
		if !ok {
			d = p.decls[key]
		}
		probs = append(probs, Problem{File: p.File, Line: d.Line, Column: d.Column, Key: elemKey, Message: msg})
	}
	lists := map[string][]string{
		"team.skills": p.Team.Skills, "organization.adopt": p.Organization.Adopt,
		"organization.trial": p.Organization.Trial, "organization.assess": p.Organization.Assess,
		"organization.hold": p.Organization.Hold, "compare.candidates": p.Compare.Candidates,
	}
	for _, key := range idLists {
		for _, id := range lists[key] {
			check(key, p.elemKey(key, id), id)
		}
	}
	for _, typ := range ProjectTypes {
		r, ok := p.Organization.ByType[typ]
		if !ok {
			continue
		}
		for _, ring := range RingNames {
			key := "organization.by_type." + typ + "." + ring
			for _, id := range r.list(ring) {
				check(key, p.elemKey(key, id), id)
			}
		}
	}
	for i, st := range p.Organization.StandardStacks {
		for _, id := range st {
			check("organization.standard_stacks", "organization.standard_stacks."+itoa(i), id)
		}
	}
	if len(probs) == 0 {
		return nil
	}
	sort.SliceStable(probs, func(i, j int) bool {
		if probs[i].Line != probs[j].Line {
			return probs[i].Line < probs[j].Line
		}
		return probs[i].Column < probs[j].Column
	})
	return &Error{File: p.File, Problems: probs}
}

// elemKey finds the key of the element of list key whose declared value is
// value ("team.skills.1"), or key itself.
func (p *Profile) elemKey(key, value string) string {
	for i := 0; ; i++ {
		k := key + "." + itoa(i)
		d, ok := p.decls[k]
		if !ok {
			return key
		}
		if d.Value == strconv.Quote(value) {
			return k
		}
	}
}

// Nearest returns the id of known closest to id, when it is close enough
// to be a likely typo: at most max(1, len(id)/3) edits away (a swap of two
// neighbours is one edit), or id is a prefix of it of four characters or
// more ("postgres" → "postgresql"). Ties go to the one nearest id's length,
// then the alphabetically first.
// It returns "" when none is close.
func Nearest(id string, known []string) string {
	limit := max(1, len(id)/3)
	best, bestD := "", limit+2
	for _, k := range known {
		d := editDistance(id, k, limit+1)
		if d > limit {
			if len(id) < 4 || !strings.HasPrefix(k, id) {
				continue
			}
			d = limit + 1 // a prefix: after any typo within the limit
		}
		if d < bestD || d == bestD && closerLength(id, k, best) {
			best, bestD = k, d
		}
	}
	return best
}

// closerLength breaks a tie between candidates a and b for id: the one
// nearer id's length (the fewer letters added or dropped), then the
// alphabetically first.
func closerLength(id, a, b string) bool {
	da, db := abs(len(a)-len(id)), abs(len(b)-len(id))
	if da != db {
		return da < db
	}
	return a < b
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// editDistance is the optimal-string-alignment distance of a and b
// (insertions, deletions, substitutions and swaps of neighbours), or limit
// when it is at least limit.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	rows := [3][]int{make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)}
	for j := range rows[1] {
		rows[1][j] = j
	}
	for i := 1; i <= len(a); i++ {
		pp, prev, cur := rows[0], rows[1], rows[2]
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], pp[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		rows[0], rows[1], rows[2] = prev, cur, pp
	}
	return min(rows[1][len(b)], limit)
}
