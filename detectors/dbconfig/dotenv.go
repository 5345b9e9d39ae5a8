package dbconfig

import (
	"context"
	"path"
	"strings"

	"github.com/stacklint/stacklint/detectors/internal/dotenv"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// DotEnv reads .env files and their committed templates.
var DotEnv = detect.Detector{
	Name:   "dotenv-datastore",
	Doc:    "Reads .env, .env.example, .env.sample, .env.dist, .env.template and other .env.* files for the datastores they configure: the scheme of URL values (DATABASE_URL=postgres://..., REDIS_URL, AMQP_URL, jdbc: URLs), engine words of driver keys (Laravel DB_CONNECTION=pgsql|mysql|sqlite|sqlsrv, DB_DIALECT, DB_CLIENT, TYPEORM_CONNECTION...) and key names of well-known families (MONGODB_URI, REDIS_HOST, RABBITMQ_URL, KAFKA_BROKERS, ELASTICSEARCH_URL, PGHOST...). Only the engine, the key name (attribute key) and the line are kept: values are never stored or printed. Development-only files (envname.DevParts: .env.test, .env.development, .env.local, .env.ci and the like, not .env.production.local) are dev-scoped. A file named after an engine (.env.postgres, .env.docker.mariadb, env/mysql.env, postgres.env; other *.env files are not read) is a per-engine configuration: it gives that engine (from the first entry's key, or line 1 when no key names it) and every signal carries attrs environment=<engine> (a provider chosen at deploy time) and supported=env-file. Patches, backups, encrypted and other non-dotenv files (.env.patch, .env.diff, .env.orig, .env.rej, .env.bak, .env.swp, .env.gpg, .env.age, .env.enc, .env.vault, .env.lock, .env.md...) are not read; lines that are not KEY=VALUE are skipped, never errors.",
	Files:  []string{".env", ".env.*", "*.env"},
	Match:  matchDotEnv,
	Detect: detectDotEnv,
}

// matchDotEnv matches .env and .env.<something> unless a part of the name
// says the file is a patch, backup, encrypted copy or another format.
func matchDotEnv(p string) bool {
	b := path.Base(p)
	if b == ".env" {
		return true
	}
	if stem, ok := strings.CutSuffix(b, ".env"); ok && stem != "" && !strings.HasPrefix(stem, ".") {
		return NameEngine(stem) != ""
	}
	return dotenv.IsName(b)
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
	b := path.Base(in.Path)
	suffix := strings.TrimPrefix(b, ".env")
	if stem, ok := strings.CutSuffix(b, ".env"); ok && !strings.HasPrefix(b, ".env") {
		suffix = stem
	}
	dev := dotenv.DevOnly(b)
	// A file named after an engine (.env.postgres, env/mysql.env) configures
	// that engine as one the product supports, chosen at deploy time.
	fileEngine := NameEngine(suffix)
	out := detectEnvEntries(in, dev)
	if fileEngine == "" {
		return out, nil
	}
	named := false
	for i := range out {
		out[i].Attrs["environment"] = fileEngine
		out[i].Attrs[stack.AttrSupported] = "env-file"
		named = named || out[i].Name == fileEngine
	}
	if !named {
		line, key := 1, ""
		if es, _ := dotenv.Parse(in.Data, false); len(es) > 0 {
			line, key = es[0].Line, es[0].Key
		}
		out = append([]stack.Signal{signal(fileEngine, line, dev, "source", "env", "key", key, "environment", fileEngine, stack.AttrSupported, "env-file")}, out...)
	}
	return out, nil
}

// detectEnvEntries reads the datastores an env file's entries configure.
func detectEnvEntries(in *detect.Input, dev bool) []stack.Signal {
	var out []stack.Signal
	entries, _ := dotenv.Parse(in.Data, false)
	for _, e := range entries {
		upper := strings.ToUpper(e.Key)
		engine := ""
		if u, _ := urlEngine(e.Value); u != "" {
			engine = u
		} else if driverKeys[upper] {
			engine = engineOf(strings.Trim(e.Value, `"' `))
		}
		if engine == "" {
			first, _, _ := strings.Cut(upper, "_")
			engine = keyFamilies[first]
		}
		if engine == "" {
			continue
		}
		out = append(out, signal(engine, e.Line, dev, "source", "env", "key", e.Key))
	}
	return firstPerEngine(out)
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
