package dbconfig

import (
	"context"
	"path"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/lazyregexp"
	"github.com/stacklint/stacklint/internal/stack"
)

// TypeORM reads ormconfig files.
var TypeORM = detect.Detector{
	Name:  "typeorm-config",
	Doc:   "Reads TypeORM ormconfig.json/.js/.ts/.yml/.yaml: each connection's `type` (postgres, mysql, mariadb, sqlite, better-sqlite3, mssql, oracle, mongodb, cockroachdb, aurora-*...) as a datastore with source=typeorm.",
	Files: []string{"ormconfig.json", "ormconfig.js", "ormconfig.cjs", "ormconfig.mjs", "ormconfig.ts", "ormconfig.yml", "ormconfig.yaml"},
	Match: func(p string) bool {
		return matchStem(p, "ormconfig", ".json", ".js", ".cjs", ".mjs", ".ts", ".yml", ".yaml")
	},
	Detect: func(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
		return scanConfig(in, reTypeORMType, "typeorm"), nil
	},
}

// Knex reads knexfiles.
var Knex = detect.Detector{
	Name:  "knexfile",
	Doc:   "Reads knexfile.js/.ts: each `client:` (pg, mysql, mysql2, sqlite3, better-sqlite3, mssql, oracledb, cockroachdb) as a datastore with source=knex; a client inside a development/test/local environment block is dev-scoped.",
	Files: []string{"knexfile.js", "knexfile.cjs", "knexfile.mjs", "knexfile.ts"},
	Match: func(p string) bool { return matchStem(p, "knexfile", ".js", ".cjs", ".mjs", ".ts") },
	Detect: func(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
		return scanConfig(in, reKnexClient, "knex"), nil
	},
}

// Drizzle reads drizzle-kit configuration.
var Drizzle = detect.Detector{
	Name:  "drizzle-config",
	Doc:   "Reads drizzle.config.ts/.js/.mjs/.json: the `dialect` (postgresql, mysql, sqlite, turso) and the older `driver` (pg, mysql2, better-sqlite, libsql, d1...) as a datastore with source=drizzle.",
	Files: []string{"drizzle.config.json", "drizzle.config.js", "drizzle.config.cjs", "drizzle.config.mjs", "drizzle.config.ts"},
	Match: func(p string) bool { return matchStem(p, "drizzle.config", ".json", ".js", ".cjs", ".mjs", ".ts") },
	Detect: func(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
		return scanConfig(in, reDrizzle, "drizzle"), nil
	},
}

var (
	reTypeORMType = lazyregexp.New(`(?m)^\s*["']?type["']?\s*[:=]\s*["']?([\w-]+)`)
	reKnexClient  = lazyregexp.New(`\bclient["']?\s*:\s*["']([\w-]+)["']`)
	reDrizzle     = lazyregexp.New(`\b(?:dialect|driver)["']?\s*:\s*["']([\w-]+)["']`)
)

// matchStem reports whether the base name is stem plus one of exts.
func matchStem(p, stem string, exts ...string) bool {
	b := path.Base(p)
	if !strings.HasPrefix(b, stem) {
		return false
	}
	for _, e := range exts {
		if b[len(stem):] == e {
			return true
		}
	}
	return false
}

// scanConfig finds every engine word the pattern captures outside //
// comments, dev-scoping those inside development-like blocks.
func scanConfig(in *detect.Input, re *lazyregexp.Regexp, source string) []stack.Signal {
	src := string(in.Data)
	var out []stack.Signal
	line, lineOff, ls := 1, 0, 0
	for _, m := range re.FindAllStringSubmatchIndex(src, maxConfigMatches) {
		if seg := src[lineOff:m[0]]; strings.Contains(seg, "\n") {
			line += strings.Count(seg, "\n")
			ls = lineOff + strings.LastIndexByte(seg, '\n') + 1
		}
		lineOff = m[0]
		before := src[max(ls, m[0]-maxEnclosingScan):m[0]]
		if strings.Contains(before, "//") || strings.HasPrefix(strings.TrimSpace(before), "#") {
			continue
		}
		e := engineOf(src[m[2]:m[3]])
		if e == "" {
			e = typeormExtra[strings.ToLower(src[m[2]:m[3]])]
		}
		if e == "" {
			continue
		}
		env := enclosingKey(src, m[0])
		out = append(out, signal(e, line, env != "" && isDevName(env), "source", source, "environment", envName(env)))
	}
	return dedupe(out)
}

// envName keeps an enclosing key only when it names an environment.
func envName(k string) string {
	switch strings.ToLower(k) {
	case "development", "dev", "test", "testing", "local", "ci", "staging", "production", "prod", "e2e":
		return k
	}
	return ""
}

// typeormExtra are TypeORM driver types beyond the common engine words.
var typeormExtra = map[string]string{
	"capacitor": "sqlite", "cordova": "sqlite", "expo": "sqlite", "nativescript": "sqlite", "react-native": "sqlite",
}

// maxEnclosingScan bounds how far back enclosingKey looks, keeping scans
// of hostile files linear.
const maxEnclosingScan = 4 << 10

// maxConfigMatches bounds the matches read in one configuration file.
const maxConfigMatches = 1000

// enclosingKey returns the key of the object literal enclosing offset off
// (`development: { client: 'sqlite3' }` gives "development"), or "".
func enclosingKey(src string, off int) string {
	depth := 0
	stop := max(off-maxEnclosingScan, 0)
	for i := off - 1; i >= stop; i-- {
		switch src[i] {
		case '}':
			depth++
		case '{':
			if depth > 0 {
				depth--
				continue
			}
			j := i - 1
			for j >= 0 && (src[j] == ' ' || src[j] == '\t' || src[j] == '\n' || src[j] == '\r') {
				j--
			}
			if j < 0 || src[j] != ':' {
				return ""
			}
			j--
			for j >= 0 && (src[j] == ' ' || src[j] == '\t') {
				j--
			}
			end := j + 1
			for j >= 0 && (isWordByte(src[j]) || src[j] == '"' || src[j] == '\'') {
				j--
			}
			return strings.Trim(src[j+1:end], `"'`)
		}
	}
	return ""
}

func isWordByte(c byte) bool {
	return c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
