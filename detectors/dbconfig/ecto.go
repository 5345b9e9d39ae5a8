package dbconfig

import (
	"context"
	"path"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/lazyregexp"
	"github.com/stacklint/stacklint/internal/stack"
)

// Ecto reads Elixir config files and Repo modules for Ecto adapters.
var Ecto = detect.Detector{
	Name:  "ecto-adapter",
	Doc:   "Reads Elixir config/*.exs files and *repo.ex modules for Ecto adapters: `adapter: Ecto.Adapters.Postgres|MyXQL|SQLite3|Tds|ClickHouse` (and Mongo.Ecto) as postgresql, mysql, sqlite, sqlserver, clickhouse or mongodb with source=ecto. config/dev.exs and config/test.exs are dev-scoped.",
	Files: []string{"*.exs", "*.ex"},
	Match: func(p string) bool {
		b := path.Base(p)
		return path.Ext(b) == ".exs" && path.Base(path.Dir(p)) == "config" || strings.HasSuffix(b, "repo.ex")
	},
	Detect: detectEcto,
}

var reEctoAdapter = lazyregexp.New(`adapter:\s*(Ecto\.Adapters\.(\w+)|Mongo\.Ecto)\b`)

var ectoAdapters = map[string]string{
	"Postgres": "postgresql", "MyXQL": "mysql", "MySQL": "mysql", "SQLite3": "sqlite", "Tds": "sqlserver",
	"ClickHouse": "clickhouse", "Mongo": "mongodb",
}

func detectEcto(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	dev := path.Ext(in.Path) == ".exs" && isDevName(stem(in.Path))
	var out []stack.Signal
	for i, l := range strings.Split(string(in.Data), "\n") {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "#") {
			continue
		}
		for _, m := range reEctoAdapter.FindAllStringSubmatch(l, maxLineMatches) {
			e := ectoAdapters[m[2]]
			if m[1] == "Mongo.Ecto" {
				e = "mongodb"
			}
			if e != "" {
				out = append(out, signal(e, i+1, dev, "source", "ecto", "adapter", m[1]))
			}
		}
	}
	return out, nil
}
