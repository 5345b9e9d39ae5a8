package elixir

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/detectors/dbconfig"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/stack"
)

// TestEctoGolden: the datastores of a Phoenix application's Ecto
// configuration, read by elixir-config (config/*.exs, each read once) and
// ecto-adapter (the Repo module). ecto.golden.json is the golden the
// dbconfig package's ecto-adapter detector had for the same fixture when it
// read config/*.exs too: nothing it reported is lost.
func TestEctoGolden(t *testing.T) {
	res := detecttest.Scan(t, detecttest.LoadFS(t, "testdata/ecto.txtar"), ConfigDetector, RepoDetector)
	if len(res.Diagnostics) > 0 {
		t.Errorf("diagnostics: %v", res.Diagnostics)
	}
	var stores []stack.Signal
	for _, s := range res.Signals {
		if s.Kind == stack.KindDatastore {
			stores = append(stores, s)
		}
	}
	detecttest.Golden(t, "testdata/ecto.golden.json", stores)
}

func TestEcto(t *testing.T) {
	tests := []struct {
		name string
		det  detect.Detector
		path string
		in   string
		want string
	}{
		{"tds", ConfigDetector, "config/prod.exs", "config :a, A.Repo, adapter: Ecto.Adapters.Tds\n", "sqlserver@1/runtime"},
		{"mongo repo", RepoDetector, "lib/a/repo.ex", "use Ecto.Repo, otp_app: :a, adapter: Mongo.Ecto\n", "mongodb@1/runtime"},
		{"dev parts", ConfigDetector, "config/dev_local.exs", "config :a, A.Repo,\n  adapter: Ecto.Adapters.MyXQL\n", "mysql@2/dev"},
		{"two repos", ConfigDetector, "config/config.exs", "config :a, A.Repo, adapter: Ecto.Adapters.Postgres\nconfig :a, A.Ch, adapter: Ecto.Adapters.ClickHouse\n", "postgresql@1/runtime clickhouse@2/runtime"},
		{"comment and string", ConfigDetector, "config/config.exs", "# adapter: Ecto.Adapters.MyXQL\nconfig :a, note: \"adapter: Ecto.Adapters.Tds\"\n", ""},
		{"other adapter", ConfigDetector, "config/config.exs", "config :a, A.Mailer, adapter: Swoosh.Adapters.Local\n", ""},
		{"unknown ecto adapter", RepoDetector, "lib/a/repo.ex", "use Ecto.Repo, adapter: Ecto.Adapters.Nope\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sigs, err := detecttest.Detect(tt.det, tt.path, []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range sigs {
				if s.Kind != stack.KindDatastore {
					continue
				}
				scope := s.Scope
				if scope == "" {
					scope = "runtime"
				}
				if s.Attr("source") != "ecto" || s.Attr("adapter") == "" {
					t.Errorf("attrs %v", s.Attrs)
				}
				got = append(got, s.Name+"@"+strconv.Itoa(s.Line)+"/"+scope)
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("got %q, want %q", g, tt.want)
			}
		})
	}
	for _, e := range ectoAdapters {
		if dbconfig.EngineOf(e) != e {
			t.Errorf("engine %q is not canonical", e)
		}
	}
	for _, p := range []string{"config/config.exs", "config/test.exs"} {
		if !ConfigDetector.Match(p) || RepoDetector.Match(p) {
			t.Errorf("%s: config/*.exs is elixir-config's alone", p)
		}
	}
	if !RepoDetector.Match("lib/app/repo.ex") || RepoDetector.Match("lib/app/other.ex") || RepoDetector.Match("mix.exs") || ConfigDetector.Match("config/x.ex") {
		t.Error("RepoDetector.Match")
	}
}

func FuzzRepo(f *testing.F) {
	for _, s := range []string{"use Ecto.Repo, otp_app: :a, adapter: Mongo.Ecto\n", "adapter: Ecto.Adapters.", "adapter:", "\"unterminated"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, d := range []struct {
			det  detect.Detector
			path string
		}{{RepoDetector, "lib/a/repo.ex"}, {ConfigDetector, "config/dev.exs"}} {
			sigs, err := detecttest.Detect(d.det, d.path, data)
			detecttest.ParseErrors(t, err)
			for _, s := range sigs {
				if s.Kind == stack.KindDatastore && (!slices.Contains([]string{"postgresql", "mysql", "sqlite", "sqlserver", "clickhouse", "mongodb"}, s.Name) || s.Line < 1) {
					t.Fatalf("datastore %+v", s)
				}
			}
		}
	})
}
