package resolve_test

import (
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/stacklint/stacklint/detectors/catalog"
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
id = "jest"
name = "Jest"
layer = "supporting"
category = "testing"
[technology.match]
npm = ["jest"]
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
	if !reflect.DeepEqual(express.Versions, []string{"3.0.0", "4.19.2"}) || !reflect.DeepEqual(express.Components, []string{"apps/web", "examples/demo"}) {
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
