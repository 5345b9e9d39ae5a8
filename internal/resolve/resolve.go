// Package resolve turns the raw signals of a scan into a stack: it asks the
// catalog what each signal means, groups evidence per technology, follows
// implications (a driver implies its database), assigns every signal to its
// component and decides each technology's scope.
package resolve

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/stacklint/stacklint/detectors/catalog"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

type acc struct {
	entry      catalog.Entry
	versions   map[string]bool
	evidence   map[stack.Evidence]bool
	components map[string]bool
	scopes     map[string]bool
	direct     bool
}

// Build resolves a scan result against the catalog.
func Build(res *detect.Result, cat *catalog.Catalog) *stack.Stack {
	st := &stack.Stack{Diagnostics: res.Diagnostics, FilesScanned: len(res.FilesRead)}
	if st.Diagnostics == nil {
		st.Diagnostics = []stack.Diagnostic{}
	}

	// Components: every folder holding a project manifest.
	comps := map[string]*stack.Component{}
	for m := range res.Manifests {
		dir := path.Dir(m)
		c := comps[dir]
		if c == nil {
			c = &stack.Component{Path: dir, NonProduction: dir != "." && detect.IsNonProduction(dir+"/")}
			comps[dir] = c
		}
		c.Manifests = append(c.Manifests, m)
	}
	componentOf := func(file string) string {
		dir := path.Dir(file)
		for {
			if _, ok := comps[dir]; ok {
				return dir
			}
			if dir == "." || dir == "/" || dir == "" {
				return "."
			}
			dir = path.Dir(dir)
		}
	}

	techs := map[string]*acc{}
	get := func(e catalog.Entry) *acc {
		a := techs[e.ID]
		if a == nil {
			a = &acc{entry: e, versions: map[string]bool{}, evidence: map[stack.Evidence]bool{}, components: map[string]bool{}, scopes: map[string]bool{}}
			techs[e.ID] = a
		}
		return a
	}
	compTechs := map[string]map[string]bool{}

	for _, s := range res.Signals {
		if s.Kind == stack.KindFact {
			st.Facts = append(st.Facts, s)
			continue
		}
		st.Signals = append(st.Signals, s)
		entries := cat.Lookup(s.Ecosystem, s.Name)
		if len(entries) == 0 {
			continue
		}
		comp := componentOf(s.File)
		ev := stack.Evidence{File: s.File, Line: s.Line, Detail: detail(s), Scope: s.Scope}
		var add func(e catalog.Entry, ev stack.Evidence, direct bool, depth int)
		add = func(e catalog.Entry, ev stack.Evidence, direct bool, depth int) {
			a := get(e)
			a.evidence[ev] = true
			a.scopes[ev.Scope] = true
			a.components[comp] = true
			if direct {
				a.direct = true
				if v := strings.TrimSpace(s.Version); v != "" && e.VersionCounts(s.Name) {
					a.versions[v] = true
				}
			}
			if compTechs[comp] == nil {
				compTechs[comp] = map[string]bool{}
			}
			compTechs[comp][e.ID] = true
			if depth > 8 {
				return
			}
			for _, id := range e.Implies {
				im, ok := cat.Get(id)
				if !ok {
					continue
				}
				iev := ev
				iev.Detail = "implied by " + e.Name + " (" + ev.Detail + ")"
				add(im, iev, false, depth+1)
			}
		}
		for _, e := range entries {
			add(e, ev, true, 0)
		}
	}

	for id, a := range techs {
		t := stack.Technology{
			ID: id, Name: a.entry.Name, Layer: a.entry.Layer, Category: a.entry.Category,
			Versions: keys(a.versions), Components: keys(a.components), Implied: !a.direct,
		}
		switch {
		case a.scopes[stack.ScopeRuntime]:
			t.Scope = stack.ScopeRuntime
		case a.scopes[stack.ScopeDev]:
			t.Scope = stack.ScopeDev
		default:
			t.Scope = stack.ScopeNonProduction
		}
		for ev := range a.evidence {
			t.Evidence = append(t.Evidence, ev)
		}
		sort.Slice(t.Evidence, func(i, j int) bool {
			x, y := t.Evidence[i], t.Evidence[j]
			if x.File != y.File {
				return x.File < y.File
			}
			if x.Line != y.Line {
				return x.Line < y.Line
			}
			return x.Detail < y.Detail
		})
		st.Technologies = append(st.Technologies, t)
	}
	stack.SortTechnologies(st.Technologies)
	if st.Technologies == nil {
		st.Technologies = []stack.Technology{}
	}

	// A component appears when it holds a manifest or any technology.
	for dir := range compTechs {
		if comps[dir] == nil {
			comps[dir] = &stack.Component{Path: dir, NonProduction: dir != "." && detect.IsNonProduction(dir+"/")}
		}
	}
	order := map[string]int{}
	for i, t := range st.Technologies {
		order[t.ID] = i
	}
	for dir, c := range comps {
		sort.Strings(c.Manifests)
		if c.Manifests == nil {
			c.Manifests = []string{}
		}
		ids := keys(compTechs[dir])
		sort.SliceStable(ids, func(i, j int) bool { return order[ids[i]] < order[ids[j]] })
		c.Technologies = ids
		st.Components = append(st.Components, *c)
	}
	sort.Slice(st.Components, func(i, j int) bool { return st.Components[i].Path < st.Components[j].Path })
	if st.Components == nil {
		st.Components = []stack.Component{}
	}
	if st.Facts == nil {
		st.Facts = []stack.Signal{}
	}
	return st
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// detail describes a signal for evidence: "npm package express ^4.18.2".
func detail(s stack.Signal) string {
	var what string
	switch s.Kind {
	case stack.KindPackage:
		what = s.Ecosystem + " package " + s.Name
	case stack.KindRuntime:
		what = "runtime " + s.Name
	case stack.KindImage:
		what = "image " + s.Name
	case stack.KindResource:
		what = s.Ecosystem + " " + s.Name
	case stack.KindTool:
		what = s.Name
	case stack.KindDatastore:
		what = "datastore " + s.Name
	default:
		what = fmt.Sprintf("%s %s", s.Kind, s.Name)
	}
	if s.Version != "" {
		if s.Kind == stack.KindImage {
			what += ":" + s.Version
		} else {
			what += " " + s.Version
		}
	}
	if s.Scope == stack.ScopeDev {
		what += " (dev)"
	}
	return what
}
