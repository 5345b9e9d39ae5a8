package resolve

import (
	"fmt"
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

// serverSide reports whether using en at run time is server-side work a
// web UI does not do: a database, its driver, an ORM, query builder,
// migration tool or cache, a queue or a job library. Search and object
// storage are left out: their hosted services' SDKs (Algolia, S3
// uploads) are called from UIs too.
func serverSide(en catalog.Entry) bool {
	return serverDataCategories[en.Category] || en.Category == "queue" || workerCategories[en.Category]
}

// serverDataCategories are the data-layer categories serverSide counts.
var serverDataCategories = map[string]bool{
	"database": true, "database-driver": true, "orm": true, "query-builder": true, "migration": true, "cache": true,
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
	uiServer               []string // full-stack UI frameworks (Next.js): a service only with serverData
	serverData             []string // data-layer, queue and job libraries used at run time
	command, library       []string // entry-point facts
	serviceCmd, workerCmd  []string // programs named for a server or a worker (Go's cmd/server, cmd/worker)
	toolCmd                []string // programs named for a tool (cmd/<x>ctl, cmd/gen)
	npmDeps                []string // npm packages it depends on (workspace packages among them)
	otherProgram           bool     // a program of another name: maybe the server
	deployed, deployedJobs []string // images that run the component (a Dockerfile's final command)
	composeBuilt           []string // production Compose services building it
	runtimePkgs, devPkgs   int
	nodeServes             bool   // a package.json whose Node.js runtime is not dev-only
	assetBuild             string // a package.json building browser assets
	langs                  map[string]bool
	serviceLangs           map[string]bool                // languages of the service or worker frameworks
	uiLangs                map[stack.Role]map[string]bool // languages of the docs, client and front-end frameworks
	workspace              bool
	startScript            bool   // a package.json with a start script
	container              string // a Dockerfile of its own: it is deployed as a container
	otherManifest          bool   // a manifest other than package.json
}

// decideRoles sets the Role of every component from its own signals:
// catalog roles (docs site, client, front end), then a runtime server or
// job framework (service, worker), then programs named for a server or a
// worker (Go's cmd/server, cmd/worker), then an image that runs it (a
// Dockerfile's command: deployed, a service or worker), then entry points
// detectors report (a command: tool), its folder's name (tools/: a tool),
// a production Compose service building it (a service), a library entry
// point, then its folder's name (web/: a front end), else service. sigs
// are res.Signals with development builds marked (devBuilds).
func decideRoles(res *detect.Result, sigs []stack.Signal, cat *catalog.Catalog, comps map[string]*stack.Component, componentOf func(string) string) *roleInfo {
	ev := map[string]*roleEvidence{}
	pkgDir := map[string]string{} // npm package name -> its component
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
	for _, s := range sigs {
		if s.Kind == stack.KindFact && s.Name == stack.FactService {
			// A Compose service building a folder deploys the component
			// holding it, wherever the Compose file is.
			if ctx := s.Attr("build"); ctx != "" && s.Scope == stack.ScopeRuntime && s.Attr("source") == "compose" && !strings.Contains(ctx, "://") {
				df := s.Attr("dockerfile") // from the repository root, as the context
				if df == "" {
					df = path.Join(ctx, "Dockerfile")
				}
				if c := componentOf(df); c != "." || path.Dir(df) == "." {
					ce := get(c)
					ce.composeBuilt = append(ce.composeBuilt, fmt.Sprintf("built by Compose service %s (%s:%d)", s.Attr("name"), s.File, s.Line))
				}
			}
		}
		comp := componentOf(s.File)
		if comp == "." && path.Dir(s.File) != "." && s.Kind != stack.KindPackage && s.Kind != stack.KindRuntime {
			continue // repository-level files (CI, deployment) say nothing of the root's role
		}
		e := get(comp)
		if s.Kind == stack.KindImage && isDockerfile(s.File) && e.container == "" {
			e.container = s.File
		}
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
					switch programRole(s.Attr("program")) {
					case stack.RoleService:
						e.serviceCmd = append(e.serviceCmd, where)
					case stack.RoleWorker:
						e.workerCmd = append(e.workerCmd, where)
					case stack.RoleTool:
						e.toolCmd = append(e.toolCmd, where)
					case "":
						if s.Attr("program") == "" {
							e.command = append(e.command, where) // npm bin
						} else {
							// A Go program of another name (cmd/memos)
							// may be a server or a command line.
							e.otherProgram = true
						}
					}
				case stack.EntryLibrary:
					e.library = append(e.library, where)
				}
			case stack.FactWorkspace:
				e.workspace = true
			case stack.FactProcess:
				if r, why := deployedBy(s); r != "" {
					e.addDeployed(r, why)
				}
			}
			continue
		}
		if s.Kind == stack.KindRuntime && s.Name == "nodejs" && path.Base(s.File) == "package.json" && s.Attr("package") != "" && path.Dir(s.File) == comp {
			pkgDir[s.Attr("package")] = comp
		}
		if s.Kind == stack.KindPackage && s.Ecosystem == stack.EcoNPM && s.Scope != stack.ScopeNonProduction && !peerDependency(s) {
			e.npmDeps = append(e.npmDeps, s.Name)
		}
		if s.Kind == stack.KindRuntime && s.Name == "nodejs" && path.Base(s.File) == "package.json" {
			if s.Scope == stack.ScopeRuntime {
				e.nodeServes = true
			}
			if s.Attr("start") == "true" {
				e.startScript = true
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
		if s.Kind == stack.KindPackage && s.Ecosystem == stack.EcoPyPI && s.Name == "entry-point:console_scripts" && s.Scope == stack.ScopeRuntime {
			// Python console scripts: the package installs commands.
			e.command = append(e.command, "console scripts "+s.Attr("entries")+" in "+s.File)
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
			if p := s.Attr(stack.AttrPlatforms); p != "" {
				what += " for " + strings.ReplaceAll(p, ",", ", ")
			}
			switch r := entryRole(en, s); {
			case r == stack.RoleDocs:
				e.docs = append(e.docs, what)
				e.addUILang(stack.RoleDocs, signalLanguage(s))
			case r == stack.RoleClient:
				e.client = append(e.client, what)
				e.addUILang(stack.RoleClient, signalLanguage(s))
			case r == stack.RoleFrontend:
				e.frontend = append(e.frontend, what)
				e.addUILang(stack.RoleFrontend, signalLanguage(s))
			case s.Scope != stack.ScopeRuntime || peerDependency(s):
			case serviceCategories[en.Category] && en.RendersUI:
				e.uiServer = append(e.uiServer, what)
				e.addServiceLang(signalLanguage(s))
				e.addUILang(stack.RoleFrontend, signalLanguage(s))
				// A framework that installs its UI framework itself (Nuxt
				// brings Vue) has it beside it without a manifest naming it.
				for _, id := range en.Implies {
					if ui, ok := cat.Get(id); ok && ui.Role == stack.RoleFrontend {
						e.frontend = append(e.frontend, ui.Name+" (with "+en.Name+") in "+s.File)
					}
				}
			case serviceCategories[en.Category]:
				e.service = append(e.service, what)
				e.addServiceLang(signalLanguage(s))
			case workerCategories[en.Category]:
				e.worker = append(e.worker, what)
				e.addServiceLang(signalLanguage(s))
			}
			if s.Scope == stack.ScopeRuntime && !peerDependency(s) && serverSide(en) {
				e.serverData = append(e.serverData, what)
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
		comps[dir].Role, comps[dir].RoleReason = roleOf(dir, e)
	}
	workspaceRoles(dirs, comps, ev)
	embeddedServers(dirs, comps, ev, pkgDir)
	for _, dir := range dirs {
		c := comps[dir]
		if c.Role == stack.RoleService && c.RoleReason == "" && dir != "." {
			// Nothing of its own: a crate or package inside a client,
			// front end, tool or docs site is part of it.
			for p := path.Dir(dir); ; p = path.Dir(p) {
				if pc := comps[p]; pc != nil && p != "." {
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
	// A library, or a component with no evidence of what it is, whose
	// languages no service or worker framework is written in but a client
	// or front end is, is part of those: a Tauri app's Rust crates.
	ri := &roleInfo{comps: comps, backendLangs: map[string]bool{}, uiLangs: map[string]stack.Role{}, decidedBy: map[string]map[string]bool{}, uiServer: map[string]bool{}}
	for _, dir := range dirs {
		c := comps[dir]
		if c.Role.Backend() && len(ev[dir].uiServer) > 0 {
			ri.uiServer[dir] = true
		}
		if ls := ev[dir].uiLangs[c.Role]; len(ls) > 0 {
			ri.decidedBy[dir] = ls
		}
		if c.Role == stack.RoleService || c.Role == stack.RoleWorker {
			for l := range ev[dir].serviceLangs {
				ri.backendLangs[l] = true
			}
		}
		for l := range ev[dir].langs {
			switch {
			case c.Role == stack.RoleClient:
				ri.uiLangs[l] = stack.RoleClient
			case c.Role == stack.RoleFrontend && ri.uiLangs[l] == "":
				ri.uiLangs[l] = stack.RoleFrontend
			}
		}
	}
	backendLangs, uiLangs := ri.backendLangs, ri.uiLangs
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
		var ui stack.Role
		var uiLang string
		for _, l := range ls {
			if backendLangs[l] {
				ui = "" // a language the backend is written in: maybe the backend's
				break
			}
			if r := uiLangs[l]; r != "" && (ui == "" || r == stack.RoleClient && ui != stack.RoleClient) {
				ui, uiLang = r, l
			}
		}
		if ui != "" {
			what := "a library"
			if c.Role != stack.RoleLibrary {
				what = "no server framework"
			}
			c.Role, c.RoleReason = ui, what+"; "+langTitle(uiLang)+" serves only "+string(ui)+"s here"
		}
	}
	return ri
}

// embeddedServers makes a client of a workspace package whose server
// framework made it a service or worker when only desktop or mobile
// clients depend on it and no image deploys it: an Express server an
// Electron app starts runs on the user's machine, inside the app, and is
// no deployed backend. A package a front end, a backend or nothing
// depends on, or that a Dockerfile or Compose service runs, keeps its
// role.
func embeddedServers(dirs []string, comps map[string]*stack.Component, ev map[string]*roleEvidence, pkgDir map[string]string) {
	dependents := map[string][]string{} // component -> components depending on it
	for _, d := range dirs {
		for _, name := range ev[d].npmDeps {
			if p, ok := pkgDir[name]; ok && p != d {
				dependents[p] = append(dependents[p], d)
			}
		}
	}
	for _, d := range dirs {
		c, e := comps[d], ev[d]
		if !(c.Role == stack.RoleService || c.Role == stack.RoleWorker) || len(e.service)+len(e.worker) == 0 ||
			len(e.deployed)+len(e.deployedJobs)+len(e.composeBuilt) > 0 || len(dependents[d]) == 0 {
			continue
		}
		onlyClients := true
		for _, u := range dependents[d] {
			onlyClients = onlyClients && comps[u].Role == stack.RoleClient
		}
		if onlyClients {
			sort.Strings(dependents[d])
			c.Role, c.RoleReason = stack.RoleClient, c.RoleReason+", run inside the desktop or mobile app "+dependents[d][0]+" that depends on it (no image deploys it)"
		}
	}
}

// uiServerWhy adds to a full-stack UI framework's role reason what made
// its component a service.
func uiServerWhy(dir string, e *roleEvidence) string {
	if len(e.serverData) > 0 {
		sort.Strings(e.serverData)
		return ", with " + e.serverData[0]
	}
	if dir == "." {
		return ", at the repository root"
	}
	if e.container != "" {
		return ", built into a container by " + e.container
	}
	return ""
}

// isDockerfile reports whether p names a Dockerfile (Dockerfile,
// Dockerfile.prod, api.Dockerfile, Containerfile).
func isDockerfile(p string) bool {
	b := strings.ToLower(path.Base(p))
	return b == "dockerfile" || b == "containerfile" || strings.HasPrefix(b, "dockerfile.") || strings.HasSuffix(b, ".dockerfile")
}

// workspaceRoles gives a workspace root below the repository root that
// has no evidence of its own (a docs or front-end monorepo's package.json
// listing its members) the role its members have, when every member whose
// role rests on evidence is a front end, client, docs site or tool: the
// root only runs their builds. Deepest roots first, so a nested workspace
// decided here counts as a member of the one above it.
func workspaceRoles(dirs []string, comps map[string]*stack.Component, ev map[string]*roleEvidence) {
	for i := len(dirs) - 1; i >= 0; i-- {
		dir := dirs[i]
		c := comps[dir]
		if dir == "." || c.Role != stack.RoleService || c.RoleReason != "" || !ev[dir].workspace {
			continue
		}
		count := map[stack.Role]int{}
		firstOf := map[stack.Role]string{}
		backend := false
		for _, d := range dirs {
			m := comps[d]
			if !strings.HasPrefix(d, dir+"/") || m.RoleReason == "" {
				continue
			}
			if m.Role.Backend() {
				backend = true
				break
			}
			count[m.Role]++
			if firstOf[m.Role] == "" {
				firstOf[m.Role] = d
			}
		}
		if backend || len(count) == 0 {
			continue
		}
		// The product the members make (docs site, client, front end)
		// over the tools that build it; among those, the most members.
		var pick stack.Role
		for _, group := range [][]stack.Role{{stack.RoleDocs, stack.RoleClient, stack.RoleFrontend}, {stack.RoleTool, stack.RoleDevTooling}} {
			for _, r := range group {
				if count[r] > count[pick] {
					pick = r
				}
			}
			if pick != "" {
				break
			}
		}
		c.Role, c.RoleReason = pick, "a workspace whose members are not backend ("+firstOf[pick]+": "+comps[firstOf[pick]].RoleReason+")"
	}
}

// programRole is what a program's name says it is: cmd/server,
// cmd/api-gateway a service; cmd/worker, cmd/scheduler a worker; names
// ending in ctl (etcdctl), cmd/gen, cmd/protoc-gen-x, cmd/seed a tool; ""
// for any other name. cmd/migrate is no tool's: it runs the backend's
// schema migrations, which are the backend's (a migration library it
// alone uses still counts for data/no-migrations). The name is read word
// by word (split at -, _ and .), so cmd/plane-worker and cmd/memos-server
// count.
func programRole(name string) stack.Role {
	name = strings.ToLower(name)
	if name == "" {
		return ""
	}
	words := strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' || r == '.' })
	var role stack.Role
	for _, w := range words {
		switch {
		case serverPrograms[w]:
			return stack.RoleService
		case workerPrograms[w]:
			role = stack.RoleWorker
		case role == "" && (toolPrograms[w] || len(w) > 3 && strings.HasSuffix(w, "ctl")):
			role = stack.RoleTool
		}
	}
	return role
}

// serverPrograms, workerPrograms and toolPrograms are the words of
// program names (Go's cmd/<name>) that say what the program is.
var (
	serverPrograms = map[string]bool{
		"server": true, "api": true, "apiserver": true, "web": true, "webserver": true, "http": true, "httpd": true,
		"grpc": true, "gateway": true, "backend": true, "service": true, "svc": true, "serve": true,
	}
	workerPrograms = map[string]bool{
		"worker": true, "workers": true, "consumer": true, "scheduler": true, "cron": true, "jobs": true,
		"processor": true, "queue": true, "dispatcher": true,
	}
	toolPrograms = map[string]bool{
		"cli": true, "ctl": true,
		"gen": true, "generate": true, "generator": true, "codegen": true, "seed": true, "seeder": true,
		"tool": true, "tools": true, "bench": true, "benchmark": true, "lint": true,
	}
)

// deployedBy reads a Dockerfile's process fact (the final stage's
// ENTRYPOINT or CMD, attr stage): an image that runs a program deploys
// its component, as a worker when the command starts a job runner
// (proccmd's role worker or scheduler). A static file server (nginx,
// Caddy) serves a front end's build and says nothing; neither does a
// development image.
func deployedBy(s stack.Signal) (stack.Role, string) {
	if s.Attr("stage") == "" || s.Scope != stack.ScopeRuntime || s.Attr("command") == "" {
		return "", ""
	}
	switch s.Attr("server") {
	case "nginx", "caddy":
		return "", ""
	}
	why := fmt.Sprintf("%s:%d runs %s", s.File, s.Line, s.Attr("command"))
	if r := s.Attr("role"); r == "worker" || r == "scheduler" {
		return stack.RoleWorker, why
	}
	return stack.RoleService, why
}

func (e *roleEvidence) addDeployed(r stack.Role, why string) {
	if r == stack.RoleWorker {
		e.deployedJobs = append(e.deployedJobs, why)
		return
	}
	e.deployed = append(e.deployed, why)
}

// roleInfo is what decideRoles learnt: the components with their roles,
// the languages the service and worker frameworks are written in, and
// those clients and front ends are written in (client first).
type roleInfo struct {
	comps        map[string]*stack.Component
	backendLangs map[string]bool
	uiLangs      map[string]stack.Role
	// decidedBy holds, per component made a docs site, client or front
	// end by a framework, the languages of those frameworks.
	decidedBy map[string]map[string]bool
	// uiServer holds the backend components a full-stack UI framework of
	// their own (Next.js, Nuxt, Remix) is in: hosting platforms run its
	// server from the files they publish.
	uiServer map[string]bool
}

func (e *roleEvidence) addUILang(r stack.Role, l string) {
	if l == "" {
		return
	}
	if e.uiLangs == nil {
		e.uiLangs = map[stack.Role]map[string]bool{}
	}
	if e.uiLangs[r] == nil {
		e.uiLangs[r] = map[string]bool{}
	}
	e.uiLangs[r][l] = true
}

func (e *roleEvidence) addServiceLang(l string) {
	if l == "" {
		return
	}
	if e.serviceLangs == nil {
		e.serviceLangs = map[string]bool{}
	}
	e.serviceLangs[l] = true
}

// signalLanguage is the language a runtime or package signal is of, ""
// for images, tools, resources and facts.
func signalLanguage(s stack.Signal) string {
	switch s.Kind {
	case stack.KindRuntime:
		return language(s.Name)
	case stack.KindPackage:
		return ecosystemLanguages[s.Ecosystem]
	}
	return ""
}

// ecosystemLanguages maps package ecosystems to the language groups of
// language().
var ecosystemLanguages = map[string]string{
	stack.EcoNPM: "javascript", stack.EcoCargo: "rust", stack.EcoGo: "go", stack.EcoPyPI: "python",
	stack.EcoMaven: "jvm", stack.EcoNuGet: "dotnet", stack.EcoComposer: "php", stack.EcoRubyGems: "ruby", stack.EcoHex: "elixir",
	stack.EcoPub: "dart",
}

// language groups runtimes by the code they run: TypeScript, Node.js,
// Deno and Bun are one language for deciding roles.
func language(runtime string) string {
	switch runtime {
	case "nodejs", "typescript", "deno", "bun", "javascript":
		return "javascript"
	case "java", "kotlin", "scala", "groovy", "clojure":
		return "jvm"
	case "dotnet", "csharp", "fsharp", "vbnet":
		return "dotnet"
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
	case "dotnet":
		return ".NET"
	case "jvm":
		return "JVM languages"
	case "dart":
		return "Dart"
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
	case strings.HasPrefix(dir, ".github/"):
		return stack.RoleTool, "a GitHub Action of the repository's own"
	case len(e.client) > 0 && len(e.service) > 0 && len(e.deployed)+len(e.composeBuilt) > 0:
		// A desktop app's package whose server an image also runs: the
		// server is deployed, a backend.
		return stack.RoleService, first(e.service) + ", deployed: " + first(append(append([]string(nil), e.deployed...), e.composeBuilt...)) + " (beside " + first(e.client) + ")"
	case len(e.client) > 0 && len(e.service) > 0:
		// Electron with Express in one manifest: the server runs inside
		// the desktop app, on the user's machine; no image deploys it.
		return stack.RoleClient, first(e.client) + "; " + first(e.service) + " runs inside the app (no image deploys it)"
	case len(e.client) > 0:
		return stack.RoleClient, first(e.client)
	case len(e.service) > 0:
		return stack.RoleService, first(e.service)
	case len(e.uiServer) > 0 && (dir == "." || len(e.serverData) > 0 || e.container != ""):
		// At the root the framework is the product's own server; one
		// built into a container of its own is a server the team runs.
		return stack.RoleService, first(e.uiServer) + uiServerWhy(dir, e)
	case len(e.uiServer) > 0 && len(e.frontend) == 0 && e.startScript:
		// No UI framework beside it, and started: route handlers only.
		return stack.RoleService, first(e.uiServer) + " with no UI framework beside it (route handlers)"
	case len(e.worker) > 0:
		return stack.RoleWorker, first(e.worker)
	case len(e.frontend) > 0 && len(e.uiServer) > 0:
		// Next.js beside React, and no data access of its own: its server
		// only renders the UI.
		return stack.RoleFrontend, first(e.uiServer) + " and " + first(e.frontend) + ", with no database, queue or job library of its own"
	case len(e.frontend) > 0:
		return stack.RoleFrontend, first(e.frontend)
	case e.assetBuild != "":
		return stack.RoleFrontend, e.assetBuild
	case len(e.serviceCmd) > 0:
		return stack.RoleService, first(e.serviceCmd)
	case len(e.workerCmd) > 0:
		return stack.RoleWorker, first(e.workerCmd)
	case len(e.deployed) > 0 && programRole(base) == stack.RoleWorker:
		// An image runs a folder named for a worker (worker/, consumer/).
		return stack.RoleWorker, first(e.deployed) + " (folder " + base + ")"
	case len(e.deployed) > 0:
		// An image runs it: deployed, so a backend (a tool's commands
		// or a desktop app's embedded server are not).
		return stack.RoleService, first(e.deployed)
	case len(e.deployedJobs) > 0:
		return stack.RoleWorker, first(e.deployedJobs)
	case len(e.toolCmd) > 0 && !e.otherProgram && dir != ".":
		// Every program it builds is a tool's (cmd/gen, cmd/<x>ctl).
		return stack.RoleTool, first(e.toolCmd)
	case len(e.command) > 0 && dir != ".":
		// At the root the command is the product itself (a CLI whose
		// stack is the point): a tool is one beside the product.
		return stack.RoleTool, first(e.command)
	case dir != "." && toolFolders[strings.ToLower(base)]:
		return stack.RoleTool, "folder " + base + " with no server framework"
	case len(e.composeBuilt) > 0:
		// Compose builds it for a deployment; a one-shot job (a seeder
		// in tools/) is decided above.
		return stack.RoleService, first(e.composeBuilt)
	case len(e.library) > 0:
		return stack.RoleLibrary, first(e.library)
	case dir != "." && frontendFolders[strings.ToLower(base)] && !e.nodeServes && !e.otherManifest:
		return stack.RoleFrontend, "folder " + base + " with no server framework, Node.js only to build"
	case e.runtimePkgs == 0 && e.devPkgs > 0 && !e.otherManifest && (e.workspace || dir != "."):
		return stack.RoleDevTooling, "development dependencies only"
	}
	return stack.RoleService, ""
}

// entryRole is the role a catalog entry gives the component of signal s:
// the entry's own, except that a client framework whose signal says it
// targets the web alone (stack.AttrPlatforms "web": a Flutter app with
// only a web/ folder) builds a web front end.
func entryRole(en catalog.Entry, s stack.Signal) stack.Role {
	if en.Role == stack.RoleClient && s.Attr(stack.AttrPlatforms) == "web" {
		return stack.RoleFrontend
	}
	return en.Role
}

// declarationOnly reports whether a signal only pins a version and
// declares no use: Maven <dependencyManagement> entries and BOM imports,
// Gradle platform() and constraints, .NET central package versions
// (Directory.Packages.props PackageVersion), and a lockfile's gems that
// only come with another gem (Gemfile.lock: aws-sdk-kms with aws-sdk-s3,
// Sinatra with a gem's web UI).
func declarationOnly(s stack.Signal) bool {
	return s.Attr("managed") == "true" || s.Attr("role") == "bom" || s.Attr("central") == "true" ||
		s.Attr("locked") == "true" && s.Attr("transitive") == "true"
}

// peerDependency reports whether a signal is an npm peer dependency: the
// package expects its user to install it (a React component library's
// react, a plugin's host), so it is no use of the package's own; a UI or
// client framework among them still says what the package is for.
func peerDependency(s stack.Signal) bool {
	return s.Kind == stack.KindPackage && s.Attr("group") == "peerDependencies"
}

// pkgKey names a package declared in one manifest.
type pkgKey struct{ file, name string }

// devDeclaredPackages lists the npm packages each manifest installs as
// devDependencies (the package.json detector gives them scope dev and no
// group).
func devDeclaredPackages(sigs []stack.Signal) map[pkgKey]bool {
	out := map[pkgKey]bool{}
	for _, s := range sigs {
		if s.Kind == stack.KindPackage && s.Ecosystem == stack.EcoNPM && s.Scope == stack.ScopeDev && s.Attr("group") == "" {
			out[pkgKey{s.File, s.Name}] = true
		}
	}
	return out
}

// signalRole is the role a signal serves: its component's, except that
// files of the repository itself (CI, deployment, infrastructure) beside a
// root component serve the backend, and that in a backend component a
// language no service or worker framework is written in but a client or
// front end is, with its packages, serves those (the root package.json of
// a Rust service's repository whose JavaScript is all front end; a
// rust-toolchain.toml outside every component when Rust serves only a
// Flutter app, even with no service framework found), and in a
// component a framework made a front end, client or docs site, a backend
// language other than that framework's serves the backend.
func (ri *roleInfo) signalRole(s stack.Signal, comp string) stack.Role {
	r := ri.componentRole(s, comp)
	l := signalLanguage(s)
	switch {
	case l == "":
	case r.Backend() && (len(ri.backendLangs) > 0 || ri.comps[comp] == nil) && !ri.backendLangs[l]:
		if ui := ri.uiLangs[l]; ui != "" {
			return ui
		}
	case !r.Backend() && ri.backendLangs[l] && ri.decidedBy[comp] != nil && !ri.decidedBy[comp][l]:
		// A front end's framework in one manifest says nothing of
		// another language's manifest beside it (a root package.json
		// with React beside the Rust service's Cargo.toml).
		return stack.RoleService
	}
	return r
}

// staticSite decides, for a PaaS signal whose file says it serves files
// only (stack.AttrHosting static: a netlify.toml without functions, a
// firebase.json with hosting and client security rules), the component
// it publishes and the role it serves. The folder published (or, when the
// file names none, the file's own) decides: in a front end, client or docs
// site, that component and its role; in no component with evidence of its
// own (the root of a monorepo, a package since removed) or none of a
// server or job framework, a front end, the file staying where it is:
// static files are no backend, even published from a backend's folder
// (a Flask app's client/dist, built by Node.js). A site published from a
// backend component with a full-stack UI framework (a Next.js app's
// .next), whose server the platform runs, keeps that component's role: ok
// is false, as for any other signal.
func (ri *roleInfo) staticSite(s stack.Signal, componentOf func(string) string) (comp string, role stack.Role, ok bool) {
	if s.Kind != stack.KindTool || s.Attr(stack.AttrHosting) != stack.HostingStatic {
		return "", "", false
	}
	dirs := strings.Split(s.Attr(stack.AttrPublish), ",")
	if s.Attr(stack.AttrPublish) == "" {
		dirs = []string{path.Dir(s.File)}
	}
	for _, d := range dirs {
		// A file inside the folder: its component is the folder's own or
		// the nearest one holding it.
		c := componentOf(path.Join(d, "index.html"))
		pc := ri.comps[c]
		switch {
		case pc != nil && (pc.Role == stack.RoleFrontend || pc.Role == stack.RoleClient || pc.Role == stack.RoleDocs):
			return c, pc.Role, true
		case pc == nil || !pc.Role.Backend() || !ri.uiServer[c]:
			comp, role, ok = componentOf(s.File), stack.RoleFrontend, true
		}
	}
	return comp, role, ok
}

func (ri *roleInfo) componentRole(s stack.Signal, comp string) stack.Role {
	c := ri.comps[comp]
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
