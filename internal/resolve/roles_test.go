package resolve_test

import (
	"path"
	"reflect"
	"sort"
	"testing"

	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/resolve"
	"github.com/stacklint/stacklint/internal/stack"
)

func defaultCat(t *testing.T) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func rt(name, file string) stack.Signal {
	return sig(stack.KindRuntime, stack.EcoRuntime, name, "", file, 1)
}

func entry(kind, file string) stack.Signal {
	return sig(stack.KindFact, "", stack.FactEntryPoint, "", file, 2, "kind", kind, "detail", "test")
}

func TestComponentRoles(t *testing.T) {
	type want struct {
		roles      map[string]stack.Role // component path -> role
		production []string              // ids in the production backend stack
		absent     []string              // ids that must not be in it
		apart      map[stack.Role][]string
	}
	for _, tc := range []struct {
		name string
		sigs []stack.Signal
		want want
	}{
		{
			name: "tauri desktop app beside a Go service",
			sigs: []stack.Signal{
				rt("nodejs", "package.json"),
				sig(stack.KindPackage, stack.EcoNPM, "react", "^19", "package.json", 5),
				sig(stack.KindPackage, stack.EcoNPM, "@tauri-apps/api", "^2", "package.json", 6),
				sig(stack.KindPackage, stack.EcoNPM, "typescript", "^5", "package.json", 7),
				rt("rust", "src-tauri/Cargo.toml"),
				sig(stack.KindPackage, stack.EcoCargo, "tauri", "2", "src-tauri/Cargo.toml", 8),
				sig(stack.KindPackage, stack.EcoCargo, "axum", "0.8", "src-tauri/Cargo.toml", 9),
				rt("rust", "crates/sync/Cargo.toml"),
				entry(stack.EntryLibrary, "crates/sync/Cargo.toml"),
				rt("go", "server/go.mod"),
				sig(stack.KindPackage, stack.EcoGo, "github.com/gin-gonic/gin", "v1.10.0", "server/go.mod", 5),
				sig(stack.KindPackage, stack.EcoGo, "github.com/jackc/pgx/v5", "v5.7.0", "server/go.mod", 6),
				sig(stack.KindImage, stack.EcoDocker, "postgres", "17", "docker-compose.yml", 4),
			},
			want: want{
				roles:      map[string]stack.Role{".": stack.RoleClient, "src-tauri": stack.RoleClient, "crates/sync": stack.RoleClient, "server": stack.RoleService},
				production: []string{"go", "gin", "postgresql"},
				absent:     []string{"rust", "axum", "tauri", "react", "typescript", "nodejs"},
				apart:      map[stack.Role][]string{stack.RoleClient: {"nodejs", "rust", "typescript", "axum", "react", "tauri"}},
			},
		},
		{
			name: "Flutter apps beside a Dart Frog API: platform folders decide client or front end",
			sigs: []stack.Signal{
				rt("dart", "app/pubspec.yaml"),
				sig(stack.KindPackage, stack.EcoPub, "flutter", "", "app/pubspec.yaml", 5, "sdk", "flutter", "platforms", "android,ios,web"),
				sig(stack.KindPackage, stack.EcoPub, "sqflite", "^2.4.0", "app/pubspec.yaml", 6),
				rt("dart", "admin/pubspec.yaml"),
				sig(stack.KindPackage, stack.EcoPub, "flutter", "", "admin/pubspec.yaml", 5, "sdk", "flutter", "platforms", "web"),
				rt("dart", "api/pubspec.yaml"),
				sig(stack.KindPackage, stack.EcoPub, "dart_frog", "^1.2.0", "api/pubspec.yaml", 5),
				sig(stack.KindPackage, stack.EcoPub, "postgres", "^3.4.0", "api/pubspec.yaml", 6),
			},
			want: want{
				roles:      map[string]stack.Role{"app": stack.RoleClient, "admin": stack.RoleFrontend, "api": stack.RoleService},
				production: []string{"dart", "dart-frog", "postgres-dart", "postgresql"},
				absent:     []string{"flutter", "sqflite", "sqlite"},
				apart:      map[stack.Role][]string{stack.RoleClient: {"dart", "flutter", "sqflite", "sqlite"}, stack.RoleFrontend: {"dart", "flutter"}},
			},
		},
		{
			name: "Rust core a Flutter app loads through Dart FFI, no backend",
			sigs: []stack.Signal{
				rt("dart", "app/pubspec.yaml"),
				sig(stack.KindPackage, stack.EcoPub, "flutter", "", "app/pubspec.yaml", 5, "sdk", "flutter", "platforms", "android,ios,macos"),
				rt("rust", "rust-lib/dart-ffi/Cargo.toml"),
				sig(stack.KindPackage, stack.EcoCargo, "allo-isolate", "0.1", "rust-lib/dart-ffi/Cargo.toml", 8),
				rt("rust", "rust-lib/store/Cargo.toml"),
				entry(stack.EntryLibrary, "rust-lib/store/Cargo.toml"),
				sig(stack.KindPackage, stack.EcoCargo, "diesel", "2.1.0", "rust-lib/store/Cargo.toml", 9),
				sig(stack.KindRuntime, stack.EcoRuntime, "rust", "1.85", "frontend/rust-toolchain.toml", 2),
			},
			want: want{
				roles:  map[string]stack.Role{"app": stack.RoleClient, "rust-lib/dart-ffi": stack.RoleClient, "rust-lib/store": stack.RoleClient},
				absent: []string{"rust", "diesel", "dart", "flutter"},
			},
		},
		{
			name: "docs site, seeder and published CLI beside a NestJS API",
			sigs: []stack.Signal{
				rt("nodejs", "api/package.json"),
				sig(stack.KindPackage, stack.EcoNPM, "@nestjs/core", "^11", "api/package.json", 5),
				sig(stack.KindPackage, stack.EcoNPM, "pg", "^8", "api/package.json", 6),
				rt("nodejs", "website/package.json"),
				sig(stack.KindPackage, stack.EcoNPM, "@docusaurus/core", "^3", "website/package.json", 5),
				sig(stack.KindPackage, stack.EcoNPM, "algoliasearch", "^5", "website/package.json", 6),
				sig(stack.KindTool, stack.EcoTool, "vercel", "", "website/vercel.json", 1),
				rt("python", "tools/seed/requirements.txt"),
				sig(stack.KindPackage, stack.EcoPyPI, "pymongo", "4.0", "tools/seed/requirements.txt", 1),
				rt("nodejs", "packages/cli/package.json"),
				entry(stack.EntryCommand, "packages/cli/package.json"),
				sig(stack.KindPackage, stack.EcoNPM, "mysql2", "^3", "packages/cli/package.json", 7),
				rt("python", "packages/gen/pyproject.toml"),
				sig(stack.KindPackage, stack.EcoPyPI, "entry-point:console_scripts", "", "packages/gen/pyproject.toml", 9, "entries", "gen"),
				sig(stack.KindPackage, stack.EcoPyPI, "jinja2", "3.1", "packages/gen/pyproject.toml", 5),
			},
			want: want{
				roles: map[string]stack.Role{"api": stack.RoleService, "website": stack.RoleDocs, "tools/seed": stack.RoleTool,
					"packages/cli": stack.RoleTool, "packages/gen": stack.RoleTool},
				production: []string{"nodejs", "nestjs", "postgresql"},
				absent:     []string{"docusaurus", "algolia", "vercel", "python", "mongodb", "mysql"},
				apart: map[stack.Role][]string{
					stack.RoleDocs: {"nodejs", "algolia", "vercel", "docusaurus"},
					stack.RoleTool: {"nodejs", "python", "mongodb", "mysql", "mysql2", "pymongo"},
				},
			},
		},
		{
			name: "SPA by content, worker, and a library linked by the backend",
			sigs: []stack.Signal{
				sig(stack.KindRuntime, stack.EcoRuntime, "nodejs", "", "web/package.json", 1, "role", "asset-build"),
				rt("python", "app/pyproject.toml"),
				sig(stack.KindPackage, stack.EcoPyPI, "fastapi", "0.115", "app/pyproject.toml", 5),
				rt("python", "jobs/pyproject.toml"),
				sig(stack.KindPackage, stack.EcoPyPI, "celery", "5.4", "jobs/pyproject.toml", 5),
				rt("python", "libs/core/pyproject.toml"),
				entry(stack.EntryLibrary, "libs/core/pyproject.toml"),
				sig(stack.KindPackage, stack.EcoPyPI, "redis", "5.0", "libs/core/pyproject.toml", 6),
			},
			want: want{
				roles:      map[string]stack.Role{"web": stack.RoleFrontend, "app": stack.RoleService, "jobs": stack.RoleWorker, "libs/core": stack.RoleLibrary},
				production: []string{"python", "fastapi", "celery", "redis"},
			},
		},
		{
			name: "a Rust service whose JavaScript is all front end",
			sigs: []stack.Signal{
				rt("rust", "Cargo.toml"),
				// [workspace.dependencies] only pin versions
				sig(stack.KindPackage, stack.EcoCargo, "axum", "0.8", "Cargo.toml", 9, "workspace", "true", "managed", "true"),
				rt("nodejs", "package.json"),
				sig(stack.KindPackage, stack.EcoNPM, "zod", "^3", "package.json", 5),
				rt("rust", "apps/server/Cargo.toml"),
				sig(stack.KindPackage, stack.EcoCargo, "axum", "0.8", "apps/server/Cargo.toml", 7, "workspace", "true"),
				rt("nodejs", "apps/web/package.json"),
				sig(stack.KindPackage, stack.EcoNPM, "react", "^19", "apps/web/package.json", 5),
				rt("nodejs", ".github/actions/release/package.json"),
				sig(stack.KindImage, stack.EcoDocker, "rust", "1.85", "apps/server/Dockerfile", 1),
			},
			want: want{
				roles: map[string]stack.Role{".": stack.RoleService, "apps/server": stack.RoleService, "apps/web": stack.RoleFrontend,
					".github/actions/release": stack.RoleTool},
				production: []string{"rust", "axum"},
				absent:     []string{"nodejs", "zod", "react"},
				apart:      map[stack.Role][]string{stack.RoleFrontend: {"nodejs", "react", "zod"}, stack.RoleTool: {"nodejs"}},
			},
		},
		{
			name: "a client-framework dependency wins over a server framework in the same manifest",
			sigs: []stack.Signal{
				rt("nodejs", "desktop/package.json"),
				sig(stack.KindPackage, stack.EcoNPM, "electron", "^33", "desktop/package.json", 5, "scope", "dev"),
				sig(stack.KindPackage, stack.EcoNPM, "express", "^5", "desktop/package.json", 6),
			},
			want: want{
				roles:  map[string]stack.Role{"desktop": stack.RoleClient},
				absent: []string{"express", "nodejs"},
			},
		},
		{
			name: "Next.js apps: UI only, with data access, route handlers only, a config package; a docs workspace",
			sigs: []stack.Signal{
				// A Django API; the web apps beside it render its UI.
				rt("python", "api/pyproject.toml"),
				sig(stack.KindPackage, stack.EcoPyPI, "django", "5.1", "api/pyproject.toml", 5),
				sig(stack.KindPackage, stack.EcoPyPI, "psycopg", "3.2", "api/pyproject.toml", 6),
				rt("nodejs", "apps/web/package.json"),
				sig(stack.KindPackage, stack.EcoNPM, "next", "15.1", "apps/web/package.json", 5),
				sig(stack.KindPackage, stack.EcoNPM, "react", "^19", "apps/web/package.json", 6),
				sig(stack.KindPackage, stack.EcoNPM, "algoliasearch", "^5", "apps/web/package.json", 7), // search SDKs run in browsers too
				// Next.js with Prisma: its server reads the database.
				sig(stack.KindRuntime, stack.EcoRuntime, "nodejs", "", "apps/admin/package.json", 1, "start", "true"),
				sig(stack.KindPackage, stack.EcoNPM, "next", "15.1", "apps/admin/package.json", 5),
				sig(stack.KindPackage, stack.EcoNPM, "react", "^19", "apps/admin/package.json", 6),
				sig(stack.KindPackage, stack.EcoNPM, "@prisma/client", "^6", "apps/admin/package.json", 7),
				// Next.js, no UI framework, started: an API of route handlers.
				sig(stack.KindRuntime, stack.EcoRuntime, "nodejs", "", "apps/stats-api/package.json", 1, "start", "true"),
				sig(stack.KindPackage, stack.EcoNPM, "next", "15.1", "apps/stats-api/package.json", 5),
				// Next.js beside React built into its own container: a server the team runs.
				rt("nodejs", "apps/site/package.json"),
				sig(stack.KindPackage, stack.EcoNPM, "next", "15.1", "apps/site/package.json", 5),
				sig(stack.KindPackage, stack.EcoNPM, "react", "^19", "apps/site/package.json", 6),
				sig(stack.KindImage, stack.EcoDocker, "node", "22-alpine", "apps/site/Dockerfile", 1),
				// A docs workspace: Next.js sites, a lint configuration naming next.
				rt("nodejs", "www/package.json"),
				sig(stack.KindFact, "", stack.FactWorkspace, "", "www/package.json", 3, "members", "apps/*,packages/*"),
				sig(stack.KindPackage, stack.EcoNPM, "turbo", "latest", "www/package.json", 9),
				rt("nodejs", "www/apps/book/package.json"),
				sig(stack.KindPackage, stack.EcoNPM, "next", "14.2", "www/apps/book/package.json", 5),
				sig(stack.KindPackage, stack.EcoNPM, "react", "^18", "www/apps/book/package.json", 6),
				sig(stack.KindPackage, stack.EcoNPM, "algoliasearch", "^4", "www/apps/book/package.json", 7),
				rt("nodejs", "www/packages/eslint-config-docs/package.json"),
				sig(stack.KindPackage, stack.EcoNPM, "next", "latest", "www/packages/eslint-config-docs/package.json", 5),
				rt("nodejs", "www/packages/types/package.json"),
				sig(stack.KindPackage, stack.EcoNPM, "typescript", "^5", "www/packages/types/package.json", 5),
			},
			want: want{
				roles: map[string]stack.Role{"api": stack.RoleService, "apps/web": stack.RoleFrontend, "apps/admin": stack.RoleService,
					"apps/stats-api": stack.RoleService, "apps/site": stack.RoleService, "www": stack.RoleFrontend, "www/apps/book": stack.RoleFrontend,
					"www/packages/eslint-config-docs": stack.RoleFrontend, "www/packages/types": stack.RoleFrontend},
				production: []string{"python", "django", "postgresql", "nextjs", "prisma"},
				absent:     []string{"algolia", "react"},
			},
		},
		{
			name: "Nuxt brings Vue: a client/ folder with Nuxt and a start script only renders the UI",
			sigs: []stack.Signal{
				rt("nodejs", "package.json"),
				sig(stack.KindPackage, stack.EcoNPM, "express", "^4", "package.json", 5),
				sig(stack.KindPackage, stack.EcoNPM, "sqlite3", "^5", "package.json", 6),
				sig(stack.KindRuntime, stack.EcoRuntime, "nodejs", "", "client/package.json", 1, "start", "true"),
				sig(stack.KindPackage, stack.EcoNPM, "nuxt", "^2.17", "client/package.json", 5),
				sig(stack.KindPackage, stack.EcoNPM, "@nuxtjs/axios", "^5", "client/package.json", 6),
			},
			want: want{
				roles:      map[string]stack.Role{".": stack.RoleService, "client": stack.RoleFrontend},
				production: []string{"nodejs", "express", "sqlite"},
				absent:     []string{"nuxt", "vue"},
			},
		},
		{
			name: "Next.js at the repository root is the product's server",
			sigs: []stack.Signal{
				rt("nodejs", "package.json"),
				sig(stack.KindPackage, stack.EcoNPM, "next", "15.1", "package.json", 5),
				sig(stack.KindPackage, stack.EcoNPM, "react", "^19", "package.json", 6),
			},
			want: want{
				roles:      map[string]stack.Role{".": stack.RoleService},
				production: []string{"nodejs", "nextjs"},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := &detect.Result{Manifests: map[string]string{}, Signals: tc.sigs}
			for _, s := range tc.sigs {
				switch path.Base(s.File) {
				case "package.json", "Cargo.toml", "go.mod", "pyproject.toml", "requirements.txt", "pubspec.yaml":
					res.Manifests[s.File] = "test"
				}
			}
			st := resolve.Build(res, defaultCat(t))
			got := map[string]stack.Role{}
			for _, c := range st.Components {
				got[c.Path] = c.Role
				if !c.Role.Valid() {
					t.Errorf("component %s: invalid role %q", c.Path, c.Role)
				}
			}
			for p, r := range tc.want.roles {
				if got[p] != r {
					t.Errorf("component %s: role %q, want %q (all: %v)", p, got[p], r, got)
				}
			}
			for _, id := range tc.want.production {
				if !st.Has(id) {
					t.Errorf("%s missing from the production backend stack", id)
				}
			}
			for _, id := range tc.want.absent {
				if st.Has(id) {
					tech, _ := st.Tech(id)
					t.Errorf("%s is in the production backend stack (roles %v)", id, tech.Roles)
				}
			}
			for r, ids := range tc.want.apart {
				var have []string
				for _, tech := range st.RoleTechnologies(r) {
					have = append(have, tech.ID)
				}
				sort.Strings(have)
				w := append([]string(nil), ids...)
				sort.Strings(w)
				if !reflect.DeepEqual(have, w) {
					t.Errorf("%s technologies = %v, want %v", r, have, w)
				}
			}
		})
	}
}

func TestNonBackendFactsLeaveRules(t *testing.T) {
	res := &detect.Result{
		Manifests: map[string]string{"web/package.json": "packagejson", "go.mod": "gomod"},
		Signals: []stack.Signal{
			rt("go", "go.mod"),
			sig(stack.KindPackage, stack.EcoNPM, "react", "^19", "web/package.json", 3),
			sig(stack.KindFact, "", stack.FactContainerUser, "", "web/Dockerfile", 9, "root", "true"),
			sig(stack.KindFact, "", stack.FactContainerUser, "", "Dockerfile", 9, "root", "true"),
			sig(stack.KindFact, "", stack.FactCIPipeline, "", ".github/workflows/ci.yml", 1),
		},
	}
	st := resolve.Build(res, defaultCat(t))
	users := st.FactsNamed(stack.FactContainerUser)
	if len(users) != 1 || users[0].File != "Dockerfile" {
		t.Errorf("container-user facts for rules = %+v, want only the backend's Dockerfile", users)
	}
	if len(st.FactsNamed(stack.FactCIPipeline)) != 1 {
		t.Error("a repository-level fact must stay")
	}
	for _, f := range st.Facts {
		if f.File == "web/Dockerfile" && f.Attr(stack.AttrComponentRole) != string(stack.RoleFrontend) {
			t.Errorf("front end fact attrs = %v", f.Attrs)
		}
	}
}

func TestDeclarationsAreNotDependencies(t *testing.T) {
	res := &detect.Result{
		Manifests: map[string]string{"pom.xml": "maven", "app/build.gradle": "gradle", "svc/Svc.csproj": "dotnet", "plugin/package.json": "packagejson"},
		Signals: []stack.Signal{
			rt("java", "pom.xml"),
			sig(stack.KindPackage, stack.EcoMaven, "org.springframework.boot:spring-boot-starter-data-mongodb", "3.3.0", "pom.xml", 20, "managed", "true"),
			sig(stack.KindPackage, stack.EcoMaven, "org.springframework.boot:spring-boot-dependencies", "3.3.0", "pom.xml", 25, "managed", "true", "role", "bom"),
			sig(stack.KindPackage, stack.EcoMaven, "org.postgresql:postgresql", "", "pom.xml", 30),
			sig(stack.KindPackage, stack.EcoMaven, "org.apache.kafka:kafka-clients", "3.7.0", "app/build.gradle", 5, "role", "bom"),
			sig(stack.KindPackage, stack.EcoNuGet, "StackExchange.Redis", "2.8.0", "Directory.Packages.props", 4, "central", "true"),
			sig(stack.KindPackage, stack.EcoNuGet, "npgsql", "9.0.2", "Directory.Packages.props", 5, "central", "true"),
			sig(stack.KindPackage, stack.EcoNuGet, "Npgsql", "", "svc/Svc.csproj", 7),
			// a library's peer dependency is its user's to install
			sig(stack.KindPackage, stack.EcoNPM, "express", "^5", "plugin/package.json", 4, "group", "peerDependencies"),
			// a peer dependency the package also installs for its own
			// build and tests is one its code runs against (Medusa's
			// modules and their host's MikroORM)
			sig(stack.KindPackage, stack.EcoNPM, "@mikro-orm/core", "5.9.7", "plugin/package.json", 8, "group", "peerDependencies"),
			{Kind: stack.KindPackage, Ecosystem: stack.EcoNPM, Name: "@mikro-orm/core", Version: "5.9.7", File: "plugin/package.json", Line: 12, Scope: stack.ScopeDev},
		},
	}
	st := resolve.Build(res, defaultCat(t))
	for _, id := range []string{"mongodb", "spring-boot", "kafka", "redis", "express"} {
		if _, ok := st.Tech(id); ok {
			t.Errorf("%s made by a declaration only", id)
		}
	}
	if m, ok := st.Tech("mikro-orm"); !ok || m.Scope != stack.ScopeRuntime {
		t.Errorf("a peer dependency also installed for development: mikro-orm %+v, want it at runtime", m)
	}
	for _, id := range []string{"postgresql", "npgsql"} {
		if !st.Has(id) {
			t.Errorf("%s missing", id)
		}
	}
	// a central version is no use, but it is the version of the
	// reference that names no version of its own
	if n, _ := st.Tech("npgsql"); !reflect.DeepEqual(n.Versions, []string{"9.0.2"}) || len(n.Evidence) != 1 {
		t.Errorf("npgsql versions %v, evidence %v; want the central 9.0.2 and the reference only", n.Versions, n.Evidence)
	}
}

// TestStaticHosting: a netlify.toml or firebase.json that serves files
// only belongs to the front end it publishes, not to the backend beside
// it; one that runs code stays the backend's.
func TestStaticHosting(t *testing.T) {
	front := []stack.Signal{
		rt("nodejs", "apps/web/package.json"),
		sig(stack.KindPackage, stack.EcoNPM, "vue", "^3", "apps/web/package.json", 5),
		rt("nodejs", "apps/api/package.json"),
		sig(stack.KindPackage, stack.EcoNPM, "express", "^5", "apps/api/package.json", 5),
		rt("nodejs", "apps/site/package.json"),
		sig(stack.KindPackage, stack.EcoNPM, "next", "^15", "apps/site/package.json", 5),
	}
	hosting := func(tool, file, hosting, publish string) stack.Signal {
		return sig(stack.KindTool, stack.EcoTool, tool, "", file, 1, stack.AttrHosting, hosting, stack.AttrPublish, publish)
	}
	for _, tc := range []struct {
		name      string
		sig       stack.Signal
		backend   bool // the tool is in the production backend stack
		role      stack.Role
		component string // the component its evidence is attributed to
	}{
		{"netlify publishing a front end's build", hosting("netlify", "netlify.toml", stack.HostingStatic, "apps/web/dist"), false, stack.RoleFrontend, "apps/web"},
		{"firebase hosting a front end, with client rules", hosting("firebase", "firebase.json", stack.HostingStatic, "apps/api/public,apps/web/dist"), false, stack.RoleFrontend, "apps/web"},
		{"netlify publishing a folder no component holds", hosting("netlify", "netlify.toml", stack.HostingStatic, "packages/gone/dist"), false, stack.RoleFrontend, "."},
		{"netlify beside the front end it serves", hosting("netlify", "apps/web/netlify.toml", stack.HostingStatic, ""), false, stack.RoleFrontend, "apps/web"},
		{"netlify functions run backend code", hosting("netlify", "netlify.toml", stack.HostingFunctions, "apps/web/dist"), true, stack.RoleService, "."},
		{"firebase cloud functions", hosting("firebase", "firebase.json", stack.HostingFunctions, "apps/web/dist"), true, stack.RoleService, "."},
		{"a Next.js app's output is its server's", hosting("netlify", "netlify.toml", stack.HostingStatic, "apps/site/.next"), true, stack.RoleService, "."},
		{"static files built in an Express service's folder are no backend", hosting("netlify", "netlify.toml", stack.HostingStatic, "apps/api/public"), false, stack.RoleFrontend, "."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sigs := append(append([]stack.Signal(nil), front...), tc.sig)
			res := &detect.Result{Manifests: map[string]string{"package.json": "x", "apps/web/package.json": "x", "apps/api/package.json": "x", "apps/site/package.json": "x"}, Signals: sigs}
			st := resolve.Build(res, defaultCat(t))
			if st.Has(tc.sig.Name) != tc.backend {
				t.Errorf("%s in the backend stack: %v, want %v", tc.sig.Name, st.Has(tc.sig.Name), tc.backend)
			}
			tech, _ := st.Tech(tc.sig.Name)
			if !reflect.DeepEqual(tech.Roles, []stack.Role{tc.role}) || !reflect.DeepEqual(tech.Components, []string{tc.component}) {
				t.Errorf("%s: roles %v components %v, want %s in %s", tc.sig.Name, tech.Roles, tech.Components, tc.role, tc.component)
			}
		})
	}
}

// TestProgramsAndImages: Go programs named for a server, a worker or a
// tool say what their module is; an image running a program deploys its
// component (a service, or a worker for a job runner), over a tool's
// commands; a static file server's image or a development image does not;
// a Compose build deploys a component nothing else decides.
func TestProgramsAndImages(t *testing.T) {
	prog := func(file, name string) stack.Signal {
		return sig(stack.KindFact, "", stack.FactEntryPoint, "", file, 1, "kind", stack.EntryCommand, "detail", "Go command cmd/"+name, "program", name)
	}
	process := func(file string, attrs ...string) stack.Signal {
		return sig(stack.KindFact, "", stack.FactProcess, "", file, 9, append([]string{"stage", "1"}, attrs...)...)
	}
	for _, tc := range []struct {
		name string
		sigs []stack.Signal
		role stack.Role
	}{
		{"cmd/api-server", []stack.Signal{prog("svc/cmd/api-server/main.go", "api-server"), prog("svc/cmd/svcctl/main.go", "svcctl")}, stack.RoleService},
		{"cmd/worker", []stack.Signal{prog("svc/cmd/worker/main.go", "worker")}, stack.RoleWorker},
		{"cmd/gen and cmd/<x>ctl only", []stack.Signal{prog("svc/cmd/gen/main.go", "gen"), prog("svc/cmd/svcctl/main.go", "svcctl")}, stack.RoleTool},
		{"a program of another name may be the server", []stack.Signal{prog("svc/cmd/gen/main.go", "gen"), prog("svc/cmd/svc/main.go", "svc-thing")}, stack.RoleService},
		{"cmd/migrate runs the backend's migrations", []stack.Signal{prog("svc/cmd/migrate/main.go", "migrate")}, stack.RoleService},
		{"an image running a tool's program", []stack.Signal{prog("svc/cmd/svcctl/main.go", "svcctl"), process("svc/Dockerfile", "command", "/svcctl serve")}, stack.RoleService},
		{"an image running a folder not named for a worker", []stack.Signal{process("svc/Dockerfile", "command", "java -jar /worker.jar", "server", "java")}, stack.RoleService},
		{"an image running a job runner", []stack.Signal{process("svc/Dockerfile", "command", "celery -A app worker", "server", "celery", "role", "worker")}, stack.RoleWorker},
		{"nginx serving files deploys no backend", []stack.Signal{prog("svc/cmd/gen/main.go", "gen"), process("svc/Dockerfile", "command", "nginx -g daemon off;", "server", "nginx", "role", "web")}, stack.RoleTool},
		{"a development image deploys nothing", []stack.Signal{prog("svc/cmd/gen/main.go", "gen"), func() stack.Signal {
			s := process("svc/Dockerfile.dev", "command", "air")
			s.Scope = stack.ScopeDev
			return s
		}()}, stack.RoleTool},
		{"a Compose build deploys the component of its Dockerfile", []stack.Signal{entry(stack.EntryLibrary, "svc/go.mod"),
			sig(stack.KindFact, "", stack.FactService, "", "docker-compose.yml", 3, "source", "compose", "name", "svc", "build", ".", "dockerfile", "svc/Dockerfile")}, stack.RoleService},
		{"a Compose build leaves a tool's commands a tool (a one-shot job)", []stack.Signal{prog("svc/cmd/gen/main.go", "gen"),
			sig(stack.KindFact, "", stack.FactService, "", "docker-compose.yml", 3, "source", "compose", "name", "svc", "build", "svc")}, stack.RoleTool},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sigs := append([]stack.Signal{rt("go", "svc/go.mod")}, tc.sigs...)
			st := resolve.Build(&detect.Result{Manifests: map[string]string{"svc/go.mod": "gomod"}, Signals: sigs}, defaultCat(t))
			for _, c := range st.Components {
				if c.Path == "svc" && c.Role != tc.role {
					t.Errorf("role %q (%s), want %q", c.Role, c.RoleReason, tc.role)
				}
			}
		})
	}
}

// TestEmbeddedServers: an Express server an Electron app runs (in its own
// manifest, or a workspace package only clients depend on) is part of the
// desktop app, not a deployed backend; an image that runs it makes it one.
func TestEmbeddedServers(t *testing.T) {
	named := func(file, name string) stack.Signal {
		return sig(stack.KindRuntime, stack.EcoRuntime, "nodejs", "", file, 1, "package", name)
	}
	npm := func(name, file string) stack.Signal { return sig(stack.KindPackage, stack.EcoNPM, name, "^1", file, 5) }
	image := func(file string) stack.Signal {
		return sig(stack.KindFact, "", stack.FactProcess, "", file, 9, "stage", "1", "command", "node dist/server.js", "server", "node")
	}
	desktop := []stack.Signal{
		named("apps/desktop/package.json", "@app/desktop"),
		sig(stack.KindPackage, stack.EcoNPM, "electron", "^33", "apps/desktop/package.json", 5, "scope", "dev"),
		npm("@app/server", "apps/desktop/package.json"),
	}
	server := []stack.Signal{
		named("packages/server/package.json", "@app/server"),
		npm("express", "packages/server/package.json"),
		npm("better-sqlite3", "packages/server/package.json"),
	}
	cat := func(parts ...[]stack.Signal) []stack.Signal {
		var out []stack.Signal
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	for _, tc := range []struct {
		name    string
		sigs    []stack.Signal
		comp    string
		role    stack.Role
		backend bool // express in the production backend stack
	}{
		{"electron and express in one manifest", []stack.Signal{named("desktop/package.json", "d"), npm("electron", "desktop/package.json"), npm("express", "desktop/package.json")},
			"desktop", stack.RoleClient, false},
		{"electron and express in one manifest, deployed by its Dockerfile", []stack.Signal{named("desktop/package.json", "d"), npm("electron", "desktop/package.json"), npm("express", "desktop/package.json"), image("desktop/Dockerfile")},
			"desktop", stack.RoleService, true},
		{"a server package only the Electron app depends on", cat(desktop, server), "packages/server", stack.RoleClient, false},
		{"a server package an image runs", cat(desktop, server, []stack.Signal{image("packages/server/Dockerfile")}), "packages/server", stack.RoleService, true},
		{"a server package a front end depends on too", cat(desktop, server, []stack.Signal{named("apps/web/package.json", "@app/web"), npm("react", "apps/web/package.json"), npm("@app/server", "apps/web/package.json")}),
			"packages/server", stack.RoleService, true},
		{"a server package nothing depends on", server, "packages/server", stack.RoleService, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := &detect.Result{Manifests: map[string]string{}, Signals: tc.sigs}
			for _, s := range tc.sigs {
				if path.Base(s.File) == "package.json" {
					res.Manifests[s.File] = "packagejson"
				}
			}
			st := resolve.Build(res, defaultCat(t))
			for _, c := range st.Components {
				if c.Path == tc.comp && c.Role != tc.role {
					t.Errorf("%s: role %q (%s), want %q", c.Path, c.Role, c.RoleReason, tc.role)
				}
			}
			if st.Has("express") != tc.backend {
				t.Errorf("express in the backend stack: %v, want %v", st.Has("express"), tc.backend)
			}
		})
	}
}

// TestDeployedWorkerFolder: an image running a folder named for a worker
// (the voting app's worker/) deploys a worker.
func TestDeployedWorkerFolder(t *testing.T) {
	sigs := []stack.Signal{
		rt("java", "worker/pom.xml"),
		sig(stack.KindFact, "", stack.FactProcess, "", "worker/Dockerfile", 17, "stage", "1", "command", "java -jar /worker.jar", "server", "java"),
	}
	st := resolve.Build(&detect.Result{Manifests: map[string]string{"worker/pom.xml": "maven"}, Signals: sigs}, defaultCat(t))
	if len(st.Components) != 1 || st.Components[0].Role != stack.RoleWorker {
		t.Errorf("components %+v, want worker a worker", st.Components)
	}
}
