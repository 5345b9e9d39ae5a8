package dbconfig

import (
	"context"
	"path"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// DotEnv reads .env files and their committed templates.
var DotEnv = detect.Detector{
	Name: "dotenv-datastore",
	Doc:  "Reads .env, .env.example, .env.sample, .env.dist, .env.template and other .env.* files for the datastores they configure: the scheme of URL values (DATABASE_URL=postgres://..., REDIS_URL, AMQP_URL, jdbc: URLs), engine words of driver keys (Laravel DB_CONNECTION=pgsql|mysql|sqlite|sqlsrv, DB_DIALECT, DB_CLIENT, TYPEORM_CONNECTION...) and key names of well-known families (MONGODB_URI, REDIS_HOST, RABBITMQ_URL, KAFKA_BROKERS, ELASTICSEARCH_URL, PGHOST...). Only the engine, the key name (attribute key) and the line are kept: values are never stored or printed. .env.test, .env.development, .env.local and the like are dev-scoped.",
	Match: func(p string) bool {
		b := path.Base(p)
		return b == ".env" || strings.HasPrefix(b, ".env.") && len(b) > len(".env.")
	},
	Detect: detectDotEnv,
}

// driverKeys name the engine directly in their value.
var driverKeys = map[string]bool{
	"DB_CONNECTION": true, "DB_DRIVER": true, "DB_DIALECT": true, "DB_CLIENT": true, "DB_TYPE": true,
	"DB_ENGINE": true, "DB_ADAPTER": true, "DATABASE_TYPE": true, "DATABASE_DRIVER": true,
	"DATABASE_DIALECT": true, "DATABASE_CLIENT": true, "DATABASE_ENGINE": true, "DATABASE_ADAPTER": true,
	"TYPEORM_CONNECTION": true, "DB_PROVIDER": true, "DATABASE_PROVIDER": true,
}

// keyFamilies map the first word of a key to an engine.
var keyFamilies = map[string]string{
	"MONGO": "mongodb", "MONGODB": "mongodb", "REDIS": "redis", "RABBITMQ": "rabbitmq", "RABBIT": "rabbitmq",
	"AMQP": "rabbitmq", "CLOUDAMQP": "rabbitmq", "KAFKA": "kafka", "ELASTICSEARCH": "elasticsearch",
	"MEMCACHED": "memcached", "MEMCACHE": "memcached", "MEMCACHIER": "memcached", "CLICKHOUSE": "clickhouse",
	"NEO4J": "neo4j", "CASSANDRA": "cassandra", "DYNAMODB": "dynamodb", "COUCHDB": "couchdb",
	"FIRESTORE": "firestore", "SPANNER": "spanner", "COSMOS": "cosmosdb", "COSMOSDB": "cosmosdb",
	"POSTGRES": "postgresql", "POSTGRESQL": "postgresql", "MYSQL": "mysql", "MARIADB": "mariadb",
	"MSSQL": "sqlserver", "SQLSERVER": "sqlserver", "SQLITE": "sqlite", "COCKROACH": "cockroachdb",
	"COCKROACHDB": "cockroachdb", "ORACLE": "oracle",
	"PGHOST": "postgresql", "PGDATABASE": "postgresql", "PGUSER": "postgresql", "PGPASSWORD": "postgresql", "PGPORT": "postgresql",
}

func detectDotEnv(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	suffix := strings.TrimPrefix(path.Base(in.Path), ".env")
	dev := suffix != "" && isDevName(suffix)
	var out []stack.Signal
	for _, e := range parseEnv(string(in.Data)) {
		upper := strings.ToUpper(e.key)
		engine := ""
		if u, _ := urlEngine(e.value); u != "" {
			engine = u
		} else if driverKeys[upper] {
			engine = engineOf(strings.Trim(e.value, `"' `))
		}
		if engine == "" {
			first, _, _ := strings.Cut(upper, "_")
			engine = keyFamilies[first]
		}
		if engine == "" {
			continue
		}
		out = append(out, signal(engine, e.line, dev, "source", "env", "key", e.key))
	}
	return firstPerEngine(out), nil
}

// firstPerEngine keeps the first signal of each engine.
func firstPerEngine(sigs []stack.Signal) []stack.Signal {
	seen := map[string]bool{}
	var out []stack.Signal
	for _, s := range sigs {
		if !seen[s.Name] {
			seen[s.Name] = true
			out = append(out, s)
		}
	}
	return out
}

type envEntry struct {
	key, value string
	line       int
}

// parseEnv reads KEY=VALUE lines (optional `export`, quotes, comments).
// Multi-line quoted values are skipped over. The values it returns must
// never leave this package.
func parseEnv(src string) []envEntry {
	var out []envEntry
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if l == "" || l[0] == '#' {
			continue
		}
		l = strings.TrimPrefix(l, "export ")
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			continue
		}
		k = strings.TrimSpace(k)
		if k == "" || strings.ContainsAny(k, " \t\"'") {
			continue
		}
		v = strings.TrimSpace(v)
		start := i + 1
		if len(v) > 0 && (v[0] == '"' || v[0] == '\'') {
			q := v[0]
			body := v[1:]
			for !strings.ContainsRune(body, rune(q)) && i+1 < len(lines) && i+1-start < 200 {
				i++
				body += "\n" + lines[i]
			}
			if j := strings.IndexByte(body, q); j >= 0 {
				body = body[:j]
			}
			v = body
		} else if j := strings.Index(v, " #"); j >= 0 {
			v = v[:j]
		}
		out = append(out, envEntry{key: k, value: v, line: start})
	}
	return out
}
