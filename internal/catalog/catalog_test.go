package catalog

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stacklint/stacklint/internal/stack"
)

func mustDefault(t *testing.T) *Catalog {
	t.Helper()
	c, err := Default()
	if err != nil {
		t.Fatalf("embedded catalog does not load: %v", err)
	}
	return c
}

func ids(es []Entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}

func TestDefaultSize(t *testing.T) {
	c := mustDefault(t)
	if c.Len() < 200 {
		t.Fatalf("catalog has %d technologies, want at least 200", c.Len())
	}
	if len(c.Entries()) != c.Len() {
		t.Fatalf("Entries() has %d, Len() %d", len(c.Entries()), c.Len())
	}
	t.Logf("%d technologies", c.Len())
}

// TestCanonicalIDs checks every id the product names (issues 2 and 3) is
// present with the right layer.
func TestCanonicalIDs(t *testing.T) {
	c := mustDefault(t)
	want := map[stack.Layer][]string{
		stack.LayerLanguage: {
			"nodejs", "typescript", "javascript", "python", "java", "kotlin", "scala", "csharp", "fsharp",
			"dotnet", "go", "php", "ruby", "rust", "elixir", "erlang", "deno", "bun",
		},
		stack.LayerFramework: {
			"express", "nestjs", "fastify", "koa", "hapi", "nextjs", "django", "django-rest-framework",
			"fastapi", "flask", "spring-boot", "quarkus", "micronaut", "ktor", "aspnet-core", "gin", "echo",
			"fiber", "chi", "gorilla-mux", "laravel", "symfony", "rails", "sinatra", "actix-web", "axum",
			"rocket", "phoenix",
		},
		stack.LayerData: {
			"postgresql", "mysql", "mariadb", "sqlite", "h2", "hsqldb", "mongodb", "redis", "cassandra",
			"dynamodb", "firestore", "spanner", "cosmosdb", "elasticsearch", "opensearch", "sqlserver",
			"oracle", "cockroachdb", "clickhouse", "neo4j", "couchdb", "memcached", "valkey", "minio",
			"ef-core", "dapper", "ecto", "prisma", "drizzle", "typeorm", "sequelize", "knex", "sqlalchemy",
			"psycopg", "psycopg2", "asyncpg", "hibernate", "mybatis", "jooq", "gorm", "sqlx-go", "sqlx-rust",
			"sqlc", "ent", "pgx", "eloquent", "active-record", "diesel", "sea-orm", "mongoose", "pg",
			"mysql2", "flyway", "liquibase", "alembic", "django-migrations", "prisma-migrate",
			"golang-migrate", "goose", "atlas", "ef-core-migrations", "rails-migrations", "phinx",
		},
		stack.LayerInfrastructure: {
			"docker", "docker-compose", "kubernetes", "helm", "kustomize", "terraform", "pulumi", "aws-cdk",
			"cloudformation", "serverless-framework", "aws-sam", "aws-lambda", "aws-ecs", "aws-eks",
			"google-cloud-run", "gke", "heroku", "fly-io", "render", "vercel", "netlify", "railway",
			"aws-elastic-beanstalk", "istio", "linkerd", "skaffold", "tilt", "traefik", "nginx", "firebase",
			"google-app-engine", "azure-developer-cli", "localstack", "aws-rds", "aws-aurora",
			"aws-elasticache", "aws-msk", "aws-alb", "aws-autoscaling", "aws-api-gateway", "aws-cloudfront",
			"google-cloud-sql", "azure-database-for-postgresql", "azure-sql", "azure-aks",
			"azure-app-service", "azure-functions", "cloudflare", "dotnet-aspire",
		},
		stack.LayerSupporting: {
			"celery", "sidekiq", "grpc", "github-actions", "gitlab-ci", "circleci", "travis", "jenkins",
			"azure-pipelines", "bitbucket-pipelines", "google-cloud-build", "drone", "buildkite", "kafka",
			"rabbitmq", "sqs", "sns", "google-pubsub", "nats", "kinesis", "zookeeper", "prometheus",
			"grafana", "jaeger", "opentelemetry", "sentry", "datadog", "new-relic", "openapi", "graphql",
			"asyncapi", "protobuf", "dependabot", "renovate", "npm", "yarn", "pnpm", "poetry", "uv",
			"pipenv", "pdm", "bullmq", "hangfire", "masstransit", "passport", "next-auth", "auth0",
			"keycloak", "spring-security", "aspnet-identity", "devise", "springdoc", "swashbuckle",
			"swaggo", "drf-spectacular", "piscina", "workerpool", "bee-queue", "agenda",
		},
	}
	for layer, list := range want {
		for _, id := range list {
			e, ok := c.Get(id)
			if !ok {
				t.Errorf("%s: missing", id)
				continue
			}
			if e.Layer != layer {
				t.Errorf("%s: layer %q, want %q", id, e.Layer, layer)
			}
		}
	}
}

func TestLookup(t *testing.T) {
	c := mustDefault(t)
	tests := []struct {
		eco, name string
		want      []string // ids that must be among the results
		not       []string // ids that must not be
	}{
		{"npm", "express", []string{"express"}, nil},
		{"NPM", "Express", []string{"express"}, nil}, // case-insensitive
		{"npm", "expressive", nil, []string{"express"}},
		{"npm", "@nestjs/core", []string{"nestjs"}, nil},
		{"npm", "pg", []string{"pg"}, nil},
		{"npm", "mongoose", []string{"mongoose"}, nil},
		{"npm", "sharp", []string{"sharp"}, nil},
		{"npm", "request", []string{"npm-request"}, nil},
		{"npm", "passport-google-oauth20", []string{"passport"}, nil}, // prefix
		{"npm", "@opentelemetry/sdk-node", []string{"opentelemetry"}, nil},
		{"npm", "@aws-sdk/client-dynamodb", []string{"aws-sdk-dynamodb", "aws"}, nil},
		{"maven", "org.springframework.boot:spring-boot-starter-web", []string{"spring-boot", "spring-mvc"}, []string{"spring-webflux"}},
		{"maven", "ORG.SPRINGFRAMEWORK.BOOT:SPRING-BOOT-STARTER-ACTUATOR", []string{"spring-boot", "spring-boot-actuator"}, nil},
		{"maven", "org.springframework.boot:spring-boot-starter-webflux", []string{"spring-boot", "spring-webflux"}, []string{"spring-mvc"}},
		{"maven", "org.springframework.boot:spring-boot-starter-data-jpa", []string{"spring-boot", "hibernate", "spring-data-jpa"}, nil},
		{"maven", "plugin:org.springframework.boot", []string{"spring-boot"}, nil},
		{"maven", "org.postgresql:postgresql", []string{"postgresql-jdbc"}, nil},
		{"maven", "com.h2database:h2", []string{"h2"}, nil},
		{"maven", "org.flywaydb:flyway-database-postgresql", []string{"flyway"}, nil},
		{"pypi", "djangorestframework", []string{"django-rest-framework"}, []string{"django"}},
		{"pypi", "django", []string{"django"}, nil},
		{"pypi", "psycopg2-binary", []string{"psycopg2"}, nil},
		{"pypi", "opentelemetry-instrumentation-django", []string{"opentelemetry"}, nil},
		{"nuget", "sdk:Microsoft.NET.Sdk.Web", []string{"aspnet-core"}, nil},
		// Razor components are Blazor's, not the ASP.NET Core server's;
		// Blazor WebAssembly's own packages are neither (overrides).
		{"nuget", "Microsoft.AspNetCore.Components.Web", []string{"blazor"}, []string{"aspnet-core", "blazor-webassembly"}},
		{"nuget", "Microsoft.AspNetCore.Components.WebAssembly", []string{"blazor-webassembly"}, []string{"aspnet-core", "blazor"}},
		{"nuget", "sdk:Microsoft.NET.Sdk.BlazorWebAssembly", []string{"blazor-webassembly"}, []string{"aspnet-core", "blazor"}},
		{"nuget", "Microsoft.AspNetCore.Components.WebAssembly.Server", []string{"blazor"}, []string{"blazor-webassembly"}},
		{"nuget", "Microsoft.AspNetCore.Authentication.JwtBearer", []string{"aspnet-core"}, []string{"blazor"}},
		{"nuget", "Microsoft.EntityFrameworkCore.SqlServer", []string{"ef-core", "microsoft-data-sqlclient"}, nil},
		{"nuget", "Npgsql.EntityFrameworkCore.PostgreSQL", []string{"ef-core", "npgsql"}, nil},
		{"go", "github.com/gin-gonic/gin", []string{"gin"}, nil},
		{"go", "github.com/jackc/pgx/v5", []string{"pgx"}, nil},
		{"go", "gorm.io/gorm", []string{"gorm"}, nil},
		{"go", "github.com/jmoiron/sqlx", []string{"sqlx-go"}, []string{"sqlx-rust"}},
		{"cargo", "sqlx", []string{"sqlx-rust"}, []string{"sqlx-go"}},
		{"composer", "laravel/framework", []string{"laravel", "eloquent"}, nil},
		{"rubygems", "rails", []string{"rails", "active-record"}, nil},
		{"rubygems", "sidekiq", []string{"sidekiq"}, nil},
		{"hex", "phoenix", []string{"phoenix"}, nil},
		{"runtime", "nodejs", []string{"nodejs"}, nil},
		{"runtime", "dotnet", []string{"dotnet"}, nil},
		{"docker", "bitnami/postgresql", []string{"postgresql"}, nil},
		{"docker", "postgres", []string{"postgresql"}, nil},
		{"docker", "node", []string{"nodejs"}, nil},
		{"docker", "confluentinc/cp-kafka", []string{"kafka"}, nil},
		{"docker", "gcr.io/distroless/nodejs20-debian12", []string{"distroless"}, nil},
		{"docker", "mcr.microsoft.com/dotnet/aspnet", []string{"dotnet", "aspnet-core"}, nil},
		{"helm", "postgresql", []string{"postgresql"}, nil},
		{"helm", "kube-prometheus-stack", []string{"prometheus"}, nil},
		{"terraform", "aws_db_instance", []string{"aws-rds"}, nil},
		{"terraform", "aws_rds_cluster", []string{"aws-aurora"}, nil},
		{"terraform", "aws_elasticache_replication_group", []string{"aws-elasticache"}, nil},
		{"terraform", "aws_sqs_queue", []string{"sqs"}, nil},
		{"terraform", "aws_msk_cluster", []string{"aws-msk"}, nil},
		{"terraform", "aws_dynamodb_table", []string{"dynamodb"}, nil},
		{"terraform", "provider:aws", []string{"aws"}, nil},
		{"terraform", "module:terraform-aws-modules/eks/aws", []string{"aws-eks"}, nil},
		{"terraform", "google_cloud_run_v2_service", []string{"google-cloud-run"}, nil},
		{"terraform", "azurerm_postgresql_flexible_server", []string{"azure-database-for-postgresql"}, nil},
		{"k8s", "HorizontalPodAutoscaler", []string{"kubernetes"}, nil},
		{"k8s", "keda.sh/ScaledObject", []string{"keda"}, nil},
		{"k8s", "networking.istio.io/VirtualService", []string{"istio"}, nil},
		{"cloudformation", "AWS::RDS::DBInstance", []string{"aws-rds"}, nil},
		{"cloudformation", "AWS::Serverless::Function", []string{"aws-sam", "aws-lambda"}, nil},
		{"github-action", "aws-actions/amazon-ecs-deploy-task-definition", []string{"aws-ecs"}, nil},
		{"github-action", "actions/checkout", []string{"github-actions"}, nil},
		{"github-action", "github/codeql-action/analyze", []string{"codeql"}, nil},
		{"tool", "github-actions", []string{"github-actions"}, nil},
		{"tool", "docker", []string{"docker"}, nil},
		{"datastore", "postgresql", []string{"postgresql"}, nil},
		{"datastore", "Postgres", []string{"postgresql"}, nil},
		// Found missing or wrong while scanning real backends (trial run).
		{"go", "gorm.io/driver/postgres", []string{"postgresql"}, nil}, // gotify/server
		{"go", "gorm.io/driver/mysql", []string{"mysql"}, nil},         // gotify/server
		{"go", "gorm.io/driver/sqlite", []string{"sqlite"}, nil},       // gotify/server
		{"go", "github.com/glebarez/sqlite", []string{"sqlite"}, nil},  // cgo-free GORM dialect
		{"go", "gorm.io/driver/sqlserver", []string{"sqlserver"}, nil}, // GORM dialect
		{"nuget", "Aspire.Npgsql", []string{"npgsql"}, nil},            // dotnet/eShop
		{"nuget", "Aspire.Npgsql.EntityFrameworkCore.PostgreSQL", []string{"npgsql", "ef-core"}, nil},
		{"nuget", "Aspire.RabbitMQ.Client", []string{"rabbitmq"}, nil}, // dotnet/eShop
		{"nuget", "Aspire.Hosting.RabbitMQ", []string{"rabbitmq", "dotnet-aspire"}, nil},
		{"nuget", "Aspire.Hosting.PostgreSQL", []string{"postgresql", "dotnet-aspire"}, nil},
		{"nuget", "Aspire.Hosting.Redis", []string{"redis", "dotnet-aspire"}, nil},
		{"nuget", "Aspire.Hosting.MongoDB", []string{"mongodb", "dotnet-aspire"}, nil},
		{"nuget", "Aspire.Hosting.Kafka", []string{"kafka", "dotnet-aspire"}, nil},
		{"nuget", "Aspire.Confluent.Kafka", []string{"kafka"}, nil},
		{"nuget", "Aspire.Microsoft.Data.SqlClient", []string{"sqlserver"}, nil},
		{"nuget", "Pgvector.EntityFrameworkCore", []string{"pgvector"}, nil},       // dotnet/eShop
		{"pypi", "pgvector", []string{"pgvector"}, nil},                            // microservices-demo
		{"docker", "edoburu/pgbouncer", []string{"pgbouncer"}, nil},                // getsentry/self-hosted
		{"docker", "chrislusf/seaweedfs", []string{"seaweedfs"}, nil},              // getsentry/self-hosted
		{"docker", "altinity/clickhouse-server", []string{"clickhouse"}, nil},      // getsentry/self-hosted
		{"docker", "pgautoupgrade/pgautoupgrade", []string{"postgresql"}, nil},     // LemmyNet/lemmy
		{"docker", "maildev/maildev", []string{"mailpit"}, nil},                    // getredash/redash
		{"npm", "@prisma/adapter-pg", []string{"pg"}, nil},                         // ghostfolio
		{"npm", "@keyv/redis", []string{"redis"}, nil},                             // ghostfolio
		{"npm", "@nest-lab/throttler-storage-redis", []string{"redis"}, nil},       // ghostfolio
		{"go", "github.com/grpc-ecosystem/grpc-gateway/v2", []string{"grpc"}, nil}, // usememos/memos
		{"npm", "@nestjs/platform-express", []string{"nestjs", "express"}, nil},    // ghostfolio: Nest on Express
		{"npm", "@nestjs/platform-fastify", []string{"nestjs", "fastify"}, nil},
		{"npm", "hot-shots", []string{"statsd"}, nil}, // outline: a StatsD client
		// S3 clients speak a protocol MinIO and R2 speak too: Amazon S3, not
		// the AWS cloud (usememos/memos, AppFlowy-Cloud, self-hosted apps).
		{"npm", "@aws-sdk/client-s3", []string{"aws-s3"}, []string{"aws"}},
		{"npm", "@aws-sdk/client-sesv2", []string{"aws"}, nil},
		{"go", "github.com/aws/aws-sdk-go-v2/service/s3", []string{"aws-s3"}, []string{"aws"}},
		{"go", "github.com/aws/aws-sdk-go-v2/config", nil, []string{"aws"}}, // comes with every client
		{"go", "github.com/aws/aws-sdk-go-v2", nil, []string{"aws"}},
		{"go", "github.com/aws/aws-sdk-go-v2/service/sqs", []string{"aws"}, nil},
		{"cargo", "aws-sdk-s3", []string{"aws-s3"}, []string{"aws"}},
		{"cargo", "aws-sdk-dynamodb", []string{"aws"}, nil},
		{"maven", "software.amazon.awssdk:s3", []string{"aws-s3"}, []string{"aws"}},
		{"nuget", "AWSSDK.S3", []string{"aws-s3"}, []string{"aws"}},
		{"rubygems", "aws-sdk-s3", []string{"aws-s3"}, []string{"aws"}},
		{"pypi", "channels", nil, []string{"daphne"}}, // makeplane/plane: Channels 4 ships no Daphne
	}
	for _, tt := range tests {
		got := ids(c.Lookup(tt.eco, tt.name))
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("Lookup(%q, %q) = %v, want it to contain %q", tt.eco, tt.name, got, w)
			}
		}
		for _, n := range tt.not {
			if slices.Contains(got, n) {
				t.Errorf("Lookup(%q, %q) = %v, must not contain %q", tt.eco, tt.name, got, n)
			}
		}
	}
	if got := c.Lookup("npm", "left-pad-nonexistent"); len(got) != 0 {
		t.Errorf("unknown package matched %v", ids(got))
	}
	if got := c.Lookup("pypi", "express"); slices.Contains(ids(got), "express") {
		t.Errorf("npm name matched in the pypi ecosystem: %v", ids(got))
	}
}

// closure follows implies transitively.
func closure(c *Catalog, id string) []string {
	seen := map[string]bool{}
	var walk func(string)
	walk = func(id string) {
		e, ok := c.Get(id)
		if !ok {
			return
		}
		for _, im := range e.Implies {
			if !seen[im] {
				seen[im] = true
				walk(im)
			}
		}
	}
	walk(id)
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	return out
}

func TestImplies(t *testing.T) {
	c := mustDefault(t)
	tests := []struct {
		id   string
		want []string
	}{
		{"express", []string{"nodejs"}},
		{"django-rest-framework", []string{"django", "python"}},
		{"spring-boot", []string{"java"}},
		{"laravel", []string{"php"}},
		{"rails", []string{"ruby"}},
		{"gin", []string{"go"}},
		{"phoenix", []string{"elixir"}},
		{"actix-web", []string{"rust"}},
		{"aspnet-core", []string{"dotnet"}},
		{"ktor", []string{"kotlin"}},
		{"pg", []string{"postgresql"}},
		{"psycopg", []string{"postgresql"}},
		{"mysql2", []string{"mysql"}},
		{"mongoose", []string{"mongodb"}},
		{"ioredis", []string{"redis"}},
		{"gocql", []string{"cassandra"}},
		{"aws-sdk-dynamodb", []string{"dynamodb"}},
		{"firebase-admin", []string{"firestore"}},
		{"google-cloud-spanner", []string{"spanner"}},
		{"azure-cosmos", []string{"cosmosdb"}},
		{"elasticsearch-client", []string{"elasticsearch"}},
		{"better-sqlite3", []string{"sqlite"}},
		{"aws-msk", []string{"kafka", "aws"}},
		{"aws-eks", []string{"kubernetes"}},
		{"helm", []string{"kubernetes"}},
		{"sidekiq", []string{"redis", "ruby"}},
		{"bullmq", []string{"redis"}},
		{"alembic", []string{"sqlalchemy"}},
		{"ef-core-migrations", []string{"ef-core", "dotnet"}},
	}
	for _, tt := range tests {
		got := closure(c, tt.id)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("%s implies %v, want it to include %q", tt.id, got, w)
			}
		}
	}
	// Managed services with a configurable engine must not pick one.
	for _, id := range []string{"aws-rds", "aws-aurora", "aws-elasticache", "google-cloud-sql"} {
		for _, db := range []string{"postgresql", "mysql", "redis", "memcached"} {
			if slices.Contains(closure(c, id), db) {
				t.Errorf("%s implies %s, but its engine is a setting", id, db)
			}
		}
	}
}

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestCycleFor(t *testing.T) {
	c := mustDefault(t)
	tests := []struct {
		id, version string
		cycle       string // "" means no cycle
		eol         string
	}{
		{"nodejs", "20.11.1", "20", "2026-04-30"},
		{"nodejs", "22", "22", "2027-04-30"},
		{"nodejs", "2", "", ""},
		{"python", "3.12", "3.12", "2028-10-31"},
		{"python", "3.12.4", "3.12", "2028-10-31"},
		{"python", "3.1", "", ""}, // not 3.10, 3.11 or 3.12
		{"python", "3.10.2", "3.10", "2026-10-31"},
		{"go", "1.22.3", "1.22", "2025-02-11"},
		{"go", "1.27", "1.27", ""},
		{"java", "21", "21", "2029-12-31"},
		{"java", "1.8", "1.8", "2030-12-31"},
		{"java", "17.0.9", "17", "2027-10-31"},
		{"dotnet", "8.0", "8.0", "2026-11-10"},
		{"dotnet", "10.0.1", "10.0", "2028-11-14"},
		{"php", "8.3.7", "8.3", "2027-12-31"},
		{"ruby", "3.3.0", "3.3", "2027-03-31"},
		{"django", "4.2.11", "4.2", "2026-04-07"},
		{"spring-boot", "3.2.5", "3.2", "2024-12-31"},
		{"rails", "7.1.3", "7.1", "2025-10-01"},
		{"laravel", "11.9.0", "11", "2026-03-12"},
		{"postgresql", "16", "16", "2028-11-09"},
		{"mysql", "8.0.36", "8.0", "2026-04-30"},
		{"mariadb", "10.11.6", "10.11", "2028-02-16"},
		{"sqlserver", "16.0", "16.0", "2033-01-11"},
		{"redis", "7.2.4", "7.2", "2029-12-01"},
		{"mongodb", "7.0.5", "7.0", "2027-08-31"},
		{"kotlin", "2.1.0", "2.1", "2025-06-23"},
		{"elixir", "1.15.7", "1.15", "2026-06-03"},
		{"symfony", "6.4.3", "6.4", "2027-11-30"},
		{"express", "4.19.2", "4", ""},
		{"deno", "2.5.1", "2.5", "2026-04-30"},
		{"erlang", "27.0", "27", "2027-05-20"},
		{"spring-framework", "6.1.5", "6.1", "2025-06-30"},
	}
	for _, tt := range tests {
		e, ok := c.Get(tt.id)
		if !ok {
			t.Errorf("%s: missing", tt.id)
			continue
		}
		cy, ok := e.CycleFor(tt.version)
		if tt.cycle == "" {
			if ok {
				t.Errorf("%s %s: got cycle %q, want none", tt.id, tt.version, cy.Cycle)
			}
			continue
		}
		if !ok || cy.Cycle != tt.cycle {
			t.Errorf("%s %s: got cycle %q (found %v), want %q", tt.id, tt.version, cy.Cycle, ok, tt.cycle)
			continue
		}
		if tt.eol == "" {
			if !cy.EOL.IsZero() {
				t.Errorf("%s %s: eol %s, want none", tt.id, tt.version, cy.EOL.Format(time.DateOnly))
			}
		} else if !cy.EOL.Equal(date(tt.eol)) {
			t.Errorf("%s %s: eol %s, want %s", tt.id, tt.version, cy.EOL.Format(time.DateOnly), tt.eol)
		}
	}
	node, _ := c.Get("nodejs")
	if cy, _ := node.CycleFor("20.11.1"); !cy.SupportEnds.Equal(date("2024-10-22")) || !cy.Released.Equal(date("2023-04-18")) {
		t.Errorf("node 20: released %v support_ends %v", cy.Released, cy.SupportEnds)
	}
}

// TestEOLData checks every release cycle is consistent.
func TestEOLData(t *testing.T) {
	c := mustDefault(t)
	for _, e := range c.Entries() {
		seen := map[string]bool{}
		for _, cy := range e.EOL {
			where := e.ID + " " + cy.Cycle
			if cy.Cycle == "" {
				t.Errorf("%s: empty cycle", e.ID)
			}
			if seen[cy.Cycle] {
				t.Errorf("%s: cycle listed twice", where)
			}
			seen[cy.Cycle] = true
			if !strings.HasPrefix(cy.Source, "https://endoflife.date/") {
				t.Errorf("%s: source %q is not an endoflife.date page", where, cy.Source)
			}
			if cy.Released.IsZero() {
				t.Errorf("%s: no released date", where)
			}
			if !cy.EOL.IsZero() && cy.EOL.Before(cy.Released.Time) {
				t.Errorf("%s: eol before release", where)
			}
			if !cy.SupportEnds.IsZero() && !cy.EOL.IsZero() && cy.SupportEnds.After(cy.EOL.Time) {
				t.Errorf("%s: support ends after eol", where)
			}
		}
	}
	for _, id := range []string{"nodejs", "python", "go", "java", "dotnet", "php", "ruby", "django", "spring-boot",
		"rails", "laravel", "postgresql", "mysql", "mariadb", "kotlin", "elixir", "erlang", "symfony",
		"spring-framework", "express", "deno", "sqlserver", "redis", "mongodb", "scala", "phoenix"} {
		if e, _ := c.Get(id); len(e.EOL) == 0 {
			t.Errorf("%s: no release cycles", id)
		}
	}
}

// inProcessCaches keep their data inside the application process: no state
// an operator runs.
var inProcessCaches = []string{"caffeine", "ehcache", "node-cache", "lru-cache", "quick-lru", "memory-cache", "memorystore", "cachetools"}

// TestDataQuality checks conventions the loader does not enforce (it
// enforces the vocabulary: categories, ecosystems, data models).
func TestDataQuality(t *testing.T) {
	c := mustDefault(t)
	for _, e := range c.Entries() {
		if e.Homepage != "" && !strings.HasPrefix(e.Homepage, "https://") && !strings.HasPrefix(e.Homepage, "http://") {
			t.Errorf("%s: homepage %q is not a URL", e.ID, e.Homepage)
		}
		if e.TalentShare < 0 || e.TalentShare > 100 {
			t.Errorf("%s: talent_share %v out of range", e.ID, e.TalentShare)
		}
		if e.TalentShare > 0 && !strings.Contains(e.TalentSource, "Survey") {
			t.Errorf("%s: talent_share without a survey in talent_source", e.ID)
		}
		if slices.Contains(e.Implies, e.ID) {
			t.Errorf("%s implies itself", e.ID)
		}
		if len(e.Match) == 0 {
			t.Errorf("%s: matches nothing", e.ID)
		}
		names := map[string]bool{}
		var prefixes []string
		for eco, list := range e.Match {
			for _, n := range list {
				if n == "" || n == "*" {
					t.Errorf("%s: empty or match-all name in %s", e.ID, eco)
				}
				if strings.Contains(strings.TrimSuffix(n, "*"), "*") {
					t.Errorf("%s: %q: only a trailing * is supported", e.ID, n)
				}
				if eco == stack.EcoPyPI && n != strings.ToLower(n) {
					t.Errorf("%s: pypi name %q is not PEP 503 normalised", e.ID, n)
				}
				if eco == stack.EcoTool || eco == stack.EcoDatastore {
					if n != strings.ToLower(n) {
						t.Errorf("%s: %s name %q must be a lowercase id", e.ID, eco, n)
					}
				}
				if p, ok := strings.CutSuffix(strings.ToLower(n), "*"); ok {
					prefixes = append(prefixes, p)
				} else {
					names[strings.ToLower(n)] = true
				}
			}
		}
		for _, v := range e.VersionFrom {
			v = strings.ToLower(v)
			if !names[v] && !slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(v, p) }) {
				t.Errorf("%s: version_from %q is not one of its match names", e.ID, v)
			}
		}
		switch e.Category {
		case "database", "cache", "search", "object-storage", "managed-database", "managed-cache":
			inProcess := slices.Contains(inProcessCaches, e.ID)
			if e.Stateful == inProcess {
				t.Errorf("%s: a %s has stateful=%v (in-process caches are not stateful, other stores are)", e.ID, e.Category, e.Stateful)
			}
			if e.Layer == stack.LayerData && e.Category != "cache" && e.DataModel == "" {
				t.Errorf("%s: a %s needs a data_model", e.ID, e.Category)
			}
		case "deprecated-package":
			if e.Deprecated == "" {
				t.Errorf("%s: deprecated-package without a reason", e.ID)
			}
		case "cpu-bound":
			if !e.CPUHeavy {
				t.Errorf("%s: cpu-bound entry not marked cpu_heavy", e.ID)
			}
		}
		if e.Deprecated != "" && e.Category != "deprecated-package" {
			t.Errorf("%s: deprecated set outside category deprecated-package", e.ID)
		}
		if e.Transactional && e.DataModel == "" {
			t.Errorf("%s: transactional but not a datastore", e.ID)
		}
	}
}

// TestToolIDs checks every id a detector emits as tool:<id> or
// datastore:<id> resolves to the entry of that id.
func TestToolIDs(t *testing.T) {
	c := mustDefault(t)
	tools := []string{
		"docker", "docker-compose", "kubernetes", "kustomize", "helm", "skaffold", "tilt", "istio", "linkerd",
		"terraform", "pulumi", "aws-cdk", "cloudformation", "aws-sam", "aws-lambda", "serverless-framework",
		"fly-io", "render", "heroku", "vercel", "netlify", "railway", "google-app-engine",
		"aws-elastic-beanstalk", "azure-developer-cli", "firebase", "github-actions", "gitlab-ci", "circleci",
		"jenkins", "azure-pipelines", "bitbucket-pipelines", "travis", "drone", "buildkite",
		"google-cloud-build", "dependabot", "renovate", "openapi", "asyncapi", "grpc", "protobuf", "graphql",
		"npm", "yarn", "pnpm", "bun", "poetry", "uv", "pipenv", "pdm", "sqs", "sns", "kinesis", "diesel",
		"deno", "dotnet-aspire", "traefik", "nginx", "localstack", "keycloak", "prometheus", "grafana",
		"jaeger", "opentelemetry", "knex", "alembic", "prisma", "django-migrations", "prisma-migrate",
		"rails-migrations", "ef-core-migrations", "sqlc", "flyway", "liquibase",
	}
	// bun as a package manager is tooling; bun the runtime is a language.
	if got := ids(c.Lookup(stack.EcoTool, "bun")); !slices.Equal(got, []string{"bun-package-manager"}) {
		t.Errorf("tool:bun resolves to %v, want only bun-package-manager", got)
	}
	for _, id := range tools {
		if id == "bun" {
			continue
		}
		if got := ids(c.Lookup(stack.EcoTool, id)); !slices.Contains(got, id) {
			t.Errorf("tool:%s resolves to %v, want %q", id, got, id)
		}
	}
	datastores := []string{
		"postgresql", "mysql", "mariadb", "sqlite", "h2", "hsqldb", "sqlserver", "oracle", "mongodb", "redis",
		"cassandra", "elasticsearch", "opensearch", "dynamodb", "cockroachdb", "clickhouse", "neo4j",
		"couchdb", "firestore", "spanner", "cosmosdb", "memcached", "valkey", "rabbitmq", "kafka",
	}
	for _, id := range datastores {
		got := ids(c.Lookup(stack.EcoDatastore, id))
		if !slices.Contains(got, id) {
			t.Errorf("datastore:%s resolves to %v, want %q", id, got, id)
		}
		e, _ := c.Get(id)
		if !e.Stateful {
			t.Errorf("%s: a datastore must be stateful", id)
		}
	}
}

// TestAttributes pins the attributes rules read for representative entries.
func TestAttributes(t *testing.T) {
	c := mustDefault(t)
	get := func(id string) Entry {
		t.Helper()
		e, ok := c.Get(id)
		if !ok {
			t.Fatalf("%s: missing", id)
		}
		return e
	}
	for id, want := range map[string]string{
		"django": "sync", "flask": "sync", "rails": "sync", "laravel": "sync", "sinatra": "sync",
		"spring-mvc": "sync", "express": "async", "nestjs": "async", "fastify": "async", "koa": "async",
		"fastapi": "async", "aiohttp": "async", "starlette": "async", "spring-webflux": "async",
		"quarkus": "async", "ktor": "async", "vertx": "async", "aspnet-core": "async", "phoenix": "async",
		"actix-web": "async", "axum": "async", "rocket": "async", "go": "async", "gin": "async",
		"spring-boot": "",
	} {
		if got := get(id).Concurrency; got != want {
			t.Errorf("%s: concurrency %q, want %q", id, got, want)
		}
	}
	for _, id := range []string{"postgresql", "mysql", "mariadb", "sqlserver", "oracle", "sqlite", "h2", "cockroachdb", "spanner"} {
		if e := get(id); !e.Transactional || e.DataModel != "relational" {
			t.Errorf("%s: transactional=%v data_model=%q", id, e.Transactional, e.DataModel)
		}
	}
	for id, model := range map[string]string{"mongodb": "document", "dynamodb": "key-value", "redis": "key-value", "cassandra": "wide-column", "elasticsearch": "search"} {
		if e := get(id); e.Transactional || e.DataModel != model {
			t.Errorf("%s: transactional=%v data_model=%q, want non-transactional %s", id, e.Transactional, e.DataModel, model)
		}
	}
	for _, id := range []string{"kafka", "elasticsearch", "opensearch", "cassandra", "kubernetes", "aws-eks", "gke", "istio", "linkerd", "zookeeper", "spanner", "cockroachdb"} {
		if got := get(id).OperationalCost; got != "high" {
			t.Errorf("%s: operational_cost %q, want high", id, got)
		}
	}
	for _, id := range []string{"rabbitmq", "mongodb", "postgresql"} {
		if got := get(id).OperationalCost; got != "medium" {
			t.Errorf("%s: operational_cost %q, want medium", id, got)
		}
	}
	for _, id := range []string{"sqlite", "heroku", "fly-io", "render"} {
		if got := get(id).OperationalCost; got != "low" {
			t.Errorf("%s: operational_cost %q, want low", id, got)
		}
	}
	for _, id := range []string{"sharp", "jimp", "node-canvas", "fluent-ffmpeg", "tfjs-node", "onnxruntime", "bcrypt", "bcryptjs", "pdfkit", "puppeteer", "pillow", "opencv", "numpy", "pandas", "pytorch", "tensorflow", "imagemagick"} {
		if e := get(id); !e.CPUHeavy || e.Layer != stack.LayerSupporting {
			t.Errorf("%s: cpu_heavy=%v layer=%s", id, e.CPUHeavy, e.Layer)
		}
	}
	for _, id := range []string{"npm-request", "node-sass", "tslint", "moment", "npm-querystring", "nose", "pycrypto", "golang-protobuf-legacy", "dgrijalva-jwt-go", "pkg-errors", "paperclip", "swiftmailer"} {
		if e := get(id); e.Deprecated == "" || e.Layer != stack.LayerSupporting {
			t.Errorf("%s: deprecated=%q layer=%s", id, e.Deprecated, e.Layer)
		}
	}
	for id, share := range map[string]float64{"python": 57.9, "javascript": 66, "typescript": 43.6, "java": 29.4, "go": 16.4, "express": 19.9, "django": 12.6, "scala": 3.21, "postgresql": 55.6} {
		if got := get(id).TalentShare; got != share {
			t.Errorf("%s: talent_share %v, want %v", id, got, share)
		}
	}
	if e := get("nestjs"); !e.VersionCounts("@nestjs/core") || e.VersionCounts("@nestjs/common") {
		t.Errorf("nestjs: version must come from @nestjs/core only")
	}
	if e := get("postgresql"); e.VersionCounts("postgresql") {
		t.Errorf("postgresql: a Helm chart's version must not count as the server's")
	}
	if e := get("express"); !e.VersionCounts("express") {
		t.Errorf("express: its package version must count")
	}
	// Versions that leaked into real scans (trial run): an SDK, a wrapper
	// gem or an image of browsers is not the technology's release line.
	for _, tc := range []struct {
		id, name string
		counts   bool
	}{
		{"python-social-auth", "social-auth-core", true}, {"python-social-auth", "social-auth-app-django", false}, // netbox 4.8/5.9
		{"cypress", "cypress/included", true}, {"cypress", "cypress/browsers", false}, // redash "Cypress 11.2" from a browsers tag
		{"sentry", "sentry", false}, {"sentry", "sentry-sdk", false}, {"sentry", "getsentry/sentry", true}, // hexpm "Sentry 13.0" from the Elixir SDK
		{"imagemagick", "mini_magick", true}, {"imagemagick", "image_processing", false}, // maybe 1.14/5.2/1.2
		{"opentelemetry", "@opentelemetry/api", true}, {"opentelemetry", "@opentelemetry/sdk-node", false},
		{"opentelemetry", "@opentelemetry/instrumentation-grpc", false}, {"opentelemetry", "go.opentelemetry.io/otel", true},
		{"opentelemetry", "otel/opentelemetry-collector-contrib", false},                    // collector releases are 0.x
		{"pgvector", "Pgvector", true}, {"pgvector", "Pgvector.EntityFrameworkCore", false}, // eShop 0.2/0.3
		{"postgresql", "pgautoupgrade/pgautoupgrade", true}, {"postgresql", "gorm.io/driver/postgres", false},
		{"postgresql", "Aspire.Hosting.PostgreSQL", false}, {"mysql", "gorm.io/driver/mysql", false},
		{"sqlite", "gorm.io/driver/sqlite", false}, {"sqlserver", "gorm.io/driver/sqlserver", false},
		{"redis", "Aspire.Hosting.Redis", false}, {"redis", "@keyv/redis", false},
		{"rabbitmq", "Aspire.RabbitMQ.Client", false}, {"kafka", "Aspire.Confluent.Kafka", false},
		{"cosmosdb", "Aspire.Hosting.Azure.CosmosDB", false}, {"clickhouse", "altinity/clickhouse-server", true},
		{"pgbouncer", "edoburu/pgbouncer", true}, {"seaweedfs", "chrislusf/seaweedfs", true},
	} {
		if got := get(tc.id).VersionCounts(tc.name); got != tc.counts {
			t.Errorf("%s: VersionCounts(%q) = %v, want %v", tc.id, tc.name, got, tc.counts)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	const ok = `
[[technology]]
id = "thing"
name = "Thing"
layer = "data"
category = "database"
match.npm = ["thing"]
`
	tests := []struct {
		name  string
		files map[string]string
		want  []string // substrings of the error
	}{
		{"unknown key", map[string]string{"data/a.toml": ok + "colour = \"red\"\n"}, []string{"data/a.toml:8:", "unknown key", "colour"}},
		{"unknown category", map[string]string{"data/a.toml": strings.Replace(ok, `"database"`, `"datastore"`, 1)}, []string{`data/a.toml:6: technology "thing": category "datastore" is not a category`, "layer data are database, database-driver"}},
		{"category of another layer", map[string]string{"data/a.toml": strings.Replace(ok, `"database"`, `"web-framework"`, 1)}, []string{`data/a.toml:6:`, `category "web-framework" is not one of layer data`}},
		{"unknown ecosystem", map[string]string{"data/a.toml": strings.Replace(ok, "match.npm", "match.npmjs", 1)}, []string{`data/a.toml:7:`, `match ecosystem "npmjs"`}},
		{"unknown ecosystem in a match table", map[string]string{"data/a.toml": strings.Replace(ok, "match.npm", "[technology.match]\nbower", 1)}, []string{`data/a.toml:8:`, `match ecosystem "bower"`}},
		{"bad data model", map[string]string{"data/a.toml": ok + "data_model = \"tabular\"\n"}, []string{`data/a.toml:8:`, `data_model "tabular"`}},
		{"second entry located", map[string]string{"data/a.toml": ok + strings.Replace(strings.Replace(ok, `"thing"`, `"other"`, 1), `"data"`, `"backend"`, 1)}, []string{`data/a.toml:12: technology "other": layer "backend"`}},
		{"bad layer", map[string]string{"data/a.toml": strings.Replace(ok, `"data"`, `"backend"`, 1)}, []string{`data/a.toml:5: technology "thing"`, `layer "backend"`}},
		{"duplicate id", map[string]string{"data/a.toml": ok, "data/b.toml": ok}, []string{"b.toml", `"thing"`, "defined twice"}},
		{"bad date", map[string]string{"data/a.toml": ok + "[[technology.eol]]\ncycle = \"1\"\nreleased = \"2024-13-01\"\n"}, []string{"a.toml", "2024-13-01", "YYYY-MM-DD"}},
		{"bad id", map[string]string{"data/a.toml": strings.Replace(ok, `"thing"`, `"Thing_DB"`, 1)}, []string{`"Thing_DB"`, "kebab-case"}},
		{"unknown implies", map[string]string{"data/a.toml": ok + "implies = [\"nowhere\"]\n"}, []string{`data/a.toml:8: technology "thing"`, `unknown id "nowhere"`}},
		{"unknown overrides", map[string]string{"data/a.toml": ok + "overrides = [\"nowhere\"]\n"}, []string{`data/a.toml:8: technology "thing"`, `overrides unknown or own id "nowhere"`}},
		{"missing name", map[string]string{"data/a.toml": strings.Replace(ok, "name = \"Thing\"\n", "", 1)}, []string{"name is required"}},
		{"missing category", map[string]string{"data/a.toml": strings.Replace(ok, "category = \"database\"\n", "", 1)}, []string{"category is required"}},
		{"bad concurrency", map[string]string{"data/a.toml": ok + "concurrency = \"threaded\"\n"}, []string{`concurrency "threaded"`}},
		{"bad cost", map[string]string{"data/a.toml": ok + "operational_cost = \"huge\"\n"}, []string{`operational_cost "huge"`}},
		{"bad battery", map[string]string{"data/a.toml": strings.Replace(ok, "match.npm", "batteries = [\"orm\", \"kitchen-sink\"]\nbatteries_source = \"x\"\nmatch.npm", 1)}, []string{`battery "kitchen-sink"`}},
		{"batteries without source", map[string]string{"data/a.toml": strings.Replace(ok, "match.npm", "batteries = [\"orm\"]\nmatch.npm", 1)}, []string{"batteries_source"}},
		{"syntax", map[string]string{"data/a.toml": "[[technology]\nid = \"x\"\n"}, []string{"data/a.toml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for n, s := range tt.files {
				fsys[n] = &fstest.MapFile{Data: []byte(s)}
			}
			_, err := Load(fsys)
			if err == nil {
				t.Fatalf("Load succeeded, want an error mentioning %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestLoadMinimal(t *testing.T) {
	fsys := fstest.MapFS{
		"data/a.toml": {Data: []byte(`
[[technology]]
id = "lang"
name = "Lang"
layer = "language"
category = "language"
match.runtime = ["lang"]

[[technology]]
id = "web"
name = "Web"
layer = "framework"
category = "web-framework"
implies = ["lang"]
match.npm = ["web", "web-*"]
version_from = ["web"]
[[technology.eol]]
cycle = "1"
released = "2024-01-02"
eol = "2025-01-02"
source = "https://endoflife.date/web"
`)},
		"data/ignored.txt": {Data: []byte("not toml")},
	}
	c, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if c.Len() != 2 {
		t.Fatalf("Len = %d, want 2", c.Len())
	}
	if got := ids(c.Lookup("npm", "WEB-Plugin")); !slices.Equal(got, []string{"web"}) {
		t.Errorf("prefix lookup = %v", got)
	}
	e, _ := c.Get("web")
	cy, ok := e.CycleFor("1.4.2")
	if !ok || !cy.EOL.Equal(date("2025-01-02")) {
		t.Errorf("CycleFor = %+v, %v", cy, ok)
	}
	if _, ok := c.Get("nope"); ok {
		t.Error("Get of an unknown id succeeded")
	}
}

// FuzzLoad feeds arbitrary data files to Load: it must never panic, and an
// error must say something.
func FuzzLoad(f *testing.F) {
	f.Add("[[technology]]\nid = \"a\"\nname = \"A\"\nlayer = \"data\"\ncategory = \"database\"\nmatch.npm = [\"a*\"]\n")
	f.Add("[[technology]]\nid = \"a\"\nname = \"A\"\nlayer = \"data\"\ncategory = \"x\"\n[[technology.eol]]\ncycle = \"1\"\nreleased = \"2024-02-30\"\n")
	f.Add("[[technology]]\nid = \"A_b\"\nlayer = \"nope\"\nimplies = [\"zz\"]\nconcurrency = 3\n")
	f.Add("[[technology]\n")
	f.Add("technology = 5\n")
	f.Add("[[technology]]\n[technology.match]\nnpm = [\"*\", \"\"]\n")
	f.Fuzz(func(t *testing.T, data string) {
		c, err := Load(fstest.MapFS{"data/x.toml": {Data: []byte(data)}})
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		for _, e := range c.Entries() {
			c.Lookup("npm", e.ID)
			e.CycleFor("1.2.3")
		}
	})
}

// TestActionVersionsNeverCount checks that a GitHub Action's ref (a major
// tag such as v4, or a commit SHA) never becomes a technology's version:
// docker/build-push-action@v6 says nothing about Docker's release, and
// astral-sh/setup-uv@11f9893b... gave "uv 11" on saleor/saleor.
func TestActionVersionsNeverCount(t *testing.T) {
	c := mustDefault(t)
	for _, e := range c.Entries() {
		for _, n := range e.Match[stack.EcoAction] {
			probe := strings.TrimSuffix(n, "*")
			if strings.HasSuffix(n, "*") {
				probe += "x"
			}
			if e.VersionCounts(probe) {
				t.Errorf("%s: the version of GitHub Action %q counts as the technology's; set version_from to the names that carry its release", e.ID, probe)
			}
		}
	}
}

// TestDatastoreVersionSources checks that a datastore matched by client
// packages (GORM dialects, .NET Aspire integrations, drivers) takes its
// version only from server images, charts or configuration, never from a
// client package of another ecosystem. Databases run as servers are the
// ones with an image or chart to match.
func TestDatastoreVersionSources(t *testing.T) {
	c := mustDefault(t)
	server := map[string]bool{stack.EcoDocker: true, stack.EcoHelm: true, stack.EcoDatastore: true, stack.EcoTool: true, stack.EcoK8s: true, stack.EcoTerraform: true, stack.EcoCFN: true, stack.EcoAspire: true, stack.EcoNix: true}
	for _, e := range c.Entries() {
		// Embedded stores (SQLite aside, matched by configuration) are their
		// library: its version is the database's.
		if e.Category != "database" || (len(e.Match[stack.EcoDocker]) == 0 && len(e.Match[stack.EcoHelm]) == 0) {
			continue
		}
		for eco, names := range e.Match {
			if server[eco] {
				continue
			}
			for _, n := range names {
				probe := strings.TrimSuffix(n, "*")
				if strings.HasSuffix(n, "*") {
					probe += "x"
				}
				// version_from names are not ecosystem-qualified: a client
				// package named like the server image cannot be told apart.
				if e.VersionCounts(probe) && !slices.Contains(e.Match[stack.EcoDocker], n) {
					t.Errorf("%s: the version of %s package %q counts as the database's; set version_from", e.ID, eco, probe)
				}
			}
		}
	}
}

// TestToolingIsNotAlwaysDevelopment pins the categories of technologies
// that look like tooling but describe how production runs: resolve treats
// dev-tooling, testing, package-manager and build-tool as development only.
func TestToolingIsNotAlwaysDevelopment(t *testing.T) {
	c := mustDefault(t)
	for id, cat := range map[string]string{"dotnet-aspire": "app-orchestration", "docker": "container", "bun-package-manager": "package-manager"} {
		e, ok := c.Get(id)
		if !ok || e.Category != cat {
			t.Errorf("%s: category %q, want %q", id, e.Category, cat)
		}
	}
}

// TestVocabularyIsUsed checks that every category and ecosystem of the
// vocabulary is used by an entry of the embedded catalog: a category no
// entry has is a word code can ask for and never get.
func TestVocabularyIsUsed(t *testing.T) {
	c := mustDefault(t)
	cats, ecos, seen := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, e := range c.Entries() {
		cats[e.Category] = true
		for eco := range e.Match {
			ecos[eco] = true
		}
	}
	for _, cat := range Categories {
		if !cats[cat.Name] {
			t.Errorf("category %q has no entry", cat.Name)
		}
		if cat.Doc == "" || len(cat.Layers) == 0 {
			t.Errorf("category %q needs a Doc and its layers", cat.Name)
		}
		if seen[cat.Name] {
			t.Errorf("category %q is listed twice", cat.Name)
		}
		seen[cat.Name] = true
	}
	for _, eco := range Ecosystems {
		if !ecos[eco] {
			t.Errorf("ecosystem %q has no entry", eco)
		}
	}
	if got := AttributeKeys(); !slices.Contains(got, "talent_share") || !slices.Contains(got, "eol") || slices.Contains(got, "released") {
		t.Errorf("AttributeKeys() = %v", got)
	}
	if got := CycleKeys(); !slices.Equal(got, []string{"cycle", "released", "support_ends", "eol", "source"}) {
		t.Errorf("CycleKeys() = %v", got)
	}
}
