// Package dbconfig detects the datastores an application names only in its
// configuration: Rails database.yml, Spring application properties and
// YAML, .NET appsettings connection strings, .env files, Prisma schemas,
// Django settings, TypeORM, Knex, Drizzle and Alembic
// configuration, and diesel.toml.
//
// Every signal is a KindDatastore signal in the datastore ecosystem whose
// name is a canonical catalog id (postgresql, mysql, mariadb, sqlite, h2,
// hsqldb, sqlserver, oracle, mongodb, redis, cassandra, elasticsearch,
// dynamodb, cockroachdb, clickhouse, neo4j, couchdb, firestore, spanner,
// cosmosdb, memcached, rabbitmq, kafka). Values are never stored: only the
// engine id, the key name (attribute key), the kind of configuration
// (attribute source) and the line. URLs are read for their scheme only.
package dbconfig

import (
	"path"
	"strings"

	"github.com/stacklint/stacklint/detectors/internal/envname"
	"github.com/stacklint/stacklint/internal/lazyregexp"
	"github.com/stacklint/stacklint/internal/stack"
)

// engineAliases maps the words configuration formats use for an engine
// (adapters, drivers, URL schemes, dialects) to canonical ids.
var engineAliases = map[string]string{
	"postgresql": "postgresql", "postgres": "postgresql", "pg": "postgresql", "pgsql": "postgresql",
	"psql": "postgresql", "postgis": "postgresql", "pgnative": "postgresql", "pglite": "postgresql",
	"aurora-postgres": "postgresql", "aurora-postgresql": "postgresql", "jdbcpostgresql": "postgresql",
	"mysql": "mysql", "mysql2": "mysql", "mysqlx": "mysql", "trilogy": "mysql", "mysqli": "mysql",
	"aurora-mysql": "mysql", "jdbcmysql": "mysql", "myxql": "mysql",
	"mariadb": "mariadb",
	"sqlite":  "sqlite", "sqlite3": "sqlite", "better-sqlite3": "sqlite", "better-sqlite": "sqlite",
	"libsql": "sqlite", "turso": "sqlite", "d1": "sqlite", "d1-http": "sqlite", "sqljs": "sqlite", "jdbcsqlite3": "sqlite",
	"sqlserver": "sqlserver", "mssql": "sqlserver", "sqlsrv": "sqlserver", "tedious": "sqlserver", "tds": "sqlserver",
	"jtds": "sqlserver", "sql_server": "sqlserver",
	"oracle": "oracle", "oracledb": "oracle", "oracle_enhanced": "oracle",
	"mongodb": "mongodb", "mongo": "mongodb",
	"redis": "redis", "rediss": "redis", "valkey": "redis",
	"cockroachdb": "cockroachdb", "cockroach": "cockroachdb",
	"clickhouse": "clickhouse", "ch": "clickhouse",
	"neo4j": "neo4j", "bolt": "neo4j",
	"couchdb": "couchdb", "cassandra": "cassandra", "elasticsearch": "elasticsearch",
	"dynamodb": "dynamodb", "memcached": "memcached", "memcache": "memcached",
	"h2": "h2", "hsqldb": "hsqldb",
	"amqp": "rabbitmq", "amqps": "rabbitmq", "rabbitmq": "rabbitmq",
	"kafka": "kafka", "spanner": "spanner", "firestore": "firestore", "cosmosdb": "cosmosdb",
}

// EngineOf maps a word configuration formats use for a datastore engine
// (an adapter, driver, URL scheme or dialect: "pgsql", "mysql2",
// "postgres") to its canonical datastore id ("postgresql", "mysql"), or
// "" when the word names no engine. Suffixes such as "+psycopg" are
// dropped.
func EngineOf(word string) string { return engineOf(word) }

// ambiguousWords are engine aliases too short or too common to name an
// engine as one word of a longer name (a file, matrix key or service
// instance name): .env.ch, a "tds" matrix key, "app-bolt" say nothing. A
// value that is the alias alone still names its engine (EngineOf).
var ambiguousWords = map[string]bool{
	"ch": true, "d1": true, "bolt": true, "tds": true, "jtds": true, "sqljs": true, "turso": true, "libsql": true, "pglite": true,
}

// WordEngine returns the engine one word of a longer name names, "" for
// none and for the ambiguous aliases. Every detector that reads engines
// out of names (dotenv file names, CI matrix keys, Cloud Foundry service
// instances) asks it, so they agree.
func WordEngine(word string) string {
	w := strings.ToLower(word)
	if ambiguousWords[w] {
		return ""
	}
	return engineOf(w)
}

// NameEngine returns the engine of the first word of name (split on "-",
// "_", "." and spaces) that names one (WordEngine): .env.postgres,
// mysql.env, orders-postgres, redis_cache; "" when none does.
func NameEngine(name string) string {
	for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == '-' || r == '_' || r == '.' || r == ' ' }) {
		if e := WordEngine(w); e != "" {
			return e
		}
	}
	return ""
}

// engineOf maps an engine word to its canonical id, or "". Suffixes such as
// "+psycopg" or "+srv" are dropped.
func engineOf(word string) string {
	w := strings.ToLower(strings.TrimSpace(word))
	if i := strings.IndexByte(w, '+'); i > 0 {
		w = w[:i]
	}
	return engineAliases[w]
}

var (
	reScheme = lazyregexp.New(`(?i)\b([a-z][a-z0-9+.-]*)://`)
	reJDBC   = lazyregexp.New(`(?i)\bjdbc:(?:(?:tc|log4jdbc|p6spy|otel|aws-wrapper|tracing):)*([a-z0-9]+):`)
	reR2DBC  = lazyregexp.New(`(?i)\br2dbc:(?:(?:pool|proxy):)*([a-z0-9]+):`)
)

// urlEngine infers an engine from a URL inside a value: a JDBC or R2DBC
// URL or a scheme:// URL. inMemory is set for in-memory H2, HSQLDB and
// SQLite URLs. It returns "" when nothing known is found.
func urlEngine(v string) (engine string, inMemory bool) {
	lv := strings.ToLower(v)
	if m := reJDBC.FindStringSubmatchIndex(lv); m != nil {
		e := engineOf(lv[m[2]:m[3]])
		rest := lv[m[1]:]
		return e, (e == "h2" || e == "hsqldb") && strings.HasPrefix(rest, "mem:") || e == "sqlite" && strings.HasPrefix(rest, ":memory:")
	}
	if m := reR2DBC.FindStringSubmatchIndex(lv); m != nil {
		e := engineOf(lv[m[2]:m[3]])
		return e, e == "h2" && strings.HasPrefix(lv[m[1]:], "mem:")
	}
	for _, m := range reScheme.FindAllStringSubmatch(lv, -1) {
		if e := engineOf(m[1]); e != "" {
			return e, e == "sqlite" && strings.Contains(lv, ":memory:")
		}
	}
	return "", false
}

// isDevName reports whether an environment, profile or file name is a
// development environment's (envname.Dev).
func isDevName(name string) bool { return envname.Dev(name) }

// signal builds a datastore signal. Empty attribute values are dropped.
func signal(engine string, line int, dev bool, attrs ...string) stack.Signal {
	s := stack.Signal{Kind: stack.KindDatastore, Ecosystem: stack.EcoDatastore, Name: engine, Line: line}
	if dev {
		s.Scope = stack.ScopeDev
	}
	for i := 0; i+1 < len(attrs); i += 2 {
		if attrs[i+1] == "" {
			continue
		}
		if s.Attrs == nil {
			s.Attrs = map[string]string{}
		}
		s.Attrs[attrs[i]] = attrs[i+1]
	}
	return s
}

// dedupe keeps the first signal of each engine, scope, source and key.
func dedupe(sigs []stack.Signal) []stack.Signal {
	seen := map[string]bool{}
	out := sigs[:0]
	for _, s := range sigs {
		k := s.Name + "\x00" + s.Scope + "\x00" + s.Attr("source") + "\x00" + s.Attr("key") + "\x00" + s.Attr("profile")
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	return out
}

// stem is a file's base name without its extension.
func stem(p string) string {
	b := path.Base(p)
	return strings.TrimSuffix(b, path.Ext(b))
}
