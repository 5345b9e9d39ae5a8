package dbconfig

import (
	"context"
	"errors"
	"path"
	"strconv"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// Spring reads Spring Boot (and Quarkus, Micronaut) application files.
var Spring = detect.Detector{
	Name:  "spring-config",
	Doc:   "Reads Spring Boot application.properties/.yml/.yaml, their profile variants (application-prod.yml) and bootstrap files (Quarkus and Micronaut use the same names), YAML flattened to dotted keys, every document of a multi-document file: JDBC and R2DBC URLs (spring.datasource.url, flyway, liquibase, any key) give the engine from the sub-protocol (attribute in_memory=true for jdbc:h2:mem:), driver-class-name and Hibernate dialects too; spring.data.mongodb.*, spring.data.redis.*/spring.redis.*, spring.data.elasticsearch.*, spring.data.cassandra.*, spring.neo4j.*, spring.kafka.*, spring.rabbitmq.*, Spring Cloud GCP Spanner/Firestore, Azure Cosmos DB and quarkus.datasource.db-kind name theirs; mongodb://, redis:// and amqp:// URLs under any key count too. Attributes: source, key, profile. A dev, test, local, ci or integration profile (file name or spring.config.activate.on-profile) is dev-scoped. Values are never stored.",
	Files: []string{"application.properties", "application.yml", "application.yaml", "application-*", "bootstrap.properties", "bootstrap.yml", "bootstrap.yaml", "bootstrap-*"},
	Match: func(p string) bool {
		b := path.Base(p)
		var rest string
		switch {
		case strings.HasPrefix(b, "application"):
			rest = b[len("application"):]
		case strings.HasPrefix(b, "bootstrap"):
			rest = b[len("bootstrap"):]
		default:
			return false
		}
		ext := path.Ext(rest)
		if ext != ".properties" && ext != ".yml" && ext != ".yaml" {
			return false
		}
		rest = rest[:len(rest)-len(ext)]
		return rest == "" || rest[0] == '-' && len(rest) > 1
	},
	Detect: detectSpring,
}

// springProfile is the profile of a file name (application-test.yml: test).
func springProfile(p string) string {
	s := stem(p)
	if _, prof, ok := strings.Cut(s, "-"); ok {
		return prof
	}
	return ""
}

func detectSpring(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	fileProfile := springProfile(in.Path)
	var docs [][]leaf
	var err error
	if path.Ext(in.Path) == ".properties" {
		docs = parseProperties(string(in.Data))
	} else {
		nodes, yerr := yamlDocs(in.Data)
		err = yerr
		f := newFlattener()
		for _, n := range nodes {
			docs = append(docs, f.flatten(n))
			if f.exhausted {
				err = errors.Join(err, detect.Errorf(n.Line, n.Column, "YAML aliases and keys expand beyond %d nodes or %d MiB from here; the rest of the file is not read", flattenNodes, flattenBytes>>20))
				break
			}
		}
	}
	var out []stack.Signal
	for _, doc := range docs {
		profile := fileProfile
		for _, l := range doc {
			switch normKey(l.key) {
			case "spring.config.activate.onprofile", "spring.profiles":
				profile = l.value
			}
		}
		dev := profile != "" && isDevName(profile)
		for _, l := range doc {
			engine, source, mem := springRule(l.key, l.value)
			if engine == "" {
				continue
			}
			inMem := ""
			if mem {
				inMem = "true"
			}
			out = append(out, signal(engine, l.line, dev, "source", source, "key", l.key, "profile", profile, "in_memory", inMem))
		}
	}
	return dedupeByPrefix(out), err
}

// dedupeByPrefix keeps one signal per engine, source and profile for the
// key families (spring.data.redis.host, .port...), but every JDBC URL.
func dedupeByPrefix(sigs []stack.Signal) []stack.Signal {
	seen := map[string]bool{}
	var out []stack.Signal
	for _, s := range sigs {
		k := s.Name + "\x00" + s.Scope + "\x00" + s.Attr("source") + "\x00" + s.Attr("profile")
		switch s.Attr("source") {
		case "spring-datasource", "spring-r2dbc", "jdbc-url", "url":
			k += "\x00" + s.Attr("key")
		}
		at := s.Name + "\x00" + s.Scope + "\x00" + strconv.Itoa(s.Line)
		if seen[k] || seen[at] {
			continue
		}
		seen[k], seen[at] = true, true
		out = append(out, s)
	}
	return out
}

// normKey lowercases a key and drops - and _ (Spring's relaxed binding).
func normKey(k string) string {
	return strings.NewReplacer("-", "", "_", "").Replace(strings.ToLower(k))
}

// springPrefixes map key families to engines and sources.
var springPrefixes = []struct{ prefix, engine, source string }{
	{"spring.data.mongodb.", "mongodb", "spring-data-mongodb"},
	{"spring.mongodb.", "mongodb", "spring-data-mongodb"},
	{"spring.data.redis.", "redis", "spring-data-redis"},
	{"spring.redis.", "redis", "spring-data-redis"},
	{"spring.data.elasticsearch.", "elasticsearch", "spring-elasticsearch"},
	{"spring.elasticsearch.", "elasticsearch", "spring-elasticsearch"},
	{"spring.data.cassandra.", "cassandra", "spring-data-cassandra"},
	{"spring.cassandra.", "cassandra", "spring-data-cassandra"},
	{"spring.data.neo4j.", "neo4j", "spring-data-neo4j"},
	{"spring.neo4j.", "neo4j", "spring-data-neo4j"},
	{"spring.data.couchbase.", "", ""},
	{"spring.kafka.", "kafka", "spring-kafka"},
	{"spring.rabbitmq.", "rabbitmq", "spring-rabbitmq"},
	{"spring.cloud.gcp.spanner.", "spanner", "spring-cloud-gcp"},
	{"spring.cloud.gcp.firestore.", "firestore", "spring-cloud-gcp"},
	{"spring.cloud.azure.cosmos.", "cosmosdb", "spring-cloud-azure"},
	{"azure.cosmos.", "cosmosdb", "spring-cloud-azure"},
	{"spring.cloud.aws.dynamodb.", "dynamodb", "spring-cloud-aws"},
	{"quarkus.mongodb.", "mongodb", "quarkus"},
	{"quarkus.redis.", "redis", "quarkus"},
	{"quarkus.kafka.", "kafka", "quarkus"},
	{"quarkus.rabbitmq.", "rabbitmq", "quarkus"},
	{"quarkus.elasticsearch.", "elasticsearch", "quarkus"},
	{"kafka.bootstrap.servers", "kafka", "kafka"},
	{"kafka.bootstrapservers", "kafka", "kafka"},
}

// driverClasses map JDBC driver classes to engines.
var driverClasses = map[string]string{
	"org.postgresql.driver":                        "postgresql",
	"com.mysql.cj.jdbc.driver":                     "mysql",
	"com.mysql.jdbc.driver":                        "mysql",
	"org.mariadb.jdbc.driver":                      "mariadb",
	"org.h2.driver":                                "h2",
	"org.hsqldb.jdbc.jdbcdriver":                   "hsqldb",
	"org.hsqldb.jdbcdriver":                        "hsqldb",
	"com.microsoft.sqlserver.jdbc.sqlserverdriver": "sqlserver",
	"net.sourceforge.jtds.jdbc.driver":             "sqlserver",
	"oracle.jdbc.oracledriver":                     "oracle",
	"oracle.jdbc.driver.oracledriver":              "oracle",
	"org.sqlite.jdbc":                              "sqlite",
	"com.clickhouse.jdbc.clickhousedriver":         "clickhouse",
	"ru.yandex.clickhouse.clickhousedriver":        "clickhouse",
}

// dialectEngine reads a Hibernate dialect class or a database platform name.
func dialectEngine(v string) string {
	lv := strings.ToLower(v)
	if i := strings.LastIndexByte(lv, '.'); i >= 0 {
		lv = lv[i+1:]
	}
	for _, p := range []struct{ word, engine string }{
		{"postgres", "postgresql"}, {"cockroach", "cockroachdb"}, {"mariadb", "mariadb"}, {"mysql", "mysql"},
		{"h2", "h2"}, {"hsql", "hsqldb"}, {"sqlserver", "sqlserver"}, {"oracle", "oracle"}, {"sqlite", "sqlite"},
	} {
		if strings.Contains(lv, p.word) {
			return p.engine
		}
	}
	return ""
}

// springRule decides the engine a key/value names, with its source.
func springRule(key, value string) (engine, source string, inMemory bool) {
	nk := normKey(key)
	if e, mem := urlEngine(value); e != "" {
		lv := strings.ToLower(value)
		switch {
		case strings.HasPrefix(nk, "spring.datasource."):
			source = "spring-datasource"
		case strings.HasPrefix(nk, "spring.r2dbc."):
			source = "spring-r2dbc"
		case strings.HasPrefix(nk, "spring.flyway."):
			source = "spring-flyway"
		case strings.HasPrefix(nk, "spring.liquibase."):
			source = "spring-liquibase"
		case strings.HasPrefix(nk, "quarkus.datasource."):
			source = "quarkus-datasource"
		case strings.Contains(lv, "jdbc:"):
			source = "jdbc-url"
		case strings.Contains(lv, "r2dbc:"):
			source = "r2dbc-url"
		default:
			source = "url"
			for _, p := range springPrefixes {
				if strings.HasPrefix(nk, p.prefix) && p.engine == e {
					source = p.source
				}
			}
		}
		return e, source, mem
	}
	switch {
	case strings.HasSuffix(nk, ".driverclassname") || strings.HasSuffix(nk, ".driverclass"):
		if e := driverClasses[strings.ToLower(strings.TrimSpace(value))]; e != "" {
			return e, "driver-class", false
		}
		return "", "", false
	case strings.HasPrefix(nk, "spring.jpa.") && (strings.HasSuffix(nk, "databaseplatform") || strings.HasSuffix(nk, ".dialect")),
		strings.HasSuffix(nk, "hibernate.dialect"):
		if e := dialectEngine(value); e != "" {
			return e, "spring-jpa", false
		}
		return "", "", false
	case nk == "spring.jpa.database":
		if e := engineOf(value); e != "" {
			return e, "spring-jpa", false
		}
		return dialectEngine(value), "spring-jpa", false
	case strings.HasPrefix(nk, "quarkus.datasource.") && strings.HasSuffix(nk, "dbkind"):
		return engineOf(value), "quarkus-datasource", false
	}
	for _, p := range springPrefixes {
		if strings.HasPrefix(nk, p.prefix) {
			return p.engine, p.source, false
		}
	}
	return "", "", false
}

// parseProperties reads a Java properties file into documents (split at
// `#---` or `!---` lines, as Spring Boot does).
func parseProperties(src string) [][]leaf {
	var docs [][]leaf
	var cur []leaf
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		start := i + 1
		l := strings.TrimLeft(lines[i], " \t\f")
		if l == "#---" || l == "!---" {
			docs = append(docs, cur)
			cur = nil
			continue
		}
		if l == "" || l[0] == '#' || l[0] == '!' {
			continue
		}
		if strings.HasSuffix(l, `\`) && !strings.HasSuffix(l, `\\`) {
			var b strings.Builder
			for strings.HasSuffix(l, `\`) && !strings.HasSuffix(l, `\\`) && i+1 < len(lines) {
				b.WriteString(l[:len(l)-1])
				i++
				l = strings.TrimLeft(lines[i], " \t\f")
			}
			b.WriteString(l)
			l = b.String()
		}
		key, val := splitProperty(l)
		if key != "" {
			cur = append(cur, leaf{key: key, value: val, line: start})
		}
	}
	return append(docs, cur)
}

// splitProperty splits `key=value`, `key: value` or `key value`.
func splitProperty(l string) (key, value string) {
	for i := 0; i < len(l); i++ {
		switch l[i] {
		case '\\':
			i++
		case '=', ':', ' ', '\t':
			key = strings.ReplaceAll(l[:i], `\`, "")
			rest := strings.TrimLeft(l[i:], " \t")
			if rest != "" && (rest[0] == '=' || rest[0] == ':') {
				rest = rest[1:]
			}
			return key, strings.TrimSpace(rest)
		}
	}
	return strings.ReplaceAll(l, `\`, ""), ""
}
