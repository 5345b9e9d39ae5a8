// Package resolve turns the raw signals of a scan into a stack: it asks the
// catalog what each signal means, groups evidence per technology, follows
// implications (a driver implies its database), assigns every signal to its
// component and decides each technology's scope.
package resolve

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

type acc struct {
	entry    catalog.Entry
	versions []versionRec
	// evidence and components are appended as signals come (duplicates
	// included) and made sets once, at the end: a map per technology
	// cost more than the lists.
	evidence   []stack.Evidence
	components []string
	scopes     map[string]bool
	direct     bool
	// optional and required count the runtime declarations that are and
	// are not optional (package extras, optionalDependencies).
	optional, required int
	// selectable and fixed count, per component, the runtime declarations
	// made under a profile named after a database engine and the others.
	selectable, fixed map[string]int
	// roles holds, per evidence scope, the roles the evidence serves.
	roles map[string]map[stack.Role]bool
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

	// Each component's role, from its content: a docs site, a client or a
	// front end serves no backend; a docs site is not production either.
	// Dockerfiles only development Compose services build are
	// development: they deploy nothing.
	sigs := devBuilds(res.Signals)
	ri := decideRoles(res, sigs, cat, comps, componentOf)
	pins := versionPins(res.Signals)
	for _, c := range comps {
		if c.Role == stack.RoleDocs {
			c.NonProduction = true
		}
	}

	techs := map[string]*acc{}
	get := func(e catalog.Entry) *acc {
		a := techs[e.ID]
		if a == nil {
			a = &acc{entry: e, scopes: map[string]bool{}, roles: map[string]map[stack.Role]bool{}}
			techs[e.ID] = a
		}
		return a
	}
	compTechs := map[string]map[string]bool{}

	devDeclared := devDeclaredPackages(sigs)
	facts := 0
	for _, s := range sigs {
		if s.Kind == stack.KindFact {
			facts++
		}
	}
	st.Signals = make([]stack.Signal, 0, len(sigs)-facts)
	for _, s := range sigs {
		comp := componentOf(s.File)
		role := ri.signalRole(s, comp)
		if site, r, ok := ri.staticSite(s, componentOf); ok {
			comp, role = site, r
		}
		if !role.Backend() {
			// Rules leave out what a front end, a client, a tool or a
			// docs site declares.
			attrs := make(map[string]string, len(s.Attrs)+1)
			for k, v := range s.Attrs {
				attrs[k] = v
			}
			attrs[stack.AttrComponentRole] = string(role)
			s.Attrs = attrs
		}
		if s.Kind == stack.KindFact {
			st.Facts = append(st.Facts, s)
			continue
		}
		st.Signals = append(st.Signals, s)
		entries := cat.Lookup(s.Ecosystem, s.Name)
		if len(entries) == 0 {
			continue
		}
		if declarationOnly(s) || (peerDependency(s) && !devDeclared[pkgKey{s.File, s.Name}]) {
			// A version pin (dependencyManagement, a BOM, a platform, a
			// central package version) declares no use, nor does a peer
			// dependency alone: whoever installs the package provides it,
			// perhaps only for its types. A peer dependency the package
			// also installs for its own build and tests is one its code
			// runs against (a plugin's host ORM): a use.
			continue
		}
		opt := optionalSignal(s)
		sel := engineProfile(s)
		ev := stack.Evidence{File: s.File, Line: s.Line, Detail: detail(s), Scope: s.Scope, Kind: s.Kind, Version: s.DeclaredVersion()}
		var add func(e catalog.Entry, ev stack.Evidence, direct bool, role stack.Role, depth int)
		add = func(e catalog.Entry, ev stack.Evidence, direct bool, role stack.Role, depth int) {
			if r := entryRole(e, s); r != "" && role.Backend() {
				// A UI or client framework is never the backend's; in a
				// client or docs site it serves that.
				role = r
			}
			a := get(e)
			a.evidence = append(a.evidence, ev)
			a.scopes[ev.Scope] = true
			if n := len(a.components); n == 0 || a.components[n-1] != comp {
				a.components = append(a.components, comp)
			}
			if a.roles[ev.Scope] == nil {
				a.roles[ev.Scope] = map[stack.Role]bool{}
			}
			a.roles[ev.Scope][role] = true
			if ev.Scope == stack.ScopeRuntime || ev.Scope == "" {
				if opt {
					a.optional++
				} else {
					a.required++
				}
				if sel {
					if a.selectable == nil {
						a.selectable = map[string]int{}
					}
					a.selectable[comp]++
				} else {
					if a.fixed == nil {
						a.fixed = map[string]int{}
					}
					a.fixed[comp]++
				}
			}
			if direct {
				a.direct = true
				// A version CI tests against or a per-engine file names is
				// a supported one (SupportedDatastore.Versions), not the
				// version production runs.
				v := strings.TrimSpace(s.Version)
				if v == "" {
					v = pins[pinKey(s)] // a version pinned for it elsewhere (Directory.Packages.props)
				}
				if v != "" && e.VersionCounts(s.Name) && s.Attr(stack.AttrSupported) == "" {
					a.versions = append(a.versions, versionRec{version: v, component: comp, rank: rankOf(s, v), scope: s.Scope, backend: role.Backend()})
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
				iev := stack.Evidence{File: ev.File, Line: ev.Line, Scope: ev.Scope, ImpliedBy: e.ID,
					Detail: "implied by " + e.Name + " (" + ev.Detail + ")"}
				add(im, iev, false, role, depth+1)
			}
		}
		for _, e := range entries {
			add(e, ev, true, role, 0)
		}
	}

	for id, a := range techs {
		t := stack.Technology{
			ID: id, Name: a.entry.Name, Layer: a.entry.Layer, Category: a.entry.Category,
			Components: sortedSet(a.components), Implied: !a.direct,
		}
		// The versions shown are those of the evidence that decided the
		// scope: a production technology's version never comes from
		// examples, tests or development-only declarations.
		from := stack.ScopeNonProduction
		switch {
		case a.scopes[stack.ScopeRuntime] && toolingCategories[a.entry.Category]:
			t.Scope = stack.ScopeDev
			from = stack.ScopeRuntime
			if !hasScope(a.versions, from) {
				from = stack.ScopeDev
			}
		case a.scopes[stack.ScopeRuntime]:
			t.Scope, from = stack.ScopeRuntime, stack.ScopeRuntime
			t.Optional = a.optional > 0 && a.required == 0
			for c, n := range a.selectable {
				if n > 0 && a.fixed[c] == 0 {
					t.SelectableIn = append(t.SelectableIn, c)
				}
			}
			sort.Strings(t.SelectableIn)
		case a.scopes[stack.ScopeDev]:
			t.Scope, from = stack.ScopeDev, stack.ScopeDev
		default:
			t.Scope = stack.ScopeNonProduction
		}
		rolesFrom := from
		if t.Scope == stack.ScopeDev && !a.scopes[stack.ScopeRuntime] {
			rolesFrom = stack.ScopeDev
		}
		t.Roles = sortRoles(a.roles[rolesFrom])
		if len(t.Roles) == 0 && rolesFrom == stack.ScopeRuntime {
			t.Roles = sortRoles(a.roles[""])
		}
		// A technology the backend uses shows the backend's versions.
		backend := t.Backend()
		t.Versions = versions(a.versions, from, backend)
		if len(t.Versions) == 0 && from == stack.ScopeRuntime {
			// Compile-time tools (TypeScript from tsconfig.json) declare
			// their version among development dependencies.
			t.Versions = versions(a.versions, stack.ScopeDev, backend)
		}
		t.Evidence = evidenceSet(a.evidence)
		st.Technologies = append(st.Technologies, t)
	}
	stack.SortTechnologies(st.Technologies)
	if st.Technologies == nil {
		st.Technologies = []stack.Technology{}
	}

	// A component appears when it holds a manifest or any technology.
	for dir := range compTechs {
		if comps[dir] == nil {
			comps[dir] = &stack.Component{Path: dir, NonProduction: dir != "." && detect.IsNonProduction(dir+"/"), Role: stack.RoleService}
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
	Datastores(st, cat)
	Supported(st, cat)
	return st
}

// versionPins returns the versions declaration-only signals pin, by
// ecosystem and package name: a dependency declared without a version
// (a .NET PackageReference under central package management, a Maven
// dependency its dependencyManagement pins) takes the pinned one.
func versionPins(sigs []stack.Signal) map[string]string {
	out := map[string]string{}
	for _, s := range sigs {
		if s.Kind != stack.KindPackage || !declarationOnly(s) {
			continue
		}
		if v := strings.TrimSpace(s.Version); v != "" {
			if _, ok := out[pinKey(s)]; !ok {
				out[pinKey(s)] = v
			}
		}
	}
	return out
}

func pinKey(s stack.Signal) string {
	return s.Ecosystem + "\x00" + strings.ToLower(s.Name)
}

// optionalSignal reports whether a declaration is optional: a package
// extra or optional dependency (attr optional=true, npm
// optionalDependencies).
func optionalSignal(s stack.Signal) bool {
	return s.Attr("optional") == "true" || s.Attr("group") == "optionalDependencies"
}

// engineWords name database engines; a Spring profile or an environment
// named after one (application-postgres.properties) configures a provider
// chosen at deploy time.
var engineWords = map[string]bool{
	"postgres": true, "postgresql": true, "pg": true, "mysql": true, "mariadb": true, "mssql": true, "sqlserver": true,
	"oracle": true, "h2": true, "sqlite": true, "hsqldb": true, "derby": true, "cockroach": true, "cockroachdb": true,
}

// engineProfile reports whether a signal comes from a configuration
// profile or environment named after a database engine.
func engineProfile(s stack.Signal) bool {
	for _, k := range []string{"profile", "environment"} {
		if engineWords[strings.ToLower(strings.TrimSpace(s.Attr(k)))] {
			return true
		}
	}
	return false
}

// toolingCategories are catalog categories that never make the production
// stack: test frameworks, development tools, package managers and build
// tools. Runtime evidence of them (testify in go.mod, which cannot mark a
// module test-only; Vitest in dependencies; a Playwright image) makes
// them dev.
var toolingCategories = map[string]bool{
	"testing":         true,
	"dev-tooling":     true,
	"package-manager": true,
	"build-tool":      true,
}

// Ranks of a declared version: within a component, only the versions of
// the highest rank count.
const (
	rankRange  = iota // a constraint or anything not read as a pin
	rankExact         // a pin: "4.2.7", "==4.2.7", "24-alpine", ".nvmrc 24"
	rankLocked        // a lockfile's resolved version (attr locked=true)
)

// versionRec is one declared version of a technology and where it came from.
type versionRec struct {
	version   string
	component string
	rank      int
	scope     string
	// backend is true when the declaration serves a backend role.
	backend bool
}

func rankOf(s stack.Signal, v string) int {
	switch {
	case s.Attr("locked") == "true":
		return rankLocked
	case stack.ParseConstraint(v).Exact:
		return rankExact
	}
	return rankRange
}

// versions keeps, per component, the versions of the highest rank (a
// lockfile beats a pin, a pin beats a range) and returns them distinct
// and sorted.
// With backend, the versions of backend components win when there are
// any: a front end's TypeScript does not set the backend's.
func versions(all []versionRec, scope string, backend bool) []string {
	var recs []versionRec
	for _, r := range all {
		if r.scope == scope {
			recs = append(recs, r)
		}
	}
	if backend {
		var be []versionRec
		for _, r := range recs {
			if r.backend {
				be = append(be, r)
			}
		}
		if len(be) > 0 {
			recs = be
		}
	}
	best := map[string]int{}
	for _, r := range recs {
		if b, ok := best[r.component]; !ok || r.rank > b {
			best[r.component] = r.rank
		}
	}
	set := map[string]bool{}
	for _, r := range recs {
		if r.rank == best[r.component] {
			set[r.version] = true
		}
	}
	return keys(set)
}

func hasScope(recs []versionRec, scope string) bool {
	for _, r := range recs {
		if r.scope == scope {
			return true
		}
	}
	return false
}

// sortedSet sorts list and drops its duplicates, in place.
func sortedSet(list []string) []string {
	if list == nil {
		return nil
	}
	sort.Strings(list)
	return slices.Compact(list)
}

// evidenceSet sorts evidence by file, line and detail (then scope) and
// drops exact duplicates, in place; nil stays nil.
func evidenceSet(evs []stack.Evidence) []stack.Evidence {
	if evs == nil {
		return nil
	}
	sort.Slice(evs, func(i, j int) bool {
		x, y := evs[i], evs[j]
		if x.File != y.File {
			return x.File < y.File
		}
		if x.Line != y.Line {
			return x.Line < y.Line
		}
		if x.Detail != y.Detail {
			return x.Detail < y.Detail
		}
		return x.Scope < y.Scope
	})
	return slices.Compact(evs)
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
	if v := s.DeclaredVersion(); v != "" {
		if s.Kind == stack.KindImage {
			what += ":" + v
		} else {
			what += " " + v
		}
	}
	if s.Scope == stack.ScopeDev {
		what += " (dev)"
	}
	return what
}
