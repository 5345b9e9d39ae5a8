package resolve_test

import (
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/resolve"
	"github.com/stacklint/stacklint/internal/stack"
)

const testCatalog = `
[[technology]]
id = "nodejs"
name = "Node.js"
layer = "language"
category = "runtime"
[technology.match]
runtime = ["nodejs"]
docker = ["node"]

[[technology]]
id = "express"
name = "Express"
layer = "framework"
category = "web-framework"
implies = ["nodejs"]
[technology.match]
npm = ["express"]

[[technology]]
id = "nestjs"
name = "NestJS"
layer = "framework"
category = "web-framework"
version_from = ["@nestjs/core"]
[technology.match]
npm = ["@nestjs/*"]

[[technology]]
id = "postgresql"
name = "PostgreSQL"
layer = "data"
category = "database"
[technology.match]
datastore = ["postgresql"]
docker = ["postgres"]

[[technology]]
id = "pg"
name = "node-postgres"
layer = "data"
category = "database-driver"
implies = ["postgresql"]
[technology.match]
npm = ["pg"]

[[technology]]
id = "typescript"
name = "TypeScript"
layer = "language"
category = "language"
[technology.match]
runtime = ["typescript"]
npm = ["typescript"]

[[technology]]
id = "jest"
name = "Jest"
layer = "supporting"
category = "testing"
[technology.match]
npm = ["jest"]

[[technology]]
id = "testify"
name = "Testify"
layer = "supporting"
category = "testing"
[technology.match]
go = ["github.com/stretchr/testify"]

[[technology]]
id = "localstack"
name = "LocalStack"
layer = "infrastructure"
category = "dev-tooling"
[technology.match]
docker = ["localstack/localstack"]

[[technology]]
id = "yarn"
name = "Yarn"
layer = "supporting"
category = "package-manager"
[technology.match]
tool = ["yarn"]

[[technology]]
id = "maven"
name = "Maven"
layer = "supporting"
category = "build-tool"
[technology.match]
tool = ["maven"]

[[technology]]
id = "puma"
name = "Puma"
layer = "supporting"
category = "app-server"
[technology.match]
rubygems = ["puma"]

[[technology]]
id = "django"
name = "Django"
layer = "framework"
category = "web-framework"
[technology.match]
pypi = ["django"]

[[technology]]
id = "spring-boot"
name = "Spring Boot"
layer = "framework"
category = "web-framework"
[technology.match]
maven = ["org.springframework.boot:*"]
`

func cat(t *testing.T) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Load(fstest.MapFS{"data/test.toml": {Data: []byte(testCatalog)}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func pkg(file string, line int, name, version, scope string) stack.Signal {
	return stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoNPM, Name: name, Version: version, Scope: scope, File: file, Line: line}
}

func TestBuild(t *testing.T) {
	res := &detect.Result{
		Manifests: map[string]string{"apps/api/package.json": "node", "apps/web/package.json": "node", "examples/demo/package.json": "node"},
		Signals: []stack.Signal{
			pkg("apps/api/package.json", 5, "@nestjs/core", "^10.3.0", stack.ScopeRuntime),
			pkg("apps/api/package.json", 6, "@nestjs/typeorm", "^10.0.1", stack.ScopeRuntime),
			pkg("apps/api/package.json", 7, "pg", "^8.11.3", stack.ScopeRuntime),
			pkg("apps/api/package.json", 9, "jest", "^29.0.0", stack.ScopeDev),
			pkg("apps/web/package.json", 4, "express", "4.19.2", stack.ScopeRuntime),
			pkg("examples/demo/package.json", 3, "express", "3.0.0", stack.ScopeNonProduction),
			{Kind: stack.KindImage, Ecosystem: stack.EcoDocker, Name: "postgres", Version: "16", File: "deploy/compose.yaml", Line: 3, Scope: stack.ScopeRuntime},
			{Kind: stack.KindFact, Name: stack.FactReplicas, File: "deploy/compose.yaml", Line: 2, Scope: stack.ScopeRuntime, Attrs: map[string]string{"count": "2"}},
			{Kind: stack.KindPackage, Ecosystem: stack.EcoNPM, Name: "left-pad", File: "apps/web/package.json", Line: 5, Scope: stack.ScopeRuntime},
		},
	}
	st := resolve.Build(res, cat(t))

	var ids []string
	for _, tech := range st.Technologies {
		ids = append(ids, tech.ID+":"+tech.Scope)
	}
	want := []string{"nodejs:runtime", "express:runtime", "nestjs:runtime", "pg:runtime", "postgresql:runtime", "jest:dev"}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("technologies = %v, want %v", ids, want)
	}
	nest, _ := st.Tech("nestjs")
	if !reflect.DeepEqual(nest.Versions, []string{"^10.3.0"}) {
		t.Errorf("nestjs versions = %v (only @nestjs/core counts)", nest.Versions)
	}
	if len(nest.Evidence) != 2 || nest.Evidence[1].Line != 6 {
		t.Errorf("nestjs evidence = %+v", nest.Evidence)
	}
	express, _ := st.Tech("express")
	if !reflect.DeepEqual(express.Versions, []string{"4.19.2"}) /* examples/ versions do not count */ || !reflect.DeepEqual(express.Components, []string{"apps/web", "examples/demo"}) {
		t.Errorf("express = %+v", express)
	}
	pgsql, _ := st.Tech("postgresql")
	if pgsql.Implied || len(pgsql.Evidence) != 2 || pgsql.Evidence[0].Detail != "implied by node-postgres (npm package pg ^8.11.3)" {
		t.Errorf("postgresql = %+v", pgsql)
	}
	node, _ := st.Tech("nodejs")
	if !node.Implied {
		t.Errorf("nodejs should be implied only: %+v", node)
	}
	// Evidence is structured: what implied it and what the signal declared
	// are fields, not text to parse.
	if e := pgsql.Evidence[0]; e.ImpliedBy != "pg" || !e.Implied() || e.Kind != "" || e.Version != "" {
		t.Errorf("implied evidence = %+v, want ImpliedBy pg and no signal kind or version", e)
	}
	pg, _ := st.Tech("pg")
	if e := pg.Evidence[0]; e.ImpliedBy != "" || e.Kind != stack.KindPackage || e.Version != "^8.11.3" {
		t.Errorf("direct evidence = %+v, want a package declaring ^8.11.3", e)
	}
	for _, e := range node.Evidence {
		if e.ImpliedBy == "" {
			t.Errorf("nodejs evidence %+v does not say what implied it", e)
		}
	}
	var comps []string
	for _, c := range st.Components {
		comps = append(comps, c.Path)
	}
	if !reflect.DeepEqual(comps, []string{".", "apps/api", "apps/web", "examples/demo"}) {
		t.Errorf("components = %v", comps)
	}
	if !st.Components[3].NonProduction || st.Components[1].NonProduction {
		t.Errorf("non-production flags wrong: %+v", st.Components)
	}
	if len(st.Facts) != 1 || st.Facts[0].Attr("count") != "2" {
		t.Errorf("facts = %+v", st.Facts)
	}
	if len(st.Signals) != 8 {
		t.Errorf("signals kept = %d, want 8", len(st.Signals))
	}
	if got := st.ByLayer(stack.LayerSupporting); len(got) != 0 {
		t.Errorf("dev-only jest counted as production: %v", got)
	}
}

func TestBuildEmpty(t *testing.T) {
	st := resolve.Build(&detect.Result{Manifests: map[string]string{}}, cat(t))
	if st.Technologies == nil || st.Components == nil || st.Facts == nil || st.Diagnostics == nil {
		t.Error("empty stack must have non-nil slices (JSON arrays, not null)")
	}
}

func sig(kind, eco, name, version, file string, line int, attrs ...string) stack.Signal {
	s := stack.Signal{Kind: kind, Ecosystem: eco, Name: name, Version: version, File: file, Line: line, Scope: stack.ScopeRuntime}
	for i := 0; i+1 < len(attrs); i += 2 {
		if s.Attrs == nil {
			s.Attrs = map[string]string{}
		}
		s.Attrs[attrs[i]] = attrs[i+1]
	}
	return s
}

func TestBuildToolingIsNeverRuntime(t *testing.T) {
	res := &detect.Result{
		Manifests: map[string]string{"go.mod": "go", "package.json": "node"},
		Signals: []stack.Signal{
			// go.mod cannot mark a module test-only
			sig(stack.KindPackage, stack.EcoGo, "github.com/stretchr/testify", "v1.9.0", "go.mod", 7),
			// vitest-like test framework declared in dependencies
			sig(stack.KindPackage, stack.EcoNPM, "jest", "^29.0.0", "package.json", 9),
			sig(stack.KindImage, stack.EcoDocker, "localstack/localstack", "3.4", "docker-compose.yml", 12),
			sig(stack.KindTool, stack.EcoTool, "yarn", "", "yarn.lock", 0),
			sig(stack.KindTool, stack.EcoTool, "maven", "", "pom.xml", 0),
			sig(stack.KindPackage, stack.EcoNPM, "express", "^4.19.2", "package.json", 8),
		},
	}
	st := resolve.Build(res, cat(t))
	for id, want := range map[string]string{
		"testify": stack.ScopeDev, "jest": stack.ScopeDev, "localstack": stack.ScopeDev,
		"yarn": stack.ScopeDev, "maven": stack.ScopeDev, "express": stack.ScopeRuntime, "nodejs": stack.ScopeRuntime,
	} {
		tech, ok := st.Tech(id)
		if !ok || tech.Scope != want {
			t.Errorf("%s: scope %q (present %v), want %q", id, tech.Scope, ok, want)
		}
	}
	if st.Has("testify") || st.Has("yarn") {
		t.Error("tooling counted as production stack")
	}
}

func TestBuildVersionPrecedence(t *testing.T) {
	res := &detect.Result{
		Manifests: map[string]string{"Gemfile": "ruby", "package.json": "node", "web/requirements.txt": "python", "other/package.json": "node", "pom.xml": "maven"},
		Signals: []stack.Signal{
			// Gemfile ">= 5.0" and Gemfile.lock 6.6.0: the lockfile wins
			sig(stack.KindPackage, stack.EcoRubyGems, "puma", ">= 5.0", "Gemfile", 4),
			sig(stack.KindPackage, stack.EcoRubyGems, "puma", "6.6.0", "Gemfile.lock", 40, "locked", "true"),
			// engines range, .nvmrc and Dockerfile pins in the same component
			sig(stack.KindRuntime, stack.EcoRuntime, "nodejs", ">=18.0.0 <26.0.0", "package.json", 3),
			sig(stack.KindRuntime, stack.EcoRuntime, "nodejs", "24", ".nvmrc", 1),
			sig(stack.KindImage, stack.EcoDocker, "node", "24-alpine", "Dockerfile", 1),
			// another component keeps its own (range) version
			sig(stack.KindRuntime, stack.EcoRuntime, "nodejs", "^20.19.0 || >=22.12.0", "other/package.json", 3),
			// an exact version beats a range in the same manifest
			sig(stack.KindPackage, stack.EcoPyPI, "django", ">=4.2,<5", "web/requirements.txt", 1),
			sig(stack.KindPackage, stack.EcoPyPI, "django", "==4.2.7", "web/requirements.txt", 2),
			// managed versions (dependencyManagement, BOM) are no use: neither evidence nor version
			sig(stack.KindPackage, stack.EcoMaven, "org.springframework.boot:spring-boot-dependencies", "3.3.0", "pom.xml", 20, "managed", "true", "role", "bom"),
			sig(stack.KindPackage, stack.EcoMaven, "org.springframework.boot:spring-boot-starter-web", "", "pom.xml", 30),
		},
	}
	res.Signals = append(res.Signals, sig(stack.KindPackage, stack.EcoMaven, "org.springframework.boot:spring-boot-starter", "3.2.0", "pom.xml", 25, "managed", "true"))
	st := resolve.Build(res, cat(t))
	for id, want := range map[string][]string{
		"puma":        {"6.6.0"},
		"nodejs":      {"24", "24-alpine", "^20.19.0 || >=22.12.0"},
		"django":      {"==4.2.7"},
		"spring-boot": {},
	} {
		tech, ok := st.Tech(id)
		if !ok || !reflect.DeepEqual(tech.Versions, want) {
			t.Errorf("%s versions = %q (present %v), want %q", id, tech.Versions, ok, want)
		}
	}
	if sb, _ := st.Tech("spring-boot"); len(sb.Evidence) != 1 || sb.Evidence[0].Line != 30 {
		t.Errorf("managed entries must not be evidence: %+v", sb.Evidence)
	}
	if puma, _ := st.Tech("puma"); stack.DisplayVersions(puma.Versions) != "6.6" {
		t.Errorf("puma displays %q", stack.DisplayVersions(puma.Versions))
	}
}

// TestVersionsFollowScope: a production technology takes its version from
// production evidence, falls back to development declarations (compile-time
// tools), and never takes one from examples or tests.
func TestVersionsFollowScope(t *testing.T) {
	res := &detect.Result{
		Manifests: map[string]string{"package.json": "node"},
		Signals: []stack.Signal{
			{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "typescript", File: "tsconfig.json", Scope: stack.ScopeRuntime},
			pkg("package.json", 9, "typescript", "^5.4.0", stack.ScopeDev),
			pkg("package.json", 4, "express", "^4.19.0", stack.ScopeRuntime),
			pkg("examples/old/package.json", 3, "express", "3.0.0", stack.ScopeNonProduction),
			pkg("test/fixtures/package.json", 3, "typescript", "2.0.0", stack.ScopeNonProduction),
		},
	}
	st := resolve.Build(res, cat(t))
	ts, _ := st.Tech("typescript")
	ex, _ := st.Tech("express")
	if !reflect.DeepEqual(ts.Versions, []string{"^5.4.0"}) || ts.Scope != stack.ScopeRuntime {
		t.Errorf("typescript = %v %s, want [^5.4.0] runtime", ts.Versions, ts.Scope)
	}
	if !reflect.DeepEqual(ex.Versions, []string{"^4.19.0"}) {
		t.Errorf("express versions = %v, want [^4.19.0]", ex.Versions)
	}
}
