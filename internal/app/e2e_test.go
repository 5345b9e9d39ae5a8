package app_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stacklint/stacklint/internal/app"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/report"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/source"
	"github.com/stacklint/stacklint/internal/stack"
)

// The end-to-end fixtures: realistic mini-repositories under
// testdata/repos, each scanned and checked as `stacklint scan` and
// `stacklint check` would, and compared with golden reports under
// testdata/golden. Regenerate with
//
//	go test ./internal/app/ -run E2E -update
//
// and review the diff. The expectations below pin the facts each fixture
// exists to prove, so a wrong golden cannot pass silently.

const (
	reposDir  = "../../testdata/repos"
	goldenDir = "../../testdata/golden"
)

// e2eToday fixes "today" for end-of-life rules.
var e2eToday = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

// expect is what must hold for one fixture repository.
type expect struct {
	// prod must be production technologies (scope runtime).
	prod []string
	// notProd must be absent or not production (dev, non-production).
	notProd []string
	// nonProd must be present with scope non-production (examples, tests).
	nonProd []string
	// dev must be present with scope dev.
	dev []string
	// components are paths that must be components.
	components []string
	// facts are fact names that must be present in production.
	facts []string
	// fires are rule ids that must fire in `check`; quiet must not.
	fires, quiet []string
	// checkHas and checkLacks are substrings the text report of `check`
	// must (must not) contain; scanHas and scanLacks the same for the text
	// report of `scan` (scanHas lines may be anywhere in the report).
	checkHas, checkLacks, scanHas, scanLacks []string
	// factHas are facts that must be present in production: the key
	// "fact" is the fact name, every other key an attribute it must carry.
	// factLacks must match no production fact.
	factHas, factLacks []map[string]string
	// evidenceHas are "tech-id file:line scope" entries that must be among
	// a technology's evidence; evidenceLacks must not be.
	evidenceHas, evidenceLacks []string
	// supported are "id production" entries (production true or false)
	// that must be among the supported datastores.
	supported []string
	// record, when set, is the system of record ("-" for none).
	record string
	// roles are component paths and the role each must have.
	roles map[string]stack.Role
}

var e2eExpect = map[string]expect{
	// issue 14: the organisation's BYOR radar (platform/tech-radar.csv)
	// drives findings citing its lines; the hold ring is rolled out.
	"radar-org": {
		prod:  []string{"nodejs", "express", "kafka", "mongodb"},
		fires: []string{"fit/radar-hold", "fit/radar-assess"},
		checkHas: []string{
			"MongoDB (package.json:17) is on the hold ring of the organisation's tech radar\n         (platform/tech-radar.csv:7, \"MongoDB\")",
			"Rollout (.stacklint.toml:19): warning until\n         2027-03-01, then error.",
			"on the assess ring of the\n         organisation's tech radar (platform/tech-radar.csv:5, \"Apache Kafka\")",
		},
	},
	// issue 10: evidence beyond manifests
	"aspire-apphost": {
		prod: []string{"csharp", "dotnet", "aspnet-core", "dotnet-aspire", "postgresql", "redis", "rabbitmq"},
		// commented out in the AppHost
		notProd: []string{"kafka"},
		evidenceHas: []string{"postgresql src/Shop.AppHost/Program.cs:10 runtime", "rabbitmq src/Shop.AppHost/Program.cs:8 runtime",
			"redis src/Shop.AppHost/Program.cs:6 runtime"},
		factHas: []map[string]string{
			{"fact": stack.FactReplicas, "workload": "catalog-api", "count": "2", "source": "aspire"},
			{"fact": stack.FactService, "name": "basket-api", "source": "aspire"},
		},
		// WithImageTag("7.4") is Redis's version
		scanHas: []string{"Redis 7.4"},
		record:  "postgresql",
	},
	"rails-kamal": {
		prod: []string{"ruby", "rails", "postgresql", "redis", "kamal", "kamal-proxy", "docker"},
		factHas: []map[string]string{
			{"fact": stack.FactReplicas, "workload": "bookshelf-web", "count": "2", "source": "kamal"},
			{"fact": stack.FactReplicas, "workload": "bookshelf-job", "count": "1", "source": "kamal"},
			{"fact": stack.FactProcess, "name": "bookshelf-job", "command": "bin/jobs"},
		},
		// the accessories' images are the stores' versions
		scanHas:     []string{"PostgreSQL 17.2", "Redis 7.4"},
		evidenceHas: []string{"postgresql config/deploy.yml:38 runtime", "kamal config/deploy.yml:2 runtime"},
		record:      "postgresql",
	},
	"openshift-s2i": {
		prod:    []string{"python", "django", "postgresql", "openshift", "source-to-image", "mosquitto", "mqtt"},
		factHas: []map[string]string{{"fact": stack.FactReplicas, "workload": "sensors-web", "count": "3"}},
		// paho-mqtt's version is the client's, not the broker's
		scanLacks:   []string{"MQTT broker 2.1"},
		evidenceHas: []string{"openshift openshift/template.yaml:2 runtime", "source-to-image .s2i/environment:1 runtime", "mqtt requirements.txt:4 runtime"},
	},
	"cloudfoundry-app": {
		prod: []string{"java", "spring-boot", "postgresql", "rabbitmq", "cloud-foundry"},
		factHas: []map[string]string{
			{"fact": stack.FactReplicas, "workload": "payments", "count": "3", "platform": "cloud-foundry"},
			{"fact": stack.FactReplicas, "workload": "payments-worker", "count": "2"},
		},
		evidenceHas: []string{"postgresql manifest.yml:10 runtime", "rabbitmq manifest.yml:11 runtime", "java manifest.yml:7 runtime"},
	},
	"swarm-stack": {
		prod:    []string{"nodejs", "fastify", "postgresql", "docker-swarm", "emqx", "mqtt"},
		notProd: []string{"docker-compose"},
		factHas: []map[string]string{
			{"fact": stack.FactReplicas, "workload": "ingest", "count": "4", "source": "swarm", "placement": "true"},
			{"fact": stack.FactReplicas, "workload": "broker", "count": "global", "mode": "global"},
		},
		scanLacks: []string{"MQTT broker 5"},
	},
	"python-plugin": {
		prod:        []string{"python", "sqlalchemy", "opentelemetry"},
		dev:         []string{"pytest"},
		evidenceHas: []string{"sqlalchemy pyproject.toml:19 runtime", "opentelemetry pyproject.toml:25 runtime"},
	},
	"elixir-config": {
		prod: []string{"elixir", "phoenix", "ecto", "postgresql", "oban", "redix", "redis", "sentry"},
		// Redix comes with a path dependency: only the config names it;
		// what mix.exs declares keeps its declaration as evidence
		evidenceHas:   []string{"redix config/config.exs:14 runtime", "redis config/config.exs:14 runtime", "ecto config/config.exs:6 runtime"},
		evidenceLacks: []string{"oban config/config.exs:9 runtime", "sentry config/config.exs:16 runtime"},
		record:        "postgresql",
	},
	"nix-flake": {
		// the NixOS module runs PostgreSQL 16 and NGINX; the flake builds with buildGoModule
		prod:        []string{"go", "postgresql", "nginx", "nixos"},
		dev:         []string{"nix"},
		evidenceHas: []string{"postgresql nixos/module.nix:9 runtime", "go flake.nix:10 runtime", "postgresql flake.nix:20 dev"},
		scanHas:     []string{"PostgreSQL 16"},
		record:      "postgresql",
	},
	"php-ci-matrix": {
		// the PHP extensions the image installs are the production stores
		prod: []string{"php", "symfony", "postgresql", "redis", "php-pgsql", "phpredis"},
		// CI tests MariaDB and SQLite too: supported, not production
		notProd: []string{"mariadb", "sqlite"},
		dev:     []string{"mariadb", "sqlite"},
		// docker/.env.mysql configures MySQL as the other provider
		supported: []string{"postgresql true", "mysql true", "mariadb false", "sqlite false", "redis true"},
		record:    "postgresql",
		evidenceHas: []string{"php-pgsql Dockerfile:7 runtime", "mariadb .github/workflows/tests.yml:10 dev", "postgresql .github/workflows/tests.yml:13 dev",
			"mysql docker/.env.mysql:2 runtime"},
		// CI's PostgreSQL 16 is a tested version, not the one production runs
		scanLacks: []string{"PostgreSQL 16 ·", "Redis 7 ·"},
		scanHas:   []string{"Supported datastores", "MariaDB 10.11 (CI matrix)"},
	},
	// issue 10: declared is not used. Maven dependencyManagement and a
	// BOM import, Gradle platform()/enforcedPlatform() and .NET central
	// package versions pin versions; only what is referenced is the stack,
	// and a reference without a version takes the pinned one.
	"declared-not-used": {
		prod:          []string{"java", "spring-boot", "postgresql", "postgresql-jdbc", "flyway", "aspnet-core", "ef-core", "npgsql"},
		notProd:       []string{"mongodb", "spring-data-mongodb", "redis", "lettuce", "kafka", "stackexchange-redis"},
		scanHas:       []string{"PostgreSQL JDBC driver 42.7", "Entity Framework Core 9"},
		evidenceLacks: []string{"spring-boot pom.xml:16 runtime", "mongodb pom.xml:23 runtime"},
	},
	// issue 10: component roles. Only the Go service makes the backend
	// stack; the Tauri client, the Vue front end, the seeder, the React UI
	// library and the docs site are listed apart and never checked.
	// issue 10 (roles): Blazor WebAssembly runs in the browser, by SDK or
	// by package; Blazor Server and a Blazor Web App's server project
	// (Sdk.Web) are the backend.
	"blazor-hosting-models": {
		prod:    []string{"csharp", "dotnet", "aspnet-core", "blazor", "ef-core", "npgsql", "postgresql"},
		notProd: []string{"blazor-webassembly"},
		roles: map[string]stack.Role{
			"src/Store.Client": stack.RoleFrontend, "src/Admin.Wasm": stack.RoleFrontend,
			"src/Store.Server": stack.RoleService, "src/Portal": stack.RoleService,
		},
		scanHas: []string{"  Front end            C# · .NET · Blazor · Blazor WebAssembly\n"},
	},
	// issue 10 (roles): a root netlify.toml and firebase.json that only
	// host the web app's build (and its client security rules) are the
	// front end's, not the backend's
	"static-hosting-monorepo": {
		prod:        []string{"nodejs", "express", "pg", "postgresql", "docker"},
		notProd:     []string{"netlify", "firebase", "vue"},
		roles:       map[string]stack.Role{"apps/web": stack.RoleFrontend, "apps/api": stack.RoleService},
		evidenceHas: []string{"netlify netlify.toml:5 runtime", "firebase firebase.json:1 runtime"},
		scanHas:     []string{"  Front end            Vue.js · Firebase · Netlify\n", "  apps/web  Node.js · Vue.js · Firebase · Netlify "},
		checkHas:    []string{"  Front end: Vue.js · Firebase · Netlify"},
	},
	// issue 10 (roles): Go programs say what a module is by name
	// (cmd/quotes-api a service, cmd/worker a worker, cmd/migrate and
	// cmd/gen and cmd/<x>ctl a tool), and an image that runs a program
	// deploys its component: a service, whatever the program is called.
	// cmd/migrate runs the backend's migrations: the backend's
	"go-programs": {
		prod:  []string{"go", "pgx", "postgresql", "nats", "golang-migrate"},
		quiet: []string{"data/no-migrations"},
		roles: map[string]stack.Role{
			"services/quotes": stack.RoleService, "services/mailer": stack.RoleWorker, "spec": stack.RoleTool,
			"relay": stack.RoleService, "billing": stack.RoleService, "db": stack.RoleService,
		},
		factHas: []map[string]string{{"fact": stack.FactEntryPoint, "program": "quotes-api", "detail": "Go command cmd/quotes-api"}},
	},
	// issue 10 (roles): an Express server an Electron app runs (in the
	// app's own manifest, or a workspace package only the app depends
	// on) runs on the user's machine: the desktop client's, not the
	// backend's; the sync service an image runs is the backend
	"electron-embedded-server": {
		prod:    []string{"nodejs", "express", "pg", "postgresql", "docker"},
		notProd: []string{"sqlite", "better-sqlite3", "electron"},
		roles: map[string]stack.Role{
			"apps/desktop": stack.RoleClient, "apps/player": stack.RoleClient, "packages/server": stack.RoleClient,
			"services/sync": stack.RoleService,
		},
		scanHas: []string{"  Clients              Node.js · Express · better-sqlite3 · SQLite\n"},
	},
	"app-with-clients": {
		prod:    []string{"go", "gin", "pgx", "postgresql", "docker", "docker-compose", "meilisearch"},
		notProd: []string{"rust", "axum", "tauri", "react", "vue", "typescript", "nodejs", "mysql", "algolia", "vercel", "docusaurus", "express", "nginx"},
		roles: map[string]stack.Role{
			"server": stack.RoleService, "desktop": stack.RoleClient, "desktop/src-tauri": stack.RoleClient,
			"web": stack.RoleFrontend, "tools/seed": stack.RoleTool, "packages/ui": stack.RoleFrontend, "website": stack.RoleDocs,
		},
		// contrib/docker/notes.yml is a self-hosting recipe: its search
		// engine is production; the Playwright harness is development
		evidenceHas: []string{"meilisearch contrib/docker/notes.yml:10 runtime"},
		dev:         []string{"playwright"},
		// the front end's nginx:latest is not the backend's to pin
		quiet:      []string{"security/unpinned-image", "security/container-root"},
		scanHas:    []string{"  Clients              Rust · Axum · React · Tauri", "  Docs sites           Node.js · React · Algolia · Vercel · Docusaurus"},
		checkHas:   []string{"  Clients: Rust · Axum · React · Tauri"},
		checkLacks: []string{"Rust 1.85"},
	},
	// Dart and Flutter: a Serverpod server is the backend stack (its
	// PostgreSQL implied, its Redis from config/production.yaml); the
	// Flutter app for phones is a client, the Flutter admin with only a
	// web/ folder a front end, and Serverpod's generated client package a
	// library. The app's on-device SQLite and Firebase SDKs are the
	// client's, not the backend's.
	"flutter-serverpod": {
		prod:    []string{"dart", "serverpod", "postgresql", "redis", "rabbitmq", "sentry", "docker"},
		notProd: []string{"flutter", "sqflite", "sqlite", "firebase", "dart-test"},
		dev:     []string{"dart-test", "pub"},
		roles: map[string]stack.Role{
			"fieldnotes_server": stack.RoleService, "fieldnotes_flutter": stack.RoleClient,
			"fieldnotes_admin": stack.RoleFrontend, "fieldnotes_client": stack.RoleLibrary,
		},
		evidenceHas: []string{"redis fieldnotes_server/config/production.yaml:13 runtime", "postgresql fieldnotes_server/config/production.yaml:7 runtime",
			"sqflite fieldnotes_flutter/pubspec.lock:31 runtime"},
		quiet:    []string{"data/no-migrations"},
		scanHas:  []string{"  Framework            Serverpod 2.3\n", "  Front end            Dart · Flutter\n", "  Clients              Dart · Flutter · sqflite · SQLite · Firebase · Sentry\n"},
		checkHas: []string{"  Clients: Dart · Flutter · sqflite · SQLite · Firebase · Sentry"},
	},
	// issue 2: one per language ecosystem
	"node-express": {
		prod:       []string{"nodejs", "typescript", "express", "postgresql", "redis", "passport"},
		nonProd:    []string{"sqlite"},
		notProd:    []string{"jest", "sqlite"},
		dev:        []string{"jest", "npm"},
		components: []string{".", "examples/sqlite-demo"},
		facts:      []string{stack.FactContainerUser, stack.FactBaseImage},
		quiet:      []string{"security/container-root", "security/unpinned-image", "security/committed-secrets"},
		// .nvmrc and node:20 pin the runtime: the engines range >=20.11 is dropped
		scanHas:    []string{"Language & runtime   Node.js 20 · TypeScript 5.4\n"},
		checkLacks: []string{">=20.11"},
	},
	"node-nestjs-typeorm": {
		prod:    []string{"nodejs", "typescript", "nestjs", "typeorm", "mysql"},
		notProd: []string{"sqlite", "jest"},
	},
	"nest-on-express": {
		// makeplane/plane, ghostfolio: Nest on its default platform runs
		// Express (@nestjs/platform-express, no express of its own), and
		// hot-shots is a StatsD client; the adapter's version is Nest's,
		// not Express's.
		prod:      []string{"nodejs", "typescript", "nestjs", "express", "statsd"},
		scanLacks: []string{"Express 11"},
	},
	"idx-workspace": {
		// makeplane/plane: .idx/dev.nix is Project IDX's workstation, no
		// NixOS machine; the Redis it starts is for development.
		prod:    []string{"nodejs", "express", "postgresql"},
		notProd: []string{"nixos", "redis"},
		dev:     []string{"redis"},
	},
	"s3-compatible-storage": {
		// usememos/memos, AppFlowy-Cloud: an S3 client (with the SDK's
		// root, configuration and credentials modules) reaches any
		// S3-compatible store: Amazon S3 is a datastore, the AWS cloud no
		// infrastructure.
		prod:    []string{"go", "echo", "aws-s3", "sqlite"},
		notProd: []string{"aws"},
	},
	"email-templates": {
		// AppFlowy-Cloud: email_template/ builds the Rust server's HTML
		// e-mails with Maizzle; its Node.js is a build tool, no backend.
		prod:    []string{"rust", "axum"},
		notProd: []string{"nodejs"},
		roles:   map[string]stack.Role{".": stack.RoleService, "email_template": stack.RoleFrontend},
	},
	"rails-transitive-gems": {
		// maybe-finance/maybe, once-campfire: Gemfile.lock locks what the
		// declared gems pull in; aws-sdk-kms comes with aws-sdk-s3 and
		// Sinatra with Resque's web UI: no AWS cloud, no second web
		// framework. Redis, which Resque runs on, stays.
		prod:    []string{"ruby", "rails", "postgresql", "aws-s3", "resque", "redis"},
		notProd: []string{"aws", "sinatra"},
	},
	"django-channels": {
		// makeplane/plane: Channels 4 does not ship Daphne (it did up to
		// 3): the ASGI server here is Uvicorn.
		prod:    []string{"python", "django", "uvicorn"},
		notProd: []string{"daphne"},
	},
	"django-drf-celery": {
		prod:    []string{"python", "django", "celery", "postgresql", "redis", "gunicorn"},
		notProd: []string{"pytest", "sqlite"},
		facts:   []string{stack.FactProcess, stack.FactService},
		quiet:   []string{"data/no-migrations"},
		// requirements-dev.txt has -r requirements.txt: the included lines
		// are cited once, at runtime, not again as "(dev)"
		evidenceHas:   []string{"django requirements.txt:2 runtime", "celery requirements.txt:8 runtime"},
		evidenceLacks: []string{"django requirements.txt:2 dev", "celery requirements.txt:8 dev", "gunicorn requirements.txt:10 dev"},
	},
	"fastapi-sqlalchemy-alembic": {
		prod:    []string{"python", "fastapi", "sqlalchemy", "alembic", "postgresql", "uvicorn"},
		notProd: []string{"pytest", "sqlite"},
		dev:     []string{"pytest", "poetry"},
		quiet:   []string{"data/no-migrations", "security/container-root"},
	},
	"spring-boot-maven": {
		prod:    []string{"java", "spring-boot", "postgresql", "flyway"},
		notProd: []string{"h2"},
		quiet:   []string{"data/no-migrations"},
		dev:     []string{"maven", "testcontainers"}, // build tool and test library, not the production stack
		// pom.xml itself names Maven as the build tool
		evidenceHas: []string{"maven pom.xml:2 runtime"},
	},
	"spring-boot-gradle-kts": {
		prod:    []string{"kotlin", "spring-boot", "mysql", "liquibase", "kafka"},
		notProd: []string{"h2"},
		dev:     []string{"gradle"},
		// the build script and the wrapper (gradle-8.7-bin.zip) name Gradle
		evidenceHas: []string{"gradle build.gradle.kts:1 runtime", "gradle gradle/wrapper/gradle-wrapper.properties:3 runtime"},
	},
	"aspnet-core-efcore": {
		prod:       []string{"csharp", "aspnet-core", "ef-core", "postgresql"},
		components: []string{"src/Shop.Api", "tests/Shop.Api.Tests"},
		// the root component has no manifest: nothing trails its technologies
		scanHas: []string{"\n  .                     .NET · ASP.NET Core · Docker\n"},
	},
	"go-gin-gorm": {
		prod:       []string{"go", "gin", "gorm", "postgresql", "redis"},
		nonProd:    []string{"sqlite"},
		notProd:    []string{"sqlite"},
		components: []string{".", "examples/local-sqlite"},
		quiet:      []string{"data/no-migrations", "security/container-root"},
		// go.mod cannot mark testify test-only; its catalog category can
		dev: []string{"testify"},
	},
	"laravel": {
		prod: []string{"php", "laravel", "mysql", "redis"},
		// package.json holds only the Vite asset toolchain (devDependencies):
		// Node.js does not run in production.
		notProd: []string{"phpunit", "sqlite", "nodejs"},
		dev:     []string{"composer"},
		// php:8.3 pins the runtime; composer.json's ^8.2 range is dropped
		// and no longer raises an end-of-life notice for PHP 8.2
		scanHas:    []string{"Language & runtime   PHP 8.3\n"},
		checkLacks: []string{"PHP 8.2"},
	},
	"rails-sidekiq": {
		prod:    []string{"ruby", "rails", "sidekiq", "postgresql", "redis", "puma"},
		notProd: []string{"rspec", "heroku"},
		// Gemfile.lock versions win over Gemfile constraints (puma >= 5.0)
		scanHas: []string{"Devise 4.9 · Puma 6.4 · Sidekiq 7.2\n", "Ruby on Rails 7.1\n"},
	},
	"polyglot-monorepo": {
		prod:       []string{"go", "pgx", "python", "fastapi", "mongodb", "nodejs", "nextjs", "postgresql", "docker-compose", "github-actions"},
		components: []string{"services/payments", "services/catalog", "apps/web"},
		facts:      []string{stack.FactCIPipeline, stack.FactService},
		quiet:      []string{"ops/no-ci"},
		dev:        []string{"npm", "uv", "turborepo", "hatch"}, // package managers and build tools
		// Node.js runs only in apps/web (the root package.json is tooling):
		// its findings carry that component, like Go's carry services/payments.
		checkHas: []string{"ecosystem/end-of-life · apps/web ", "ecosystem/end-of-life · services/payments "},
	},

	// issue 3: one per infrastructure family
	"compose-five-services": {
		prod:  []string{"docker-compose", "nginx", "postgresql", "redis", "rabbitmq", "fastify"},
		facts: []string{stack.FactService, stack.FactReplicas, stack.FactHealthcheck},
		dev:   []string{"npm"},
		// the node:20.14 image outranks engines "20.x"
		checkHas: []string{`Node.js 20 (Dockerfile:1, declared "20.14") reached end of life`},
	},
	"k8s-hpa": {
		prod:  []string{"kubernetes", "kustomize", "go", "echo", "redis"},
		facts: []string{stack.FactAutoscaling, stack.FactReplicas, stack.FactResources, stack.FactRunAsNonRoot, stack.FactHealthcheck},
		// distroless :nonroot is a tag, not a version
		scanLacks: []string{"nonroot"},
		// the golang image only builds: its base-image fact says so
		factHas: []map[string]string{{"fact": stack.FactBaseImage, "image": "golang", "build_stage": "true", "final": "false"}},
	},
	"helm-bitnami": {
		prod:       []string{"helm", "postgresql", "redis", "koa", "knex"},
		facts:      []string{stack.FactAutoscaling, stack.FactReplicas},
		components: []string{".", "charts/orders"},
		// the node:20.14 image outranks engines ">=20", which allows supported lines
		checkHas: []string{`Node.js 20 (Dockerfile:1, declared "20.14") reached end of life`},
		// chart versions (redis 19.5.2, postgresql 15.5.1) are not product versions
		scanLacks: []string{"Redis 19", "PostgreSQL 15"},
	},
	"terraform-aws": {
		prod:  []string{"terraform", "postgresql", "redis", "sqs", "aws-ecs"},
		facts: []string{stack.FactAutoscaling, stack.FactManagedService},
		// every infrastructure technology is listed; the component's eight
		// .tf files are cut to three, named relative to the component
		scanHas:   []string{"Amazon ElastiCache", "Amazon RDS", "Terraform", "Psycopg 2 (2.9)", "more  cache.tf, ecs.tf, network.tf +5\n"},
		scanLacks: []string{"infra/cache.tf", "Psycopg 2 2.9"},
		// the scaling policy takes the scalable target's bounds and its ECS service
		factHas: []map[string]string{{"fact": stack.FactAutoscaling, "resource": "aws_appautoscaling_policy.api_cpu", "target": "api", "min": "2", "max": "10"}},
	},
	"serverless-app": {
		prod:    []string{"serverless-framework", "aws-lambda", "dynamodb", "nodejs"},
		facts:   []string{stack.FactAutoscaling},
		factHas: []map[string]string{{"fact": stack.FactAutoscaling, "kind": "serverless", "functions": "3"}},
	},
	"heroku-procfile": {
		prod:  []string{"heroku", "nodejs", "express", "postgresql", "redis", "knex"},
		facts: []string{stack.FactProcess},
	},
	// issue 8: a Dockerfile only development Compose services build
	// (nodemon with the source bind-mounted, a Playwright harness) is
	// development: no error-level end-of-life or root-user finding comes
	// from it, while the API's Dockerfile, which a production service
	// builds, is still checked.
	"compose-dev-builds": {
		prod:     []string{"nodejs", "express", "postgresql"},
		checkHas: []string{"WARNING  security/container-root", "The final stage of api/Dockerfile sets no USER", "web/Dockerfile:1 image node:14 (dev)", "only development tooling declares it"},
		checkLacks: []string{"ERROR", "web/Dockerfile:1 sets no USER", "web/Dockerfile:7", "e2e/Dockerfile:1 sets no USER",
			"2 Dockerfiles build images"},
	},
	"adr-scaling-plan": {
		prod:  []string{"go", "chi", "pgx", "postgresql"},
		facts: []string{stack.FactADR, stack.FactScalingPlan, stack.FactRunbook, stack.FactSecurityPolicy},
	},

	// issue 4: a repository paired with a profile
	"over-engineered-mvp": {
		prod:  []string{"nestjs", "kafka", "kubernetes", "helm", "terraform", "postgresql"},
		fires: []string{"time-to-market/over-engineered-mvp"}, // cost/heavy-infrastructure does not repeat its pieces
		// Kubernetes is cited where a manifest names it, not where Helm implies it
		checkHas:   []string{"Kubernetes", "(k8s/deployment.yaml:2)"},
		checkLacks: []string{"implied by Helm"},
		// kafka.controller.replicaCount configures the kafka subchart
		factHas:   []map[string]string{{"fact": stack.FactReplicas, "workload": "waitlist", "count": "2", "source": "helm"}},
		factLacks: []map[string]string{{"fact": stack.FactReplicas, "workload": "kafka.controller"}},
		scanLacks: []string{"Apache Kafka 29"},
	},
	"high-load-saas": {
		prod:  []string{"python", "flask", "postgresql", "gunicorn"},
		fires: []string{"scalability/no-scaling-plan", "concurrency/blocking-runtime", "fit/no-observability", "business/undocumented-decisions"},
		// the replica is named once in prose and listed once under Seen;
		// Flask is cited at its own requirement, not through Flask-Login;
		// fit/stack-vs-type refers to the blocking-runtime finding about
		// Flask instead of placing it again
		checkHas: []string{"web (docker-compose.yml:9) is declared with a single", "Seen: docker-compose.yml:9 web (1 replica)\n",
			"Seen: requirements.txt:1 pypi package flask", "concurrency/blocking-runtime above for Flask."},
		checkLacks: []string{"implied by Flask-Login", "(1 replica)."},
		// requirements-dev.txt includes requirements.txt: no duplicate "(dev)" evidence
		evidenceHas:   []string{"flask requirements.txt:1 runtime"},
		evidenceLacks: []string{"flask requirements.txt:1 dev", "gunicorn requirements.txt:7 dev"},
	},
	"ecommerce-document-store": {
		prod:    []string{"nodejs", "express", "mongodb", "mongoose", "heroku"},
		notProd: []string{"postgresql"},
		fires:   []string{"data/model-mismatch", "fit/stack-vs-type"},
	},
	"rare-talent-elixir": {
		prod:  []string{"elixir", "phoenix", "ecto", "postgresql"},
		fires: []string{"talent/rare-stack", "talent/skills-gap", "fit/org-standard"},
		// Phoenix is a web framework: nothing is hand-rolled
		quiet: []string{"ecosystem/hand-rolled"},
		// the builder image's tag is not Elixir's version; the image only builds
		scanHas:   []string{"Elixir 1.16"},
		scanLacks: []string{"erlang-26", "debian-bookworm"},
	},
}

// TestE2EFixtures scans and checks every repository under testdata/repos
// and compares the reports with their goldens.
func TestE2EFixtures(t *testing.T) {
	entries, err := os.ReadDir(reposDir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	for name := range e2eExpect {
		if !slices.Contains(names, name) {
			t.Errorf("expectations for %s but no testdata/repos/%s", name, name)
		}
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			exp, ok := e2eExpect[name]
			if !ok {
				t.Errorf("testdata/repos/%s has no entry in e2eExpect: pin what it proves", name)
			}
			dir := filepath.Join(reposDir, name)
			root := path.Join("testdata/repos", name)
			fsys, err := source.Dir(dir)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()

			// scan
			res, err := app.ScanFS(ctx, fsys, app.ScanOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var scan bytes.Buffer
			if err := report.ScanJSON(&scan, res.Stack, report.ScanMeta{Root: root, Version: "test"}); err != nil {
				t.Fatal(err)
			}
			detecttest.GoldenBytes(t, filepath.Join(goldenDir, "scan", name+".json"), scan.Bytes())
			checkStack(t, res.Stack, exp)
			for _, verbose := range []bool{false, true} {
				var st bytes.Buffer
				if err := report.ScanText(&st, res.Stack, report.ScanMeta{Root: root, Version: "test", Verbose: verbose}); err != nil {
					t.Fatal(err)
				}
				checkTextLines(t, "scan", st.String())
				if !verbose {
					checkSubstrings(t, "scan", st.String(), exp.scanHas, exp.scanLacks)
				}
			}

			// check
			opts := app.CheckOptions{FS: fsys, Root: root, Today: e2eToday, FailOn: rule.SeverityError}
			if _, err := os.Stat(filepath.Join(dir, profile.FileName)); err == nil {
				opts.ProfilePath, opts.ProfileName = filepath.Join(dir, profile.FileName), profile.FileName
			} else if len(exp.fires) > 0 {
				t.Errorf("rules expected to fire but %s has no %s", name, profile.FileName)
			}
			cres, err := app.Check(ctx, opts)
			if err != nil {
				t.Fatal(err)
			}
			cres.Report.Version = "test"
			var text, js bytes.Buffer
			if err := report.CheckText(&text, cres.Report, report.TextOptions{}); err != nil {
				t.Fatal(err)
			}
			if err := report.CheckJSON(&js, cres.Report); err != nil {
				t.Fatal(err)
			}
			detecttest.GoldenBytes(t, filepath.Join(goldenDir, "check", name+".txt"), text.Bytes())
			checkTextLines(t, "check", text.String())
			checkSubstrings(t, "check", text.String(), exp.checkHas, exp.checkLacks)
			for _, f := range cres.Report.Findings {
				// evidence is listed by the report's "Seen:" line; a message
				// names it in prose and never repeats that list
				if strings.Contains(f.Message, "Seen:") {
					t.Errorf("%s: message repeats the evidence list: %q", f.RuleID, f.Message)
				}
			}
			detecttest.GoldenBytes(t, filepath.Join(goldenDir, "check", name+".json"), js.Bytes())
			checkIntegrationGoldens(t, name, cres.Report)
			fired := map[string]bool{}
			for _, f := range cres.Report.Findings {
				fired[f.RuleID] = true
			}
			for _, id := range exp.fires {
				if !fired[id] {
					t.Errorf("rule %s did not fire; findings: %v", id, keys(fired))
				}
			}
			for _, id := range exp.quiet {
				if fired[id] {
					t.Errorf("rule %s fired but must not", id)
				}
			}
		})
	}
}

func checkStack(t *testing.T, st *stack.Stack, exp expect) {
	t.Helper()
	for _, want := range exp.supported {
		if !slices.ContainsFunc(st.SupportedDatastores, func(d stack.SupportedDatastore) bool {
			return fmt.Sprintf("%s %v", d.ID, d.Production) == want
		}) {
			t.Errorf("supported datastore %q missing; have %+v", want, st.SupportedDatastores)
		}
	}
	if exp.record != "" {
		if got := st.SystemOfRecord; got != strings.TrimPrefix(exp.record, "-") {
			t.Errorf("system of record %q, want %q", got, exp.record)
		}
	}
	for _, id := range exp.prod {
		if tech, ok := st.Tech(id); !ok {
			t.Errorf("production technology %s missing", id)
		} else if !tech.Production() {
			t.Errorf("%s has scope %s, want runtime (evidence %v)", id, tech.Scope, tech.Evidence)
		}
	}
	for _, id := range exp.notProd {
		if st.Has(id) {
			tech, _ := st.Tech(id)
			t.Errorf("%s must not be production; evidence %v", id, tech.Evidence)
		}
	}
	for _, id := range exp.nonProd {
		if tech, ok := st.Tech(id); !ok || tech.Scope != stack.ScopeNonProduction {
			t.Errorf("%s: want scope non-production, got %q (present %v)", id, tech.Scope, ok)
		}
	}
	for _, id := range exp.dev {
		if tech, ok := st.Tech(id); !ok || tech.Scope != stack.ScopeDev {
			t.Errorf("%s: want scope dev, got %q (present %v)", id, tech.Scope, ok)
		}
	}
	for _, c := range exp.components {
		if !slices.ContainsFunc(st.Components, func(x stack.Component) bool { return x.Path == c }) {
			t.Errorf("component %s missing", c)
		}
	}
	for p, r := range exp.roles {
		i := slices.IndexFunc(st.Components, func(x stack.Component) bool { return x.Path == p })
		if i < 0 {
			t.Errorf("component %s missing", p)
		} else if st.Components[i].Role != r {
			t.Errorf("component %s: role %q (%s), want %q", p, st.Components[i].Role, st.Components[i].RoleReason, r)
		}
	}
	for _, f := range exp.facts {
		if len(st.FactsNamed(f)) == 0 {
			t.Errorf("fact %s missing", f)
		}
	}
	factMatches := func(want map[string]string) bool {
		return slices.ContainsFunc(st.FactsNamed(want["fact"]), func(f stack.Signal) bool {
			for k, v := range want {
				if k != "fact" && f.Attr(k) != v {
					return false
				}
			}
			return true
		})
	}
	for _, want := range exp.factHas {
		if !factMatches(want) {
			t.Errorf("no production fact matches %v; have %v", want, st.FactsNamed(want["fact"]))
		}
	}
	for _, want := range exp.factLacks {
		if factMatches(want) {
			t.Errorf("a production fact matches %v", want)
		}
	}
	hasEvidence := func(want string) bool {
		f := strings.Fields(want)
		if len(f) != 3 {
			t.Fatalf("evidence expectation %q: want \"tech-id file:line scope\"", want)
		}
		tech, ok := st.Tech(f[0])
		return ok && slices.ContainsFunc(tech.Evidence, func(e stack.Evidence) bool { return e.String() == f[1] && e.Scope == f[2] })
	}
	for _, want := range exp.evidenceHas {
		if !hasEvidence(want) {
			tech, _ := st.Tech(strings.Fields(want)[0])
			t.Errorf("evidence %q missing; have %v", want, tech.Evidence)
		}
	}
	for _, want := range exp.evidenceLacks {
		if hasEvidence(want) {
			t.Errorf("evidence %q must not be there", want)
		}
	}
	for _, d := range st.Diagnostics {
		t.Errorf("unexpected diagnostic %s", d)
	}
	if len(st.Production()) == 0 {
		t.Error("no production technology")
	}
}

// checkTextLines asserts that no line of a text report ends with a blank.
func checkTextLines(t *testing.T, what, out string) {
	t.Helper()
	for i, line := range strings.Split(out, "\n") {
		if strings.TrimRight(line, " \t") != line {
			t.Errorf("%s text line %d ends with a blank: %q", what, i+1, line)
		}
	}
}

// checkSubstrings asserts what a text report must and must not say.
func checkSubstrings(t *testing.T, what, out string, has, lacks []string) {
	t.Helper()
	for _, s := range has {
		if !strings.Contains(out, s) {
			t.Errorf("%s text lacks %q:\n%s", what, s, out)
		}
	}
	for _, s := range lacks {
		if strings.Contains(out, s) {
			t.Errorf("%s text must not contain %q", what, s)
		}
	}
}

func keys(m map[string]bool) string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}
