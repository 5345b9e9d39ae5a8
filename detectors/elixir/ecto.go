package elixir

import (
	"context"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// RepoDetector reads Ecto Repo modules for their adapter; config/*.exs
// files are ConfigDetector's.
var RepoDetector = detect.Detector{
	Name: "ecto-adapter",
	Doc: "Reads Ecto Repo modules (*repo.ex, with the mix.exs tokenizer) for their adapter: `use Ecto.Repo, adapter: Ecto.Adapters.Postgres` " +
		"as a datastore, the same way elixir-config reads an adapter in config/*.exs (" + ectoAdaptersDoc + ").",
	Files:  []string{"*.ex"},
	Match:  func(p string) bool { return strings.HasSuffix(p, "repo.ex") },
	Detect: detectRepo,
}

// ectoAdaptersDoc says what ectoAdapters maps, for the detectors' Doc.
const ectoAdaptersDoc = "`adapter: Ecto.Adapters.Postgres|MyXQL|SQLite3|Tds|ClickHouse` (and Mongo.Ecto) as postgresql, mysql, sqlite, sqlserver, " +
	"clickhouse or mongodb with attrs source=ecto and adapter"

// ectoAdapters maps the last part of an Ecto.Adapters module to its
// datastore engine.
var ectoAdapters = map[string]string{
	"Postgres": "postgresql", "MyXQL": "mysql", "MySQL": "mysql", "SQLite3": "sqlite", "Tds": "sqlserver",
	"ClickHouse": "clickhouse", "Mongo": "mongodb",
}

// ectoEngine returns the datastore engine an adapter module stands for
// (Ecto.Adapters.Postgres, Mongo.Ecto), "" for other modules.
func ectoEngine(mod string) string {
	if mod == "Mongo.Ecto" {
		return "mongodb"
	}
	if rest, ok := strings.CutPrefix(mod, "Ecto.Adapters."); ok {
		return ectoAdapters[rest]
	}
	return ""
}

// ectoSignal is the datastore signal of an Ecto adapter module.
func ectoSignal(engine, mod string, line int, dev bool) stack.Signal {
	s := stack.Signal{Kind: stack.KindDatastore, Ecosystem: stack.EcoDatastore, Name: engine, Line: line,
		Attrs: map[string]string{"source": "ecto", "adapter": mod}}
	if dev {
		s.Scope = stack.ScopeDev
	}
	return s
}

// adapterAt returns the adapter module of an `adapter:` keyword at
// toks[i] and its line, "" when toks[i] is not one.
func adapterAt(toks []token, i int) (string, int) {
	t := toks[i]
	if t.kind != tKey || t.text != "adapter" || i+1 >= len(toks) || toks[i+1].kind != tIdent || !isAlias(toks[i+1].text) {
		return "", 0
	}
	mod, _ := aliasAt(toks, i+1)
	return mod, toks[i+1].line
}

func detectRepo(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	toks, err := lex(string(in.Data))
	var out []stack.Signal
	for i := range toks {
		if mod, line := adapterAt(toks, i); mod != "" {
			if e := ectoEngine(mod); e != "" {
				out = append(out, ectoSignal(e, mod, line, false))
			}
		}
	}
	return out, err
}
