package resolve_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/resolve"
	"github.com/stacklint/stacklint/internal/stack"
)

// TestDatastores decides datastores and the system of record with the
// embedded catalog, on signals shaped like real repositories.
func TestDatastores(t *testing.T) {
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	sig := func(kind, eco, name, file string, line int, attrs ...string) stack.Signal {
		s := stack.Signal{Kind: kind, Ecosystem: eco, Name: name, File: file, Line: line, Scope: stack.ScopeRuntime}
		for i := 0; i+1 < len(attrs); i += 2 {
			if s.Attrs == nil {
				s.Attrs = map[string]string{}
			}
			s.Attrs[attrs[i]] = attrs[i+1]
		}
		return s
	}
	img := func(name, file string, line int) stack.Signal {
		return sig(stack.KindImage, stack.EcoDocker, name, file, line)
	}
	devImg := func(name, file string, line int) stack.Signal {
		s := img(name, file, line)
		s.Scope = stack.ScopeDev
		return s
	}
	cases := []struct {
		name      string
		manifests []string
		signals   []stack.Signal
		want      []string // "id role [members] [alt] [optional]"
		record    string
		reason    string // substring of the record's reason
	}{
		{
			// A CQRS service: MySQL with Flyway is the event store and
			// system of record; the order-history view lives in MongoDB,
			// used by more components.
			name:      "cqrs read model in a document store",
			manifests: []string{"orders/build.gradle", "history/build.gradle", "history-api/build.gradle"},
			signals: []stack.Signal{
				sig(stack.KindPackage, stack.EcoMaven, "mysql:mysql-connector-java", "orders/build.gradle", 10),
				sig(stack.KindPackage, stack.EcoMaven, "org.flywaydb:flyway-core", "orders/build.gradle", 11),
				sig(stack.KindPackage, stack.EcoMaven, "org.springframework.boot:spring-boot-starter-data-mongodb", "history/build.gradle", 8),
				sig(stack.KindPackage, stack.EcoMaven, "org.springframework.boot:spring-boot-starter-data-mongodb", "history-api/build.gradle", 8),
				img("mongo", "docker-compose.yml", 20),
			},
			want:   []string{"mysql system-of-record", "mongodb secondary"},
			record: "mysql", reason: "migrated by Flyway",
		},
		{
			name:      "forks and managed hostings count once; observability is no datastore",
			manifests: []string{"package.json"},
			signals: []stack.Signal{
				sig(stack.KindPackage, stack.EcoNPM, "pg", "package.json", 5),
				sig(stack.KindPackage, stack.EcoNPM, "ioredis", "package.json", 6),
				img("valkey/valkey", "docker-compose.yml", 9),
				sig(stack.KindResource, stack.EcoTerraform, "aws_db_instance", "infra/db.tf", 1),
				img("grafana/grafana", "docker-compose.yml", 30),
				img("prom/prometheus", "docker-compose.yml", 40),
				img("grafana/loki", "docker-compose.yml", 50),
				img("jaegertracing/all-in-one", "docker-compose.yml", 60),
			},
			want:   []string{"postgresql system-of-record [postgresql aws-rds]", "redis cache [redis valkey]"},
			record: "postgresql", reason: "the only database",
		},
		{
			// memos: one Go module ships SQLite, MySQL and PostgreSQL
			// drivers; a deployment picks one.
			name:      "interchangeable providers of one component",
			manifests: []string{"go.mod"},
			signals: []stack.Signal{
				sig(stack.KindPackage, stack.EcoGo, "github.com/go-sql-driver/mysql", "go.mod", 14),
				sig(stack.KindPackage, stack.EcoGo, "github.com/lib/pq", "go.mod", 23),
				sig(stack.KindPackage, stack.EcoGo, "modernc.org/sqlite", "go.mod", 50),
			},
			want:   []string{"mysql system-of-record [mysql postgresql sqlite] alt"},
			record: "mysql", reason: "interchangeable",
		},
		{
			// redash: Db2 and MySQL drivers beside psycopg2 in one
			// pyproject.toml; its Compose file runs postgres.
			name:      "the provider the repository's Compose runs heads interchangeable ones",
			manifests: []string{"pyproject.toml"},
			signals: []stack.Signal{
				sig(stack.KindPackage, stack.EcoPyPI, "ibm-db", "pyproject.toml", 82),
				sig(stack.KindPackage, stack.EcoPyPI, "mysqlclient", "pyproject.toml", 117),
				sig(stack.KindPackage, stack.EcoPyPI, "psycopg2-binary", "pyproject.toml", 44),
				devImg("postgres", "compose.yaml", 56), // a development Compose file
			},
			want:   []string{"postgresql system-of-record [postgresql db2 mysql] alt"},
			record: "postgresql", reason: "interchangeable",
		},
		{
			// eventuate-tram: MySQL by default, PostgreSQL and SQL Server
			// under Spring profiles named after them; the test
			// configuration of another source set does not count.
			name:      "engine-named profiles are interchangeable providers",
			manifests: []string{"orders/build.gradle", "history/build.gradle"},
			signals: []stack.Signal{
				sig(stack.KindDatastore, stack.EcoDatastore, "mysql", "orders/src/main/resources/application.properties", 8, "profile", ""),
				sig(stack.KindDatastore, stack.EcoDatastore, "postgresql", "orders/src/main/resources/application-postgres.properties", 1, "profile", "postgres"),
				sig(stack.KindDatastore, stack.EcoDatastore, "sqlserver", "orders/src/main/resources/application-mssql.properties", 1, "profile", "mssql"),
				sig(stack.KindDatastore, stack.EcoDatastore, "sqlserver", "orders/src/main/resources/application-mssql.properties", 4, "profile", "mssql"),
				sig(stack.KindResource, stack.EcoTerraform, "azurerm_sql_server", "deploy/azure/sql.tf", 1),
				sig(stack.KindPackage, stack.EcoMaven, "org.flywaydb:flyway-core", "orders/build.gradle", 11),
				sig(stack.KindPackage, stack.EcoMaven, "org.springframework.boot:spring-boot-starter-data-mongodb", "history/build.gradle", 8),
			},
			want:   []string{"mysql system-of-record [mysql sqlserver azure-sql postgresql] alt", "mongodb secondary"},
			record: "mysql", reason: "interchangeable",
		},
		{
			name:      "two databases of one service that both run are not alternatives",
			manifests: []string{"api/package.json", "reports/package.json"},
			signals: []stack.Signal{
				sig(stack.KindPackage, stack.EcoNPM, "pg", "api/package.json", 5),
				sig(stack.KindPackage, stack.EcoNPM, "pg", "reports/package.json", 5),
				sig(stack.KindPackage, stack.EcoNPM, "mysql2", "reports/package.json", 6),
			},
			want:   []string{"postgresql system-of-record", "mysql secondary"},
			record: "postgresql",
		},
		{
			name:      "optional extras are said and not the system of record",
			manifests: []string{"pyproject.toml"},
			signals: []stack.Signal{
				sig(stack.KindPackage, stack.EcoPyPI, "psycopg", "pyproject.toml", 8),
				sig(stack.KindPackage, stack.EcoPyPI, "pymongo", "pyproject.toml", 30, "optional", "true", "group", "mongo"),
				sig(stack.KindPackage, stack.EcoPyPI, "pymongo", "pyproject.toml", 31, "optional", "true", "group", "all"),
				sig(stack.KindPackage, stack.EcoNPM, "elasticsearch", "pyproject.toml", 32, "group", "optionalDependencies"),
			},
			want:   []string{"postgresql system-of-record", "mongodb secondary optional", "elasticsearch search optional"},
			record: "postgresql",
		},
		{
			name:      "a docs site's search is not the stack",
			manifests: []string{"go.mod", "website/package.json"},
			signals: []stack.Signal{
				sig(stack.KindPackage, stack.EcoGo, "github.com/jackc/pgx/v5", "go.mod", 7),
				sig(stack.KindPackage, stack.EcoNPM, "@docusaurus/core", "website/package.json", 10),
				sig(stack.KindPackage, stack.EcoNPM, "algoliasearch", "website/package.json", 11),
				sig(stack.KindPackage, stack.EcoNPM, "@elastic/elasticsearch", "website/package.json", 12),
			},
			want:   []string{"postgresql system-of-record"},
			record: "postgresql",
		},
		{
			name:      "no database, no system of record",
			manifests: []string{"package.json"},
			signals:   []stack.Signal{sig(stack.KindPackage, stack.EcoNPM, "ioredis", "package.json", 6)},
			want:      []string{"redis cache"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := &detect.Result{Manifests: map[string]string{}, Signals: c.signals}
			for _, m := range c.manifests {
				res.Manifests[m] = "test"
			}
			st := resolve.Build(res, cat)
			var got []string
			for _, d := range st.Datastores {
				s := d.ID + " " + d.Role
				if len(d.Members) > 1 {
					s += " [" + strings.Join(d.Members, " ") + "]"
				}
				if d.Alternatives {
					s += " alt"
				}
				if d.Optional {
					s += " optional"
				}
				got = append(got, s)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("datastores = %q\nwant %q", got, c.want)
			}
			if st.SystemOfRecord != c.record {
				t.Errorf("system of record = %q, want %q", st.SystemOfRecord, c.record)
			}
			if d, ok := st.Record(); ok && !strings.Contains(d.Reason, c.reason) {
				t.Errorf("reason = %q, want it to contain %q", d.Reason, c.reason)
			}
		})
	}
}
