package compare

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// Migration is what switching from the current stack to a candidate
// touches, read from the detected components and evidence.
type Migration struct {
	// SameLanguage is true when the candidate keeps the current language.
	SameLanguage bool `json:"same_language"`
	// Components are the components that run the current language or
	// framework: each is rewritten or reworked.
	Components []string `json:"components"`
	// Replaces are the current technologies the switch drops (the
	// language, the framework, libraries of its ecosystem), by name.
	Replaces []string `json:"replaces"`
	// Keeps are the datastores the data stays in.
	Keeps []string `json:"keeps"`
	// Files are the manifests and infrastructure files that name what is
	// replaced (package manifests, Dockerfiles, CI workflows...).
	Files []string `json:"files"`
	// Skills are the candidate's technologies the team does not list in
	// team.skills (empty when team.skills is undeclared).
	Skills []string `json:"skills"`
}

// migration scores a switch and fills o.Migration; the current stack
// scores 10.
func (o *option) migration() []Reason {
	if o.Current {
		return []Reason{reason(0, "The current stack: nothing to migrate", "detected stack")}
	}
	cur := o.current
	if cur == nil {
		return nil
	}
	m := &Migration{Components: []string{}, Replaces: []string{}, Keeps: []string{}, Files: []string{}, Skills: []string{}}
	m.SameLanguage = cur.lang != nil && o.lang != nil && (cur.lang.ID == o.lang.ID || !droppedID(o.dropped, cur.lang.ID))
	nonProd := map[string]bool{}
	for _, c := range cur.ctx.Stack.Components {
		if c.NonProduction {
			nonProd[c.Path] = true
		}
	}
	comps := map[string]bool{}
	for _, id := range []string{cur.Framework, cur.Language} {
		if t, ok := cur.ctx.Stack.Tech(id); ok {
			for _, c := range t.Components {
				if !nonProd[c] {
					comps[c] = true
				}
			}
		}
	}
	m.Components = sortedKeys(comps)
	files := map[string]bool{}
	for _, t := range o.dropped {
		m.Replaces = append(m.Replaces, t.Name)
		for _, e := range rule.ProductionEvidence(t) {
			if e.File != "" && !rule.IsImplied(e) {
				files[e.File] = true
			}
		}
	}
	m.Files = sortedKeys(files)
	for _, t := range cur.ctx.StatefulStores() {
		m.Keeps = append(m.Keeps, t.Name)
	}
	sort.Strings(m.Keeps)
	p := o.p()
	if len(p.Team.Skills) > 0 {
		for _, e := range []string{o.Language, o.Framework} {
			if e == "" || o.ctx.Covered(e) || (e == o.Framework && o.lang != nil && o.ctx.Covered(o.lang.ID)) {
				continue
			}
			m.Skills = append(m.Skills, e)
		}
	}
	o.Migration = m

	var out []Reason
	n := float64(len(m.Components))
	if m.SameLanguage {
		out = append(out, reason(-math.Min(2, n), fmt.Sprintf("%s: the framework changes in %s; the language, build and most libraries stay",
			plural(len(m.Components), "component"), strings.Join(m.Components, ", ")), "detected components"))
	} else {
		out = append(out, reason(-math.Min(3, n), fmt.Sprintf("%s to rewrite in %s: %s", plural(len(m.Components), "component"), nameOf(o.lang), strings.Join(m.Components, ", ")),
			"detected components"))
		out = append(out, reason(-2, "A new language: "+nameOf(cur.lang)+" to "+nameOf(o.lang)+", with its build, packaging and runtime images", "detected stack"))
	}
	if k := len(m.Replaces); k > 0 {
		out = append(out, reason(-math.Min(3, math.Ceil(float64(k)/4)), fmt.Sprintf("%s to replace: %s", plural(k, "technology"), listSome(m.Replaces, 8)),
			"detected stack (evidence in "+listSome(m.Files, 4)+")"))
	}
	if len(m.Keeps) > 0 {
		out = append(out, reason(0, "The data stays in "+rule.JoinAnd(m.Keeps)+" (new drivers only)", "detected stack"))
	}
	if len(m.Skills) > 0 {
		out = append(out, reason(-1, "Skills the team would need: "+strings.Join(m.Skills, ", "), o.ref("team.skills")))
	}
	return out
}

func droppedID(ts []stack.Technology, id string) bool {
	for _, t := range ts {
		if t.ID == id {
			return true
		}
	}
	return false
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(word, "y"))
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// listSome joins up to max items and says how many more there are.
func listSome(xs []string, max int) string {
	if len(xs) <= max {
		return strings.Join(xs, ", ")
	}
	return strings.Join(xs[:max], ", ") + fmt.Sprintf(" and %d more", len(xs)-max)
}

func nameOf(e *catalog.Entry) string {
	if e == nil {
		return "another language"
	}
	return e.Name
}
