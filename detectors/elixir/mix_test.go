package elixir

import (
	"fmt"
	"testing"

	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/stack"
)

func TestGolden(t *testing.T) {
	fsys := detecttest.LoadFS(t, "testdata/phoenix.txtar")
	res := detecttest.Scan(t, fsys, MixDetector, LockDetector)
	if len(res.Diagnostics) > 0 {
		t.Errorf("diagnostics: %v", res.Diagnostics)
	}
	if len(res.Manifests) != 1 || res.Manifests["mix.exs"] != "mix" {
		t.Errorf("manifests = %v", res.Manifests)
	}
	detecttest.Golden(t, "testdata/phoenix.golden.json", res.Signals)
}

func render(sigs []stack.Signal) map[string]string {
	m := map[string]string{}
	for _, s := range sigs {
		m[s.Name] = fmt.Sprintf("%s|%s|%d|%v", s.Version, s.Scope, s.Line, s.Attrs)
	}
	return m
}

func TestMix(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    map[string]string
		wantErr bool
	}{
		{name: "empty", in: "", want: map[string]string{"elixir": "||0|map[]"}},
		{
			name: "one-line deps",
			in:   "defmodule X.MixProject do\n  def project, do: [elixir: \"~> 1.14\", deps: deps()]\n  defp deps, do: [{:plug, \"~> 1.14\"}, {:mox, \"~> 1.0\", only: :test}]\nend\n",
			want: map[string]string{"elixir": "~> 1.14||2|map[]", "plug": "~> 1.14||3|map[]", "mox": "~> 1.0|dev|3|map[only:test]"},
		},
		{
			name: "inline deps keyword",
			in:   "def project do\n  [deps: [{:a, \"1.0\"}, {:b, path: \"../b\"}, {:c, in_umbrella: true}]]\nend\n",
			want: map[string]string{"elixir": "||0|map[]", "a": "1.0||2|map[]", "b": "||2|map[source:path]", "c": "||2|map[source:umbrella]"},
		},
		{
			name: "comments, strings and options list",
			in:   "defp deps() do\n  # {:commented, \"1\"}\n  [\n    {:a, \"~> 1\", [only: [:dev], optional: true]}, # {:b}\n    {:\"quoted\", \"2\"},\n    {:renamed, \"~> 0.1\", hex: :real_name}\n  ]\nend\n",
			want: map[string]string{"elixir": "||0|map[]", "a": "~> 1|dev|4|map[only:dev optional:true]", "quoted": "2||5|map[]", "real_name": "~> 0.1||6|map[rename:renamed]"},
		},
		{
			name: "conditional deps",
			in:   "defp deps do\n  base = [{:a, \"1\"}]\n  if System.get_env(\"X\") do\n    base ++ [{:b, \"2\"}]\n  else\n    base\n  end\nend\ndefp other, do: [{:not_a_dep, \"1\"}]\n",
			want: map[string]string{"elixir": "||0|map[]", "a": "1||2|map[]", "b": "2||4|map[]"},
		},
		{
			name: "heredoc and sigils",
			in:   "@moduledoc \"\"\"\n{:nope, \"1\"}\n\"\"\"\ndefp deps do\n  [{:a, \"1\", only: ~w(dev)a}, {:b, ~S\"x\"}]\nend\n",
			want: map[string]string{"elixir": "||0|map[]", "a": "1||5|map[]", "b": "||5|map[]"},
		},
		{
			name:    "unterminated string",
			in:      "defp deps do\n  [{:a, \"1\"}, {:b, \"2}]\nend\n",
			want:    map[string]string{"elixir": "||0|map[]", "a": "1||2|map[]", "b": "||2|map[]"},
			wantErr: true,
		},
		{
			name:    "unclosed do",
			in:      "defp deps do\n  [{:a, \"1\"}]\n",
			want:    map[string]string{"elixir": "||0|map[]", "a": "1||2|map[]"},
			wantErr: true,
		},
		{
			name:    "unclosed list",
			in:      "defp deps, do: [{:a, \"1\"}\n",
			want:    map[string]string{"elixir": "||0|map[]", "a": "1||1|map[]"},
			wantErr: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sigs, err := detecttest.Detect(MixDetector, "mix.exs", []byte(tt.in))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			detecttest.ParseErrors(t, err)
			got := render(sigs)
			if len(got) != len(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			for k, w := range tt.want {
				if got[k] != w {
					t.Errorf("%s = %q, want %q", k, got[k], w)
				}
			}
		})
	}
}

func FuzzMix(f *testing.F) {
	f.Add([]byte("defmodule A.MixProject do\n  def project, do: [elixir: \"~> 1.15\", deps: deps()]\n  defp deps do\n    [{:phoenix, \"~> 1.7\"}, {:credo, \"~> 1.7\", only: [:dev, :test], runtime: false}]\n  end\nend\n"))
	f.Add([]byte("defp deps, do: [{:a, \"#{x}\"}]"))
	f.Add([]byte("~r/abc"))
	f.Add([]byte("\"\"\"\nabc"))
	f.Add([]byte(":\"x"))
	f.Add([]byte("defp deps(a, b) do fn -> end end"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sigs, err := detecttest.Detect(MixDetector, "mix.exs", data)
		detecttest.ParseErrors(t, err)
		if len(sigs) == 0 || sigs[0].Name != "elixir" {
			t.Fatalf("first signal should be runtime elixir: %+v", sigs)
		}
	})
}
