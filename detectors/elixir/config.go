package elixir

import (
	"context"
	"path"
	"strings"

	"github.com/stacklint/stacklint/detectors/internal/envname"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// ConfigDetector reads Elixir configuration files for the libraries they
// configure and the datastores their Ecto adapters name.
var ConfigDetector = detect.Detector{
	Name: "elixir-config",
	Doc: "Reads Elixir configuration (config/*.exs) with the mix.exs tokenizer, nothing evaluated, each file once, for the libraries it configures and the datastores its Ecto adapters name: the application of each `config :app, ...` " +
		"(`config :sentry`, `config :ex_aws`), a configured module or key named after a library (`config :my_app, Oban, ...`, `config :my_app, :redix, ...`), " +
		"and the library of an `adapter:`, `engine:`, `notifier:` or `client:` module (`adapter: Swoosh.Adapters.Postmark` is swoosh, `engine: Oban.Engines.Basic` oban), " +
		"each as a Hex package (snake_case of the module's first part; attrs source=config and module), at its line, so the catalog says what it is; " +
		"a package the project's mix.exs declares is left to it (its evidence is the declaration). " +
		"An Ecto adapter is also a datastore: " + ectoAdaptersDoc + ". " +
		"config/dev.exs, config/test.exs and other development environments (envname.DevParts, as for every environment name) are dev-scoped.",
	Files:  []string{"*.exs"},
	Match:  func(p string) bool { return path.Ext(p) == ".exs" && path.Base(path.Dir(p)) == "config" },
	Detect: detectConfig,
}

// moduleKeys are keyword keys whose value is a module of a library.
var moduleKeys = map[string]bool{"adapter": true, "engine": true, "notifier": true, "client": true, "http_client": true, "backend": true}

func detectConfig(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	dev := envname.Dev(strings.TrimSuffix(path.Base(in.Path), ".exs"))
	toks, err := lex(string(in.Data))
	var out []stack.Signal
	// A library mix.exs declares has its better evidence there.
	seen := declaredDeps(in)
	emit := func(name, module string, line int) {
		if name == "" || seen[name] {
			return
		}
		seen[name] = true
		s := stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoHex, Name: name, Line: line, Attrs: map[string]string{"source": "config"}}
		if module != "" {
			s.Attrs["module"] = module
		}
		if dev {
			s.Scope = stack.ScopeDev
		}
		out = append(out, s)
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.kind == tIdent && t.text == "config" && (i == 0 || toks[i-1].text != "."):
			j := i + 1
			if j < len(toks) && toks[j].text == "(" {
				j++
			}
			if j >= len(toks) || toks[j].kind != tAtom {
				continue
			}
			emit(toks[j].text, "", toks[j].line)
			if j+2 < len(toks) && toks[j+1].text == "," {
				switch k := toks[j+2]; {
				case k.kind == tAtom:
					emit(k.text, "", k.line)
				case k.kind == tIdent && isAlias(k.text):
					if mod, n := aliasAt(toks, j+2); n == 1 {
						emit(snake(mod), mod, k.line)
					}
				}
			}
		case t.kind == tKey && moduleKeys[t.text] && i+1 < len(toks) && toks[i+1].kind == tIdent && isAlias(toks[i+1].text):
			mod, _ := aliasAt(toks, i+1)
			first, _, _ := strings.Cut(mod, ".")
			emit(snake(first), mod, toks[i+1].line)
			if mod, line := adapterAt(toks, i); mod != "" {
				if e := ectoEngine(mod); e != "" {
					out = append(out, ectoSignal(e, mod, line, dev))
				}
			}
		}
	}
	return out, err
}

// isAlias reports whether an identifier is an Elixir alias (Capitalised).
func isAlias(s string) bool { return s != "" && s[0] >= 'A' && s[0] <= 'Z' }

// aliasAt reads a dotted alias starting at toks[i] (Swoosh.Adapters.Postmark)
// and returns it with its number of parts.
func aliasAt(toks []token, i int) (string, int) {
	parts := []string{toks[i].text}
	for j := i + 1; j+1 < len(toks) && toks[j].text == "." && toks[j+1].kind == tIdent && isAlias(toks[j+1].text) && len(parts) < 16; j += 2 {
		parts = append(parts, toks[j+1].text)
	}
	return strings.Join(parts, "."), len(parts)
}

// snake turns an alias part into the snake_case of its application name:
// Oban → oban, ExAws → ex_aws, SendGrid → send_grid, HTTPoison → httpoison.
func snake(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			// A word starts at an upper-case letter after a lower-case one
			// or a digit, not inside an acronym.
			if i > 0 && (s[i-1] >= 'a' && s[i-1] <= 'z' || s[i-1] >= '0' && s[i-1] <= '9') {
				b.WriteByte('_')
			}
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// declaredDeps returns the Hex packages the project's mix.exs (next to the
// config folder) declares, read through in.Files; empty when there is
// none or it cannot be read.
func declaredDeps(in *detect.Input) map[string]bool {
	out := map[string]bool{}
	if in.Files == nil {
		return out
	}
	data, err := in.Files.ReadFile(path.Join(path.Dir(path.Dir(in.Path)), "mix.exs"))
	if err != nil {
		return out
	}
	toks, _ := lex(string(data))
	body, _ := depsBody(toks)
	for _, s := range depsIn(body) {
		out[s.Name] = true
	}
	return out
}
