package compare

import (
	"sort"
	"strings"

	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/resolve"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// packageEcosystems are the ecosystems of application libraries: a
// technology seen only through them belongs to the application's language
// and goes when the language does.
var packageEcosystems = map[string]bool{
	stack.EcoGo: true, stack.EcoNPM: true, stack.EcoPyPI: true, stack.EcoMaven: true, stack.EcoNuGet: true,
	stack.EcoComposer: true, stack.EcoRubyGems: true, stack.EcoCargo: true, stack.EcoHex: true, stack.EcoPub: true,
}

// currentOption builds the option of the repository's own stack, or nil
// when it has no production technology.
func currentOption(in Input, p *profile.Profile) *option {
	if in.Stack == nil || len(in.Stack.Production()) == 0 {
		return nil
	}
	ctx := &rule.Context{Stack: in.Stack, Profile: p, Catalog: in.Catalog, Today: in.Today}
	o := &option{ctx: ctx}
	o.ID, o.Current = CurrentID, true
	name := ""
	if t, ok := ctx.PrimaryFramework(); ok {
		if e, ok := in.Catalog.Get(t.ID); ok {
			o.fw = &e
		}
		o.Framework, name = t.ID, t.Name
	}
	if t, ok := ctx.PrimaryLanguage(); ok {
		if e, ok := in.Catalog.Get(t.ID); ok {
			o.lang = &e
		}
		o.Language = t.ID
		if name == "" {
			name = t.Name
		}
	}
	if name == "" {
		name = "no language or framework detected"
	}
	o.Name = "current: " + name
	o.Stack = stackName(o.lang, o.fw)
	o.result = rule.Run(ctx, in.Rules)
	o.Findings = o.result.Findings
	return o
}

// candidateOption builds the option of a candidate framework: a synthetic
// stack scored by the same rules.
func candidateOption(in Input, p *profile.Profile, id string, cur *option) *option {
	fw, _ := in.Catalog.Get(id)
	o := &option{fw: &fw, current: cur}
	o.ID, o.Name, o.Framework = id, fw.Name, id
	closure := impliedClosure(in.Catalog, id)
	for _, x := range closure {
		if e, ok := in.Catalog.Get(x); ok && e.Layer == stack.LayerLanguage && o.lang == nil {
			e := e
			o.lang = &e
			o.Language = e.ID
		}
	}
	o.Stack = stackName(o.lang, o.fw)
	st, dropped := synthesize(in, closure, cur)
	o.dropped = dropped
	// A candidate's findings are read per criterion, beside the other
	// options' findings, and cite no evidence to spare: no "see … above"
	// between them. (The current option's agree with check's.)
	o.ctx = &rule.Context{Stack: st, Profile: p, Catalog: in.Catalog, Today: in.Today, Unlinked: true}
	o.result = rule.Run(o.ctx, in.Rules)
	// A synthetic technology has no evidence: drop the empty "()" rule
	// messages leave where they cite it.
	for i := range o.result.Findings {
		o.result.Findings[i].Message = strings.ReplaceAll(o.result.Findings[i].Message, " ()", "")
	}
	o.Findings = o.result.Findings
	return o
}

// stackName renders "Node.js + NestJS".
func stackName(lang, fw *catalog.Entry) string {
	switch {
	case lang != nil && fw != nil:
		return lang.Name + " + " + fw.Name
	case fw != nil:
		return fw.Name
	case lang != nil:
		return lang.Name
	}
	return ""
}

// impliedClosure returns id and every id it implies, transitively, in
// breadth-first order.
func impliedClosure(cat *catalog.Catalog, id string) []string {
	out := []string{id}
	seen := map[string]bool{id: true}
	for i := 0; i < len(out); i++ {
		e, ok := cat.Get(out[i])
		if !ok {
			continue
		}
		for _, x := range e.Implies {
			if !seen[x] {
				seen[x] = true
				out = append(out, x)
			}
		}
	}
	return out
}

// synthesize builds a candidate's stack: the current stack (if any) with
// its application layer replaced by the candidate's technologies (ids).
// Datastores, infrastructure, supporting services outside the application
// ecosystems, facts and components stay. It returns the current
// technologies the switch drops.
func synthesize(in Input, ids []string, cur *option) (*stack.Stack, []stack.Technology) {
	st := &stack.Stack{}
	candEco := map[string]bool{}
	for _, id := range ids {
		if e, ok := in.Catalog.Get(id); ok {
			for eco := range e.Match {
				if packageEcosystems[eco] {
					candEco[eco] = true
				}
			}
		}
	}
	var dropped []stack.Technology
	have := map[string]bool{}
	comps := []string{"."}
	if cur != nil {
		cs := in.Stack
		ecos := techEcosystems(in.Catalog, cs)
		primary := map[string]bool{cur.Framework: true, cur.Language: true}
		backendComps := map[string]bool{}
		for _, id := range []string{cur.Framework, cur.Language} {
			if t, ok := cs.Tech(id); ok {
				for _, c := range t.Components {
					backendComps[c] = true
				}
			}
		}
		if len(backendComps) > 0 {
			comps = sortedKeys(backendComps)
		}
		inCand := map[string]bool{}
		for _, id := range ids {
			inCand[id] = true
		}
		for _, t := range cs.Technologies {
			if !t.Production() {
				st.Technologies = append(st.Technologies, t)
				continue
			}
			if inCand[t.ID] {
				// The candidate keeps it (a NestJS switch keeps Node.js,
				// its versions and evidence).
				st.Technologies = append(st.Technologies, t)
				have[t.ID] = true
				continue
			}
			if replaced(in.Catalog, t, ecos[t.ID], candEco, primary[t.ID]) || extends(in.Catalog, t.ID, cur.Framework) {
				dropped = append(dropped, t)
				continue
			}
			st.Technologies = append(st.Technologies, t)
		}
		st.Components = cs.Components
		st.Facts = cs.Facts
	}
	for _, id := range ids {
		e, ok := in.Catalog.Get(id)
		if !ok || have[id] {
			continue
		}
		st.Technologies = append(st.Technologies, stack.Technology{
			ID: e.ID, Name: e.Name, Layer: e.Layer, Category: e.Category,
			Scope: stack.ScopeRuntime, Components: comps, Evidence: []stack.Evidence{},
		})
	}
	stack.SortTechnologies(st.Technologies)
	// The candidate's datastores and system of record, decided as a scan
	// decides them (a candidate's ORM can bring the migrations).
	resolve.Datastores(st, in.Catalog)
	return st, dropped
}

// replaced reports whether a switch to a candidate whose libraries come
// from candEco drops the current technology t: the current primary
// framework always goes, its language unless the candidate shares it;
// other languages and frameworks, and libraries seen only through package
// ecosystems the candidate does not use, go too. Stateful technologies
// (the data) and everything else stay.
func replaced(cat *catalog.Catalog, t stack.Technology, ecos map[string]bool, candEco map[string]bool, primary bool) bool {
	if e, ok := cat.Get(t.ID); ok && e.Stateful {
		return false
	}
	shares := false
	onlyPackages := len(ecos) > 0
	for eco := range ecos {
		if candEco[eco] {
			shares = true
		}
		if !packageEcosystems[eco] {
			onlyPackages = false
		}
	}
	if primary {
		// The primary framework is what the candidate replaces; the
		// primary language goes only when the candidate has another.
		return t.Layer == stack.LayerFramework || !shares
	}
	switch t.Layer {
	case stack.LayerLanguage:
		return !shares
	case stack.LayerFramework:
		return !shares && (onlyPackages || len(ecos) == 0)
	}
	return onlyPackages && !shares
}

// extends reports whether a technology builds on the framework fw (its
// catalog entry implies it: Django REST framework on Django), so it goes
// when fw does.
func extends(cat *catalog.Catalog, id, fw string) bool {
	if fw == "" || id == fw {
		return false
	}
	e, ok := cat.Get(id)
	if !ok {
		return false
	}
	for _, x := range e.Implies {
		if x == fw {
			return true
		}
	}
	return false
}

// techEcosystems maps each technology id to the ecosystems of the signals
// that reveal it directly.
func techEcosystems(cat *catalog.Catalog, st *stack.Stack) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, s := range st.Signals {
		if s.Scope == stack.ScopeNonProduction {
			continue
		}
		for _, e := range cat.Lookup(s.Ecosystem, s.Name) {
			if out[e.ID] == nil {
				out[e.ID] = map[string]bool{}
			}
			out[e.ID][s.Ecosystem] = true
		}
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
