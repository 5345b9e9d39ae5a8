package resolve

import (
	"path"
	"sort"
	"strings"

	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// serviceCategories are catalog categories of technologies that serve
// requests: a component using one at run time is a backend service.
var serviceCategories = map[string]bool{
	"web-framework":       true,
	"api-framework":       true,
	"fullstack-framework": true,
	"app-server":          true,
}

// workerCategories are catalog categories of job and message consumers: a
// component using one at run time, and no service framework, is a worker.
var workerCategories = map[string]bool{
	"background-jobs": true,
}

// toolFolders are folder names that hold tools rather than services; they
// decide a component's role only when its content does not.
var toolFolders = map[string]bool{
	"tools": true, "tool": true, "scripts": true, "script": true, "cli": true,
	"seed": true, "seeds": true, "seeder": true, "seeders": true, "seeding": true,
	"codegen": true, "generator": true, "generators": true, "migrator": true,
}

// frontendFolders are folder names of web front ends; they decide a
// component's role only when its content has no server framework and its
// manifest runs nothing on Node.js itself.
var frontendFolders = map[string]bool{
	"web": true, "webapp": true, "web-app": true, "frontend": true, "front-end": true, "front": true,
	"ui": true, "spa": true, "client": true, "www": true, "site": true, "website": true, "dashboard": true,
}

// roleEvidence is what one component's own signals say about its role.
type roleEvidence struct {
	docs, client, frontend []string // catalog roles, as "Name in file"
	service, worker        []string // runtime framework evidence
	command, library       []string // entry-point facts
	runtimePkgs, devPkgs   int
	nodeServes             bool   // a package.json whose Node.js runtime is not dev-only
	assetBuild             string // a package.json building browser assets
	langs                  map[string]bool
	workspace              bool
	otherManifest          bool // a manifest other than package.json
}

// decideRoles sets the Role of every component from its own signals:
// catalog roles (docs site, client, front end), then a runtime server or
// job framework (service, worker), then entry points detectors report
// (a command: tool; a library), then its folder's name, else service.
func decideRoles(res *detect.Result, cat *catalog.Catalog, comps map[string]*stack.Component, componentOf func(string) string) {
	ev := map[string]*roleEvidence{}
	get := func(c string) *roleEvidence {
		e := ev[c]
		if e == nil {
			e = &roleEvidence{}
			ev[c] = e
		}
		return e
	}
	for m := range res.Manifests {
		if path.Base(m) != "package.json" {
			get(path.Dir(m)).otherManifest = true
		}
	}
	for _, s := range res.Signals {
		comp := componentOf(s.File)
		if comp == "." && path.Dir(s.File) != "." && s.Kind != stack.KindPackage && s.Kind != stack.KindRuntime {
			continue // repository-level files (CI, deployment) say nothing of the root's role
		}
		e := get(comp)
		if s.Kind == stack.KindFact {
			switch s.Name {
			case stack.FactEntryPoint:
				where := s.Attr("detail")
				if where == "" {
					where = s.Attr("kind")
				}
				where += " in " + s.File
				switch s.Attr("kind") {
				case stack.EntryCommand:
					e.command = append(e.command, where)
				case stack.EntryLibrary:
					e.library = append(e.library, where)
				}
			case stack.FactWorkspace:
				e.workspace = true
			}
			continue
		}
		if s.Kind == stack.KindRuntime && s.Name == "nodejs" && path.Base(s.File) == "package.json" {
			if s.Scope == stack.ScopeRuntime {
				e.nodeServes = true
			}
			if s.Attr("role") == "asset-build" {
				e.assetBuild = s.File + " builds browser assets"
			}
		}
		if s.Kind == stack.KindRuntime {
			if e.langs == nil {
				e.langs = map[string]bool{}
			}
			e.langs[language(s.Name)] = true
		}
		if s.Kind == stack.KindPackage {
			if s.Scope == stack.ScopeDev {
				e.devPkgs++
			} else if !declarationOnly(s) && !peerDependency(s) {
				e.runtimePkgs++
			}
		}
		if declarationOnly(s) {
			continue
		}
		for _, en := range cat.Lookup(s.Ecosystem, s.Name) {
			what := en.Name + " in " + s.File
			switch {
			case en.Role == stack.RoleDocs:
				e.docs = append(e.docs, what)
			case en.Role == stack.RoleClient:
				e.client = append(e.client, what)
			case en.Role == stack.RoleFrontend:
				e.frontend = append(e.frontend, what)
			case s.Scope != stack.ScopeRuntime || peerDependency(s):
			case serviceCategories[en.Category]:
				e.service = append(e.service, what)
			case workerCategories[en.Category]:
				e.worker = append(e.worker, what)
			}
		}
	}
	dirs := make([]string, 0, len(comps))
	for dir := range comps {
		dirs = append(dirs, dir)
	}
	// Parents first: a component inside another may take its role.
	sort.Slice(dirs, func(i, j int) bool {
		if a, b := strings.Count(dirs[i], "/"), strings.Count(dirs[j], "/"); a != b {
			return a < b
		}
		return dirs[i] < dirs[j]
	})
	for _, dir := range dirs {
		e := ev[dir]
		if e == nil {
			e = &roleEvidence{}
			ev[dir] = e
		}
		c := comps[dir]
		c.Role, c.RoleReason = roleOf(dir, e)
		if c.Role == stack.RoleService && c.RoleReason == "" && dir != "." {
			// Nothing of its own: a crate or package inside a client,
			// front end, tool or docs site is part of it.
			for p := path.Dir(dir); ; p = path.Dir(p) {
				if pc := comps[p]; pc != nil {
					if !pc.Role.Backend() && pc.Role != stack.RoleDevTooling {
						c.Role, c.RoleReason = pc.Role, "inside "+p
					}
					break
				}
				if p == "." || p == "/" {
					break
				}
			}
		}
	}
	// A library, or a component with no evidence of what it is, in a
	// language no evidenced backend component uses but a client or front
	// end does, is part of those: a Tauri app's Rust crates.
	backendLangs := map[string]bool{}
	uiLangs := map[string]stack.Role{}
	for _, dir := range dirs {
		c := comps[dir]
		for l := range ev[dir].langs {
			switch {
			case (c.Role == stack.RoleService || c.Role == stack.RoleWorker) && c.RoleReason != "":
				backendLangs[l] = true
			case c.Role == stack.RoleClient:
				uiLangs[l] = stack.RoleClient
			case c.Role == stack.RoleFrontend && uiLangs[l] == "":
				uiLangs[l] = stack.RoleFrontend
			}
		}
	}
	for _, dir := range dirs {
		c := comps[dir]
		if !(c.Role == stack.RoleLibrary || c.Role == stack.RoleService && c.RoleReason == "") {
			continue
		}
		var ls []string
		for l := range ev[dir].langs {
			ls = append(ls, l)
		}
		sort.Strings(ls)
		for _, l := range ls {
			if r := uiLangs[l]; r != "" && !backendLangs[l] {
				what := "a library"
				if c.Role != stack.RoleLibrary {
					what = "no server framework"
				}
				c.Role, c.RoleReason = r, what+"; "+langTitle(l)+" serves only "+string(r)+"s here"
				break
			}
		}
	}
}

// language groups runtimes by the code they run: TypeScript, Node.js,
// Deno and Bun are one language for deciding roles.
func language(runtime string) string {
	switch runtime {
	case "nodejs", "typescript", "deno", "bun", "javascript":
		return "javascript"
	}
	return runtime
}

func langTitle(l string) string {
	switch l {
	case "javascript":
		return "JavaScript/TypeScript"
	case "rust":
		return "Rust"
	case "go":
		return "Go"
	case "csharp", "dotnet":
		return ".NET"
	}
	return l
}

// roleOf decides one component's role and says why.
func roleOf(dir string, e *roleEvidence) (stack.Role, string) {
	first := func(xs []string) string {
		sort.Strings(xs)
		return xs[0]
	}
	base := path.Base(dir)
	switch {
	case len(e.docs) > 0 && dir != ".":
		return stack.RoleDocs, first(e.docs)
	case len(e.client) > 0:
		return stack.RoleClient, first(e.client)
	case len(e.service) > 0:
		return stack.RoleService, first(e.service)
	case len(e.worker) > 0:
		return stack.RoleWorker, first(e.worker)
	case len(e.frontend) > 0:
		return stack.RoleFrontend, first(e.frontend)
	case e.assetBuild != "":
		return stack.RoleFrontend, e.assetBuild
	case len(e.command) > 0:
		return stack.RoleTool, first(e.command)
	case dir != "." && toolFolders[strings.ToLower(base)]:
		return stack.RoleTool, "folder " + base + " with no server framework"
	case len(e.library) > 0:
		return stack.RoleLibrary, first(e.library)
	case dir != "." && frontendFolders[strings.ToLower(base)] && !e.nodeServes && !e.otherManifest:
		return stack.RoleFrontend, "folder " + base + " with no server framework, Node.js only to build"
	case e.runtimePkgs == 0 && e.devPkgs > 0 && !e.otherManifest && (e.workspace || dir != "."):
		return stack.RoleDevTooling, "development dependencies only"
	}
	return stack.RoleService, ""
}

// declarationOnly reports whether a signal only pins a version and
// declares no use: Maven <dependencyManagement> entries and BOM imports,
// Gradle platform() and constraints, .NET central package versions
// (Directory.Packages.props PackageVersion).
func declarationOnly(s stack.Signal) bool {
	return s.Attr("managed") == "true" || s.Attr("role") == "bom" || s.Attr("central") == "true"
}

// peerDependency reports whether a signal is an npm peer dependency: the
// package expects its user to install it (a React component library's
// react, a plugin's host), so it is no use of the package's own; a UI or
// client framework among them still says what the package is for.
func peerDependency(s stack.Signal) bool {
	return s.Kind == stack.KindPackage && s.Attr("group") == "peerDependencies"
}

// signalRole is the role a signal serves: its component's, except that
// files of the repository itself (CI, deployment, infrastructure) beside a
// root component serve the backend, and a technology the catalog gives a
// role of its own serves that role.
func signalRole(s stack.Signal, comp string, comps map[string]*stack.Component) stack.Role {
	c := comps[comp]
	if c == nil || c.Role == "" {
		return stack.RoleService
	}
	if comp == "." && !c.Role.Backend() && !(s.Kind == stack.KindPackage || s.Kind == stack.KindRuntime) {
		return stack.RoleService
	}
	return c.Role
}

// sortRoles orders roles as stack.ComponentRoles does.
func sortRoles(set map[stack.Role]bool) []stack.Role {
	var out []stack.Role
	for _, r := range stack.ComponentRoles {
		if set[r] {
			out = append(out, r)
		}
	}
	return out
}
