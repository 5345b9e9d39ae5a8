// Package rulestest builds stacks, catalogs and contexts for rule tests:
// technologies and facts written directly, a small catalog with the
// attributes rules read, and profiles parsed from TOML.
package rulestest

import (
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/resolve"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// Today is the fixed date rule tests run on.
var Today = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

// CatalogTOML is the test catalog: the technologies rule tests use, with
// the attributes rules read.
const CatalogTOML = `
[[technology]]
id = "nodejs"
name = "Node.js"
layer = "language"
category = "runtime"
talent_share = 40.8
talent_source = "Stack Overflow Developer Survey 2024"
[[technology.eol]]
cycle = "16"
eol = "2023-09-11"
source = "https://endoflife.date/nodejs"
[[technology.eol]]
cycle = "18"
eol = "2025-04-30"
source = "https://endoflife.date/nodejs"
[[technology.eol]]
cycle = "20"
eol = "2026-04-30"
source = "https://endoflife.date/nodejs"
[[technology.eol]]
cycle = "22"
eol = "2027-04-30"
source = "https://endoflife.date/nodejs"
[[technology.eol]]
cycle = "24"
eol = "2028-04-30"
source = "https://endoflife.date/nodejs"

[[technology]]
id = "typescript"
name = "TypeScript"
layer = "language"
category = "language"
talent_share = 38.5

[[technology]]
id = "python"
name = "Python"
layer = "language"
category = "language"
talent_share = 51
[[technology.eol]]
cycle = "3.8"
eol = "2024-10-07"
[[technology.eol]]
cycle = "3.12"
eol = "2028-10-31"

[[technology]]
id = "go"
name = "Go"
layer = "language"
category = "language"
talent_share = 13.5

[[technology]]
id = "java"
name = "Java"
layer = "language"
category = "language"
talent_share = 30.3

[[technology]]
id = "elixir"
name = "Elixir"
layer = "language"
category = "language"
talent_share = 2.1
talent_source = "Stack Overflow Developer Survey 2024"

[[technology]]
id = "phoenix"
name = "Phoenix"
layer = "framework"
category = "fullstack-framework"
concurrency = "async"
talent_share = 2.3
implies = ["elixir"]

[[technology]]
id = "rust"
name = "Rust"
layer = "language"
category = "language"
talent_share = 14.8

[[technology]]
id = "actix-web"
name = "Actix Web"
layer = "framework"
category = "web-framework"
concurrency = "async"
implies = ["rust"]

[[technology]]
id = "express"
name = "Express"
layer = "framework"
category = "web-framework"
concurrency = "async"
talent_share = 17.8
implies = ["nodejs"]

[[technology]]
id = "nestjs"
name = "NestJS"
layer = "framework"
category = "web-framework"
concurrency = "async"
talent_share = 5.8
implies = ["nodejs"]

[[technology]]
id = "flask"
name = "Flask"
layer = "framework"
category = "web-framework"
concurrency = "sync"
talent_share = 12.9
implies = ["python"]

[[technology]]
id = "django"
name = "Django"
layer = "framework"
category = "fullstack-framework"
concurrency = "sync"
talent_share = 12
implies = ["python"]

[[technology]]
id = "fastapi"
name = "FastAPI"
layer = "framework"
category = "api-framework"
concurrency = "async"
talent_share = 9.9
implies = ["python"]

[[technology]]
id = "spring-boot"
name = "Spring Boot"
layer = "framework"
category = "web-framework"
concurrency = "sync"
talent_share = 12.7
implies = ["java"]

[[technology]]
id = "gin"
name = "Gin"
layer = "framework"
category = "web-framework"
concurrency = "async"
implies = ["go"]

[[technology]]
id = "postgresql"
name = "PostgreSQL"
layer = "data"
category = "database"
data_model = "relational"
transactional = true
stateful = true
operational_cost = "medium"
[[technology.eol]]
cycle = "12"
eol = "2024-11-21"
[[technology.eol]]
cycle = "16"
eol = "2028-11-09"

[[technology]]
id = "mysql"
name = "MySQL"
layer = "data"
category = "database"
data_model = "relational"
transactional = true
stateful = true

[[technology]]
id = "sqlite"
name = "SQLite"
layer = "data"
category = "database"
data_model = "relational"
transactional = true
stateful = true
operational_cost = "low"

[[technology]]
id = "mongodb"
name = "MongoDB"
layer = "data"
category = "database"
data_model = "document"
transactional = false
stateful = true
operational_cost = "medium"

[[technology]]
id = "redis"
name = "Redis"
layer = "data"
category = "cache"
data_model = "key-value"
stateful = true
operational_cost = "low"

[[technology]]
id = "valkey"
name = "Valkey"
layer = "data"
category = "cache"
data_model = "key-value"
stateful = true
counts_as = ["redis"]

[[technology]]
id = "h2"
name = "H2"
layer = "data"
category = "database"
data_model = "relational"
transactional = true
stateful = true

[[technology]]
id = "prometheus"
name = "Prometheus"
layer = "supporting"
category = "metrics"
data_model = "time-series"
stateful = true

[[technology]]
id = "grafana"
name = "Grafana"
layer = "supporting"
category = "observability"
stateful = true

[[technology]]
id = "istio"
name = "Istio"
layer = "infrastructure"
category = "service-mesh"
operational_cost = "high"

[[technology]]
id = "rabbitmq"
name = "RabbitMQ"
layer = "supporting"
category = "queue"
stateful = true

[[technology]]
id = "cassandra"
name = "Cassandra"
layer = "data"
category = "database"
data_model = "wide-column"
stateful = true
operational_cost = "high"

[[technology]]
id = "elasticsearch"
name = "Elasticsearch"
layer = "data"
category = "search"
data_model = "search"
stateful = true
operational_cost = "high"

[[technology]]
id = "kafka"
name = "Kafka"
layer = "supporting"
category = "queue"
stateful = true
operational_cost = "high"

[[technology]]
id = "celery"
name = "Celery"
layer = "supporting"
category = "background-jobs"

[[technology]]
id = "typeorm"
name = "TypeORM"
layer = "data"
category = "orm"

[[technology]]
id = "flyway"
name = "Flyway"
layer = "data"
category = "migration"

[[technology]]
id = "sql-migrations"
name = "SQL migration files"
layer = "data"
category = "migration"

[[technology]]
id = "kubernetes"
name = "Kubernetes"
layer = "infrastructure"
category = "orchestration"
operational_cost = "high"

[[technology]]
id = "helm"
name = "Helm"
layer = "infrastructure"
category = "orchestration"
operational_cost = "medium"

[[technology]]
id = "terraform"
name = "Terraform"
layer = "infrastructure"
category = "iac"
operational_cost = "medium"

[[technology]]
id = "docker"
name = "Docker"
layer = "infrastructure"
category = "container"
operational_cost = "low"

[[technology]]
id = "sharp"
name = "sharp"
layer = "supporting"
category = "cpu-bound"
cpu_heavy = true

[[technology]]
id = "piscina"
name = "Piscina"
layer = "supporting"
category = "background-jobs"

[[technology]]
id = "npm-request"
name = "request"
layer = "supporting"
category = "deprecated-package"
deprecated = "request is deprecated since 2020; use fetch, undici, got or axios"

[[technology]]
id = "passport"
name = "Passport"
layer = "supporting"
category = "auth"

[[technology]]
id = "zod"
name = "Zod"
layer = "supporting"
category = "validation"

[[technology]]
id = "openapi"
name = "OpenAPI"
layer = "supporting"
category = "api"

[[technology]]
id = "opentelemetry"
name = "OpenTelemetry"
layer = "supporting"
category = "observability"

[[technology]]
id = "sentry"
name = "Sentry"
layer = "supporting"
category = "error-tracking"

[[technology]]
id = "winston"
name = "winston"
layer = "supporting"
category = "logging"

[[technology]]
id = "github-actions"
name = "GitHub Actions"
layer = "supporting"
category = "ci-cd"
`

// Catalog loads CatalogTOML.
func Catalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Load(fstest.MapFS{"data/test.toml": {Data: []byte(CatalogTOML)}})
	if err != nil {
		t.Fatalf("test catalog: %v", err)
	}
	return c
}

// Tech builds a production technology with one piece of evidence per file
// ("package.json:12"), taking name, layer and category from the catalog
// when c knows id. Versions are declared versions as written.
func Tech(c *catalog.Catalog, id string, where []string, versions ...string) stack.Technology {
	t := stack.Technology{ID: id, Name: id, Scope: stack.ScopeRuntime, Versions: versions, Components: []string{"."}}
	if c != nil {
		if e, ok := c.Get(id); ok {
			t.Name, t.Layer, t.Category = e.Name, e.Layer, e.Category
		}
	}
	for _, w := range where {
		file, line := splitWhere(w)
		detail, version := "uses "+id, ""
		if len(versions) > 0 {
			version = versions[0]
			detail += " " + version
		}
		t.Evidence = append(t.Evidence, stack.Evidence{File: file, Line: line, Detail: detail, Scope: stack.ScopeRuntime, Version: version})
	}
	return t
}

// Declared builds a production technology from versions declared in
// several places, given as pairs of "file:line" and the version written
// there ("package.json:40", ">=18.0.0 <26.0.0", ".nvmrc:1", "24"): one
// piece of evidence per pair, detailed as the resolver details it
// ("runtime nodejs 24"), and the versions sorted as the resolver sorts them.
func Declared(c *catalog.Catalog, id string, whereVersion ...string) stack.Technology {
	t := Tech(c, id, nil)
	seen := map[string]bool{}
	for i := 0; i+1 < len(whereVersion); i += 2 {
		file, line := splitWhere(whereVersion[i])
		v := whereVersion[i+1]
		t.Evidence = append(t.Evidence, stack.Evidence{File: file, Line: line, Detail: "runtime " + id + " " + v, Scope: stack.ScopeRuntime, Kind: stack.KindRuntime, Version: v})
		if !seen[v] {
			seen[v] = true
			t.Versions = append(t.Versions, v)
		}
	}
	sort.Strings(t.Versions)
	return t
}

// Fact builds a production fact at where ("Dockerfile:7") with attrs given
// as key, value pairs.
func Fact(name, where string, kv ...string) stack.Signal {
	file, line := splitWhere(where)
	s := stack.Signal{Kind: stack.KindFact, Name: name, File: file, Line: line, Scope: stack.ScopeRuntime, Attrs: map[string]string{}}
	for i := 0; i+1 < len(kv); i += 2 {
		s.Attrs[kv[i]] = kv[i+1]
	}
	return s
}

// Stack assembles technologies and facts into a stack, sorted as the
// resolver sorts it, with a root component.
func Stack(techs []stack.Technology, facts ...stack.Signal) *stack.Stack {
	st := &stack.Stack{Technologies: append([]stack.Technology(nil), techs...), Facts: facts}
	stack.SortTechnologies(st.Technologies)
	ids := make([]string, 0, len(techs))
	for _, t := range techs {
		ids = append(ids, t.ID)
	}
	st.Components = []stack.Component{{Path: ".", Technologies: ids}}
	return st
}

// Profile parses a profile named ".stacklint.toml"; an empty src gives the
// embedded default (not declared).
func Profile(t testing.TB, src string) *profile.Profile {
	t.Helper()
	if strings.TrimSpace(src) == "" {
		return profile.Default()
	}
	p, err := profile.Parse(".stacklint.toml", []byte(src))
	if err != nil {
		t.Fatalf("profile: %v", err)
	}
	return p
}

// Context builds a rule context on the test catalog and date, with the
// stack's datastores and system of record decided as the resolver does.
func Context(t testing.TB, st *stack.Stack, profileTOML string) *rule.Context {
	t.Helper()
	cat := Catalog(t)
	resolve.Datastores(st, cat)
	return &rule.Context{Stack: st, Profile: Profile(t, profileTOML), Catalog: cat, Today: Today}
}

func splitWhere(w string) (string, int) {
	i := strings.LastIndexByte(w, ':')
	if i < 0 {
		return w, 0
	}
	n := 0
	for _, c := range w[i+1:] {
		if c < '0' || c > '9' {
			return w, 0
		}
		n = n*10 + int(c-'0')
	}
	return w[:i], n
}
