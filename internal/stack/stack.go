package stack

import (
	"fmt"
	"sort"
)

// Layer is one of the five layers of a backend stack.
type Layer string

// The five layers, in report order.
const (
	LayerLanguage       Layer = "language"
	LayerFramework      Layer = "framework"
	LayerData           Layer = "data"
	LayerInfrastructure Layer = "infrastructure"
	LayerSupporting     Layer = "supporting"
)

// Layers lists the five layers in report order.
var Layers = []Layer{LayerLanguage, LayerFramework, LayerData, LayerInfrastructure, LayerSupporting}

// Title is the human name of a layer.
func (l Layer) Title() string {
	switch l {
	case LayerLanguage:
		return "Language & runtime"
	case LayerFramework:
		return "Framework"
	case LayerData:
		return "Data layer"
	case LayerInfrastructure:
		return "Infrastructure"
	case LayerSupporting:
		return "Supporting services"
	}
	return string(l)
}

// Valid reports whether l is one of the five layers.
func (l Layer) Valid() bool {
	for _, x := range Layers {
		if x == l {
			return true
		}
	}
	return false
}

// Evidence is where a technology or finding was seen.
type Evidence struct {
	// File is slash-separated and relative to the scanned root.
	File string `json:"file"`
	// Line is 1-based; 0 when the whole file is the evidence.
	Line int `json:"line,omitempty"`
	// Detail says what was seen there ("npm package express ^4.18.2"), for
	// people: programs read the other fields, never this text.
	Detail string `json:"detail,omitempty"`
	// Scope is the scope of the signal behind this evidence.
	Scope string `json:"scope,omitempty"`
	// ImpliedBy is the id of the technology whose catalog entry implies
	// this one, when this evidence is inherited from it (a driver
	// implying its database, a framework its language); "" when the
	// signal here names the technology itself.
	ImpliedBy string `json:"implied_by,omitempty"`
	// Kind is the Kind* of the signal behind direct evidence ("" for
	// implied evidence and evidence not made from a signal).
	Kind string `json:"-"`
	// Version is the version the signal here declares, as written (an
	// image's tag); "" for implied evidence or when none is declared.
	Version string `json:"-"`
}

// Implied reports whether the evidence is inherited from another
// technology (see ImpliedBy) rather than seen directly.
func (e Evidence) Implied() bool { return e.ImpliedBy != "" }

// String renders the evidence as file:line.
func (e Evidence) String() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	return e.File
}

// Technology is one technology of the stack, resolved by the catalog.
type Technology struct {
	// ID is the catalog's lowercase kebab-case id ("nodejs", "spring-boot").
	ID string `json:"id"`
	// Name is the display name.
	Name string `json:"name"`
	// Layer is one of the five layers.
	Layer Layer `json:"layer"`
	// Category is the catalog category (web-framework, orm, database...).
	Category string `json:"category"`
	// Versions are the distinct declared versions, as written, sorted.
	Versions []string `json:"versions"`
	// Scope is ScopeRuntime when any production evidence is runtime-scoped,
	// ScopeDev when production evidence is only dev-scoped, and
	// ScopeNonProduction when it was seen only in non-production folders.
	Scope string `json:"scope"`
	// Components are the component paths that use it ("." for the root).
	Components []string `json:"components"`
	// Evidence is every place it was seen, sorted by file and line.
	Evidence []Evidence `json:"evidence"`
	// Implied is true when no signal named it directly and another
	// technology implies it (a driver implying its database).
	Implied bool `json:"implied,omitempty"`
	// Optional is true when every production declaration of it is
	// optional: package extras (PEP 621 optional-dependencies, Poetry and
	// Cargo `optional = true`), npm optionalDependencies, Hex
	// `optional: true`. It is still part of the production stack, but the
	// team does not necessarily run it: such stores are not counted.
	Optional bool `json:"optional,omitempty"`
	// SelectableIn are the components where it is configured only under
	// a profile or environment named after a database engine
	// (application-postgres.properties): a provider chosen at deploy time
	// instead of another.
	SelectableIn []string `json:"selectable_in,omitempty"`
	// Roles are the roles of the components whose production evidence
	// names it (development evidence for a development-only technology),
	// backend ones first; a technology the catalog gives a role of its own
	// (React: frontend, Tauri: client, Docusaurus: docs) has that role
	// where a backend component uses it. Only a technology with a backend role
	// (or none recorded) is in the production backend stack.
	Roles []Role `json:"roles,omitempty"`
}

// Production reports whether the technology counts toward the production
// backend stack: runtime-scoped and serving a backend role (see Backend).
func (t Technology) Production() bool { return t.Scope == ScopeRuntime && t.Backend() }

// Backend reports whether the technology serves a backend role: one of
// its Roles is (Role.Backend), or it has no roles recorded.
func (t Technology) Backend() bool {
	if len(t.Roles) == 0 {
		return true
	}
	for _, r := range t.Roles {
		if r.Backend() {
			return true
		}
	}
	return false
}

// HasRole reports whether r is one of the technology's roles.
func (t Technology) HasRole(r Role) bool {
	for _, x := range t.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Role is what a component is for: a backend service, a worker, a front
// end, a desktop or mobile client, a tool, a library, a docs site or
// development tooling. Only the backend roles make the backend stack.
type Role string

// Roles of a Component.
const (
	// RoleService is a backend service: it serves requests (a web or API
	// framework, an application server) or nothing says otherwise.
	RoleService Role = "service"
	// RoleWorker is a backend process consuming jobs or messages, with no
	// web framework of its own.
	RoleWorker Role = "worker"
	// RoleLibrary is code other components link: its technologies count
	// toward the backend stack, which links it.
	RoleLibrary Role = "library"
	// RoleFrontend is a web front end: a single-page application or a
	// static site (React, Vue, Angular, Svelte).
	RoleFrontend Role = "frontend"
	// RoleClient is a desktop or mobile client (Tauri, Electron, React
	// Native, .NET MAUI, Flutter).
	RoleClient Role = "client"
	// RoleTool is a command-line or internal tool: a seeder, a code
	// generator, a migration runner, a published CLI.
	RoleTool Role = "tool"
	// RoleDocs is a documentation site (Docusaurus, VitePress, MkDocs).
	RoleDocs Role = "docs"
	// RoleDevTooling is development tooling: a workspace root or a package
	// holding only build, lint or test configuration.
	RoleDevTooling Role = "dev-tooling"
)

// ComponentRoles lists the roles, backend ones first.
var ComponentRoles = []Role{RoleService, RoleWorker, RoleLibrary, RoleFrontend, RoleClient, RoleTool, RoleDocs, RoleDevTooling}

// Backend reports whether the role makes the backend stack: a service, a
// worker, or a library (linked into them).
func (r Role) Backend() bool { return r == RoleService || r == RoleWorker || r == RoleLibrary }

// Valid reports whether r is one of ComponentRoles.
func (r Role) Valid() bool {
	for _, x := range ComponentRoles {
		if x == r {
			return true
		}
	}
	return false
}

// Title is the human name of the role, plural, for report lines.
func (r Role) Title() string {
	switch r {
	case RoleService:
		return "Services"
	case RoleWorker:
		return "Workers"
	case RoleLibrary:
		return "Libraries"
	case RoleFrontend:
		return "Front end"
	case RoleClient:
		return "Clients"
	case RoleTool:
		return "Tools"
	case RoleDocs:
		return "Docs sites"
	case RoleDevTooling:
		return "Dev tooling"
	}
	return string(r)
}

// Component is one deployable or buildable unit of a repository: a folder
// holding a project manifest.
type Component struct {
	// Path is the folder, slash-separated, "." for the root.
	Path string `json:"path"`
	// Manifests are the project manifests that make it a component.
	Manifests []string `json:"manifests"`
	// Technologies are the ids of the technologies seen in it.
	Technologies []string `json:"technologies"`
	// NonProduction is true when the component lives under a
	// non-production folder (examples/, testdata/...) or is a docs site.
	NonProduction bool `json:"non_production,omitempty"`
	// Role is what the component is for, decided from its content: only
	// services, workers and libraries make the backend stack.
	Role Role `json:"role"`
	// RoleReason says what decided the role ("Tauri in
	// src-tauri/Cargo.toml", "package.json bin"); empty when nothing did
	// and the component is a service by default.
	RoleReason string `json:"role_reason,omitempty"`
}

// Diagnostic is a problem met while scanning: a malformed manifest, a file
// over the size cap, a symlink leaving the root. It never aborts a scan.
type Diagnostic struct {
	// File is the file concerned.
	File string `json:"file"`
	// Line and Column locate the problem when known (1-based).
	Line   int `json:"line,omitempty"`
	Column int `json:"column,omitempty"`
	// Detector is the detector that met it, if any.
	Detector string `json:"detector,omitempty"`
	// Message says what was wrong and what was expected.
	Message string `json:"message"`
	// Skipped is true when the file was not read at all.
	Skipped bool `json:"skipped,omitempty"`
}

// String renders the diagnostic as file:line:col: message.
func (d Diagnostic) String() string {
	loc := d.File
	if d.Line > 0 {
		loc = fmt.Sprintf("%s:%d", loc, d.Line)
		if d.Column > 0 {
			loc = fmt.Sprintf("%s:%d", loc, d.Column)
		}
	}
	return loc + ": " + d.Message
}

// Stack is everything stacklint knows about a repository after a scan.
type Stack struct {
	// Technologies, sorted by layer order then id.
	Technologies []Technology `json:"technologies"`
	// Components, sorted by path.
	Components []Component `json:"components"`
	// Facts are the KindFact signals, for the rules.
	Facts []Signal `json:"facts"`
	// Signals are all non-fact signals, as detected (with scopes set).
	Signals []Signal `json:"-"`
	// Diagnostics met during the scan.
	Diagnostics []Diagnostic `json:"diagnostics"`
	// FilesScanned counts files read by detectors.
	FilesScanned int `json:"files_scanned"`
	// Datastores are the stores the production stack runs, each counted
	// once (see Datastore), in the order of DatastoreRoles then id.
	Datastores []Datastore `json:"datastores"`
	// SystemOfRecord is the id of the datastore holding the primary data
	// (see Datastore.Role); empty when the stack has no database.
	SystemOfRecord string `json:"system_of_record,omitempty"`
	// SupportedDatastores are the stores the product supports or is tested
	// against, as CI service containers, CI test matrices, per-engine
	// environment files and engine-named configuration profiles show them
	// (see SupportedDatastore), sorted by id.
	SupportedDatastores []SupportedDatastore `json:"supported_datastores"`
}

// SupportedDatastore is a store the product is built to run on, seen in
// evidence beyond its production manifests: a CI job's service container
// (a PostgreSQL the tests run against), a CI matrix of engines or versions,
// an environment file or configuration profile named after an engine. It
// says what the product supports, not what a deployment runs: such a store
// is production only when production evidence names it too (Production).
type SupportedDatastore struct {
	// ID is the catalog id ("postgresql").
	ID string `json:"id"`
	// Name is its display name.
	Name string `json:"name"`
	// Role is the store's kind: database, cache, queue, search or
	// object-storage.
	Role string `json:"role"`
	// Versions are the distinct versions the evidence names (image tags,
	// matrix entries), sorted.
	Versions []string `json:"versions"`
	// Production is true when the store is also one of Datastores.
	Production bool `json:"production"`
	// Sources are the kinds of support evidence, sorted: ci-service,
	// ci-matrix, ci-php-extension, env-file, engine-profile.
	Sources []string `json:"sources"`
	// Evidence is where the support was seen, sorted by file and line.
	Evidence []Evidence `json:"evidence"`
}

// Roles of a Datastore.
const (
	// RoleSystemOfRecord is the database the code writes its primary data
	// to and migrates: a relational store with migrations wins.
	RoleSystemOfRecord = "system-of-record"
	// RoleSecondary is another database beside the system of record: a
	// read model, a projection, an analytics or document store.
	RoleSecondary = "secondary"
	// RoleCache is a cache or key-value store in front of the data.
	RoleCache = "cache"
	// RoleQueue is a message broker or stream.
	RoleQueue = "queue"
	// RoleSearch is a search index.
	RoleSearch = "search"
	// RoleObjectStorage is blob or file storage.
	RoleObjectStorage = "object-storage"
)

// DatastoreRoles lists the roles in report order.
var DatastoreRoles = []string{RoleSystemOfRecord, RoleSecondary, RoleCache, RoleQueue, RoleSearch, RoleObjectStorage}

// Datastore is one store the production stack runs, counted once:
// protocol-compatible forks and managed hostings of one store (Redis and
// Valkey; MySQL and Amazon RDS) are one datastore, and so are relational
// databases one component supports as interchangeable providers (SQLite,
// MySQL or PostgreSQL, chosen at deploy time). Observability backends
// (Prometheus, Grafana, Loki, Tempo, Jaeger, Zipkin) are not datastores.
type Datastore struct {
	// ID is the technology id the store is counted as ("redis").
	ID string `json:"id"`
	// Name is its display name ("Redis").
	Name string `json:"name"`
	// Members are the ids of the technologies counted as this store,
	// ID first ("redis", "valkey").
	Members []string `json:"members"`
	// Role is one of the Role* constants.
	Role string `json:"role"`
	// Reason says why the store has its role ("relational, migrated by Flyway").
	Reason string `json:"reason,omitempty"`
	// Alternatives is true when the members are interchangeable providers
	// of which a deployment runs one.
	Alternatives bool `json:"alternatives,omitempty"`
	// Optional is true when every member is only an optional declaration
	// (Technology.Optional): the team does not necessarily run it.
	Optional bool `json:"optional,omitempty"`
}

// Operated returns the datastores the team runs: all but optional ones.
func (s *Stack) Operated() []Datastore {
	var out []Datastore
	for _, d := range s.Datastores {
		if !d.Optional {
			out = append(out, d)
		}
	}
	return out
}

// Record returns the system-of-record datastore.
func (s *Stack) Record() (Datastore, bool) {
	for _, d := range s.Datastores {
		if d.ID == s.SystemOfRecord && d.Role == RoleSystemOfRecord {
			return d, true
		}
	}
	return Datastore{}, false
}

// Tech returns the technology with the given id.
func (s *Stack) Tech(id string) (Technology, bool) {
	for _, t := range s.Technologies {
		if t.ID == id {
			return t, true
		}
	}
	return Technology{}, false
}

// Has reports whether the production stack holds the technology id.
func (s *Stack) Has(id string) bool {
	t, ok := s.Tech(id)
	return ok && t.Production()
}

// Production returns the technologies that count toward the production stack.
func (s *Stack) Production() []Technology {
	var out []Technology
	for _, t := range s.Technologies {
		if t.Production() {
			out = append(out, t)
		}
	}
	return out
}

// ByLayer returns the production technologies of one layer.
func (s *Stack) ByLayer(l Layer) []Technology {
	var out []Technology
	for _, t := range s.Technologies {
		if t.Layer == l && t.Production() {
			out = append(out, t)
		}
	}
	return out
}

// FactsNamed returns the production facts with the given name (FactReplicas...).
func (s *Stack) FactsNamed(name string) []Signal {
	var out []Signal
	for _, f := range s.Facts {
		if f.Name == name && f.Scope != ScopeNonProduction && f.Scope != ScopeDev && !NonBackend(f) {
			out = append(out, f)
		}
	}
	return out
}

// AttrComponentRole is the attribute resolve sets on a signal or fact
// seen in a component whose role is not a backend one (a front end's
// Dockerfile): the role, so that rules leave it out.
const AttrComponentRole = "component_role"

// NonBackend reports whether a signal or fact was seen in a component
// whose role is not a backend one.
func NonBackend(f Signal) bool {
	r := f.Attr(AttrComponentRole)
	return r != "" && !Role(r).Backend()
}

// RoleTechnologies returns the production-scoped technologies of one
// role (see Technology.Roles), in stack order.
func (s *Stack) RoleTechnologies(r Role) []Technology {
	var out []Technology
	for _, t := range s.Technologies {
		if t.Scope == ScopeRuntime && t.HasRole(r) {
			out = append(out, t)
		}
	}
	return out
}

// SortTechnologies orders technologies by layer (report order), then id.
func SortTechnologies(ts []Technology) {
	order := map[Layer]int{}
	for i, l := range Layers {
		order[l] = i
	}
	sort.SliceStable(ts, func(i, j int) bool {
		if order[ts[i].Layer] != order[ts[j].Layer] {
			return order[ts[i].Layer] < order[ts[j].Layer]
		}
		return ts[i].ID < ts[j].ID
	})
}
