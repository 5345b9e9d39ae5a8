package dbconfig

import (
	"bytes"
	"context"
	"path"
	"strings"

	"github.com/stacklint/stacklint/detectors/internal/jsonc"
	"github.com/stacklint/stacklint/detectors/internal/jsonleaf"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/lazyregexp"
	"github.com/stacklint/stacklint/internal/stack"
)

// AppSettings reads .NET appsettings*.json files.
var AppSettings = detect.Detector{
	Name:  "appsettings",
	Doc:   "Reads .NET appsettings.json and appsettings.<Environment>.json: each `ConnectionStrings` entry, whose engine is inferred from the connection string's shape (Host=/Username= is PostgreSQL, Initial Catalog/Trusted_Connection/Integrated Security is SQL Server, Server=/Uid= is MySQL, Data Source=app.db is SQLite, AccountEndpoint= is Cosmos DB, a mongodb:// URL is MongoDB, host:6379 or a Redis-named key is Redis...), plus URLs of known schemes anywhere, Redis sections, Kafka BootstrapServers and RabbitMQ sections. Signals carry only the key name (attribute key) and source; the connection string is never stored. appsettings.Development.json (and Test, Local, CI) is dev-scoped.",
	Files: []string{"appsettings*"},
	Match: func(p string) bool {
		b := path.Base(p)
		return strings.HasPrefix(b, "appsettings") && strings.HasSuffix(b, ".json")
	},
	Detect: detectAppSettings,
}

func detectAppSettings(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	env := strings.TrimPrefix(strings.TrimPrefix(stem(in.Path), "appsettings"), ".")
	dev := env != "" && isDevName(env)
	data := bytes.TrimPrefix(in.Data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil
	}
	var out []stack.Signal
	err := jsonleaf.Walk(jsonc.Strip(data), func(l jsonleaf.Leaf) {
		v, ok := l.Value.(string)
		if !ok || len(l.Path) == 0 {
			return
		}
		key := strings.Join(l.Path, ":")
		if len(l.Path) == 2 && strings.EqualFold(l.Path[0], "ConnectionStrings") {
			if e := connStringEngine(l.Path[1], v); e != "" {
				out = append(out, signal(e, l.Line, dev, "source", "connection-string", "key", l.Path[1]))
			}
			return
		}
		if e := settingEngine(l.Path, v); e != "" {
			out = append(out, signal(e, l.Line, dev, "source", "appsettings", "key", key))
		}
	})
	return dedupe(out), err
}

var reHostPort = lazyregexp.New(`^[\w.\-]+:\d{2,5}$`)

// settingEngine reads settings outside ConnectionStrings: URLs of known
// schemes and well-known sections.
func settingEngine(p []string, v string) string {
	if e, _ := urlEngine(v); e != "" {
		return e
	}
	last := strings.ToLower(p[len(p)-1])
	joined := strings.ToLower(strings.Join(p, ":"))
	first, _, _ := strings.Cut(strings.TrimSpace(v), ",")
	switch {
	case strings.Contains(joined, "redis") && (reHostPort.MatchString(first) || oneOf(last, "connectionstring", "configuration", "host", "hostname", "endpoint", "endpoints", "server", "servers", "url")):
		return "redis"
	case last == "bootstrapservers" || last == "bootstrap.servers" || strings.Contains(joined, "kafka") && oneOf(last, "brokers", "brokerlist", "servers"):
		return "kafka"
	case strings.Contains(joined, "rabbitmq") && oneOf(last, "host", "hostname", "uri", "url", "connectionstring", "hosts"):
		return "rabbitmq"
	case strings.Contains(joined, "cosmos") && oneOf(last, "accountendpoint", "endpoint", "connectionstring", "uri"):
		return "cosmosdb"
	case strings.Contains(joined, "elasticsearch") && oneOf(last, "url", "uri", "nodes", "node", "host", "hosts", "cloudid", "connectionstring"):
		return "elasticsearch"
	case strings.Contains(joined, "mongo") && oneOf(last, "connectionstring", "connection", "host", "url", "uri"):
		return "mongodb"
	case strings.Contains(joined, "dynamodb") && oneOf(last, "serviceurl", "endpoint", "region", "tablename"):
		return "dynamodb"
	case strings.Contains(joined, "memcache") && oneOf(last, "servers", "host", "server", "address"):
		return "memcached"
	}
	return ""
}

func oneOf(s string, set ...string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}

// nameHint infers an engine from a connection string's name.
func nameHint(name string) string {
	n := strings.ToLower(name)
	for _, p := range []struct{ word, engine string }{
		{"postgres", "postgresql"}, {"npgsql", "postgresql"}, {"pgsql", "postgresql"}, {"cockroach", "cockroachdb"},
		{"mariadb", "mariadb"}, {"mysql", "mysql"}, {"sqlite", "sqlite"}, {"sqlserver", "sqlserver"},
		{"mssql", "sqlserver"}, {"oracle", "oracle"}, {"mongo", "mongodb"}, {"redis", "redis"},
		{"cosmos", "cosmosdb"}, {"rabbit", "rabbitmq"}, {"kafka", "kafka"}, {"elastic", "elasticsearch"},
		{"clickhouse", "clickhouse"}, {"cassandra", "cassandra"}, {"neo4j", "neo4j"},
	} {
		if strings.Contains(n, p.word) {
			return p.engine
		}
	}
	return ""
}

var reFileDB = lazyregexp.New(`(?i)(\.db|\.db3|\.sqlite3?|:memory:)$`)

// connStringEngine infers the engine of a .NET connection string from its
// shape, with the entry's name as a hint.
func connStringEngine(name, v string) string {
	hint := nameHint(name)
	lv := strings.ToLower(strings.TrimSpace(v))
	if lv == "" {
		return hint
	}
	if e, _ := urlEngine(lv); e != "" {
		return e
	}
	kv := map[string]string{}
	for _, part := range strings.Split(lv, ";") {
		k, val, ok := strings.Cut(part, "=")
		if !ok {
			continue
		}
		kv[strings.ReplaceAll(strings.TrimSpace(k), " ", "")] = strings.TrimSpace(val)
	}
	has := func(ks ...string) bool {
		for _, k := range ks {
			if _, ok := kv[k]; ok {
				return true
			}
		}
		return false
	}
	port := kv["port"]
	// StackExchange.Redis: "host:6379,password=...,ssl=False".
	first, _, _ := strings.Cut(lv, ",")
	if !strings.Contains(first, "=") && (reHostPort.MatchString(strings.TrimSpace(first)) || strings.Contains(lv, "abortconnect")) {
		if hint == "redis" || strings.HasSuffix(first, ":6379") || strings.HasSuffix(first, ":6380") || strings.Contains(lv, "abortconnect") {
			return "redis"
		}
		return hint
	}
	server := kv["server"] + kv["datasource"] + kv["addr"] + kv["address"] + kv["networkaddress"]
	switch {
	case has("accountendpoint"):
		return "cosmosdb"
	case port == "5432" || port == "26257" && hint == "cockroachdb":
		return orHint(hint, "postgresql", "cockroachdb")
	case port == "3306":
		return orHint(hint, "mysql", "mariadb")
	case port == "1433":
		return "sqlserver"
	case port == "1521" || strings.Contains(kv["datasource"], "(description") || strings.Contains(kv["datasource"], ":1521"):
		return "oracle"
	case has("initialcatalog", "trusted_connection", "integratedsecurity", "multipleactiveresultsets", "trustservercertificate", "attachdbfilename", "applicationintent", "multisubnetfailover") ||
		strings.Contains(server, "(localdb)") || strings.HasPrefix(server, "tcp:") || strings.Contains(server, ".database.windows.net") || strings.Contains(server, `\sqlexpress`):
		return "sqlserver"
	case has("host") && !has("server", "datasource"):
		return orHint(hint, "postgresql", "cockroachdb", "mysql", "mariadb")
	case has("datasource", "filename") && (reFileDB.MatchString(kv["datasource"]) || reFileDB.MatchString(kv["filename"]) || len(kv) == 1):
		return "sqlite"
	case has("uid", "pwd", "user", "allowuservariables", "convertzerodatetime", "allowpublickeyretrieval", "charset"):
		return orHint(hint, "mysql", "mariadb", "postgresql")
	case hint != "":
		return hint
	case has("server", "datasource") && has("database", "userid", "password"):
		return "sqlserver"
	}
	return ""
}

// orHint returns the hint when it is one of the allowed engines, else def.
func orHint(hint, def string, allowed ...string) string {
	if hint == def {
		return def
	}
	for _, a := range allowed {
		if hint == a {
			return a
		}
	}
	return def
}
