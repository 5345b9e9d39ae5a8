package resolve

import (
	"sort"

	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/stack"
)

// Sources of support evidence besides the signals' own AttrSupported
// values: a configuration profile or environment named after an engine
// (application-postgres.properties).
const sourceEngineProfile = "engine-profile"

// Supported sets st.SupportedDatastores: the stores the product supports
// or is tested against. A signal counts when it carries
// stack.AttrSupported (a CI service container, a CI matrix entry, a
// per-engine environment file) or comes from a configuration profile named
// after an engine, is not from examples or tests, and names (directly or
// through the catalog's implications) a stateful technology of a
// datastore category. Such evidence never makes a store production by
// itself: its scope is whatever the detector gave it (CI evidence is dev),
// so a PostgreSQL only CI runs is listed here and never becomes the
// system of record. Datastores must run first: Production says whether
// the store is also one of st.Datastores.
func Supported(st *stack.Stack, cat *catalog.Catalog) {
	st.SupportedDatastores = []stack.SupportedDatastore{}
	if cat == nil {
		return
	}
	inProd := map[string]bool{}
	for _, d := range st.Datastores {
		for _, m := range d.Members {
			inProd[m] = true
		}
	}
	type acc struct {
		d        stack.SupportedDatastore
		versions map[string]bool
		sources  map[string]bool
		evidence map[stack.Evidence]bool
	}
	byID := map[string]*acc{}
	for _, s := range st.Signals {
		if s.Scope == stack.ScopeNonProduction {
			continue
		}
		source := s.Attr(stack.AttrSupported)
		if source == "" && engineProfile(s) {
			source = sourceEngineProfile
		}
		if source == "" {
			continue
		}
		direct := stack.Evidence{File: s.File, Line: s.Line, Detail: detail(s), Scope: s.Scope, Kind: s.Kind, Version: s.DeclaredVersion()}
		for _, e := range storesOf(cat, cat.Lookup(s.Ecosystem, s.Name), 0) {
			ev := direct
			if !e.direct {
				ev = stack.Evidence{File: s.File, Line: s.Line, Scope: s.Scope, ImpliedBy: e.by.ID,
					Detail: "implied by " + e.by.Name + " (" + direct.Detail + ")"}
			}
			a := byID[e.entry.ID]
			if a == nil {
				a = &acc{d: stack.SupportedDatastore{ID: e.entry.ID, Name: e.entry.Name, Role: storeRoles[e.entry.Category]},
					versions: map[string]bool{}, sources: map[string]bool{}, evidence: map[stack.Evidence]bool{}}
				byID[e.entry.ID] = a
			}
			a.sources[source] = true
			a.evidence[ev] = true
			if e.direct && s.Version != "" && (s.Ecosystem == stack.EcoDatastore || e.entry.VersionCounts(s.Name)) {
				a.versions[s.Version] = true
			}
		}
	}
	for id, a := range byID {
		a.d.Production = inProd[id]
		a.d.Versions = keys(a.versions)
		a.d.Sources = keys(a.sources)
		for ev := range a.evidence {
			a.d.Evidence = append(a.d.Evidence, ev)
		}
		sort.Slice(a.d.Evidence, func(i, j int) bool {
			x, y := a.d.Evidence[i], a.d.Evidence[j]
			if x.File != y.File {
				return x.File < y.File
			}
			if x.Line != y.Line {
				return x.Line < y.Line
			}
			return x.Detail < y.Detail
		})
		st.SupportedDatastores = append(st.SupportedDatastores, a.d)
	}
	sort.Slice(st.SupportedDatastores, func(i, j int) bool { return st.SupportedDatastores[i].ID < st.SupportedDatastores[j].ID })
}

// storeMatch is a datastore a signal names, directly or through an
// implication (a driver implying its database).
type storeMatch struct {
	entry  catalog.Entry
	direct bool
	by     catalog.Entry // the entry implying it, when not direct
}

// storesOf returns the stateful datastore technologies among entries and
// what they imply, each once.
func storesOf(cat *catalog.Catalog, entries []catalog.Entry, depth int) []storeMatch {
	var out []storeMatch
	seen := map[string]bool{}
	var add func(e, by catalog.Entry, direct bool, depth int)
	add = func(e, by catalog.Entry, direct bool, depth int) {
		if seen[e.ID] || depth > 8 {
			return
		}
		seen[e.ID] = true
		if e.Stateful && storeRoles[e.Category] != "" {
			out = append(out, storeMatch{entry: e, direct: direct, by: by})
		}
		for _, id := range e.Implies {
			if im, ok := cat.Get(id); ok {
				add(im, e, false, depth+1)
			}
		}
	}
	for _, e := range entries {
		add(e, catalog.Entry{}, true, depth)
	}
	return out
}
