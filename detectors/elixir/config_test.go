package elixir

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/stack"
)

func TestConfig(t *testing.T) {
	tests := []struct {
		name, path, src string
		want            []string
	}{
		{"runtime config", "config/config.exs", `import Config

config :hexpm, ecto_repos: [Hexpm.RepoBase]

config :hexpm, Hexpm.RepoBase,
  adapter: Ecto.Adapters.Postgres,
  migration_timestamps: [type: :utc_datetime_usec]

config :hexpm, Oban,
  repo: Hexpm.Repo,
  engine: Oban.Engines.Basic,
  queues: [default: 10]

config :hexpm, Hexpm.Mailer, adapter: Swoosh.Adapters.Postmark

# config :commented, Out
config :sentry, dsn: nil, environment_name: :prod
config(:ex_aws, json_codec: Jason)
config :hexpm, :redix, host: "localhost"
`, []string{"hexpm 3 ", "ecto 6 Ecto.Adapters.Postgres", "oban 9 Oban", "swoosh 14 Swoosh.Adapters.Postmark", "sentry 17 ", "ex_aws 18 ", "redix 19 "}},
		{"dev config", "config/test.exs", "import Config\nconfig :bypass, enable_debug_log: false\n", []string{"bypass 2  dev"}},
		{"unterminated string", "config/prod.exs", "config :a, url: \"x\nconfig :b", []string{"a 1 "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !ConfigDetector.Match(tt.path) {
				t.Fatalf("%s not matched", tt.path)
			}
			sigs, err := detecttest.Detect(ConfigDetector, tt.path, []byte(tt.src))
			detecttest.ParseErrors(t, err)
			var got []string
			for _, s := range sigs {
				if s.Kind == stack.KindDatastore {
					continue // the Ecto adapter's datastore: TestEcto
				}
				if s.Ecosystem != stack.EcoHex {
					t.Errorf("ecosystem %q", s.Ecosystem)
				}
				g := fmt.Sprintf("%s %d %s", s.Name, s.Line, s.Attr("module"))
				if s.Scope != "" {
					g += " " + s.Scope
				}
				got = append(got, g)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
	for in, want := range map[string]string{"Oban": "oban", "ExAws": "ex_aws", "SendGrid": "send_grid", "HTTPoison": "httpoison", "Redix": "redix", "S3": "s3"} {
		if got := snake(in); got != want {
			t.Errorf("snake(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzConfig(f *testing.F) {
	for _, s := range []string{"config :a, B.C, adapter: D.E\n", "config(:x, :y)", "config", "config :a, Oban,", "adapter: X.", "\"unterminated"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sigs, err := detecttest.Detect(ConfigDetector, "config/config.exs", data)
		detecttest.ParseErrors(t, err)
		for _, s := range sigs {
			if s.Name == "" || s.Line < 1 {
				t.Fatalf("signal without name or line: %+v", s)
			}
		}
	})
}
