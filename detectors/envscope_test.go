package detectors

import (
	"testing"

	"github.com/stacklint/stacklint/detectors/compose"
	"github.com/stacklint/stacklint/detectors/dbconfig"
	"github.com/stacklint/stacklint/detectors/dockerfile"
	"github.com/stacklint/stacklint/detectors/docs"
	"github.com/stacklint/stacklint/detectors/elixir"
	"github.com/stacklint/stacklint/detectors/internal/dotenv"
	"github.com/stacklint/stacklint/detectors/internal/envname"
	"github.com/stacklint/stacklint/detectors/python"
	"github.com/stacklint/stacklint/detectors/ruby"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/stack"
)

// TestEnvFileScopes holds the detectors that read dotenv files to one
// vocabulary (detectors/internal/dotenv): a file's signals are dev-scoped
// exactly when dotenv.DevOnly says the file is development-only, and
// the committed-secret check skips exactly the templates.
func TestEnvFileScopes(t *testing.T) {
	// Fake values only: a URL naming an engine and a secret-looking key.
	data := []byte("DATABASE_URL=postgres://app@db/app\nSECRET_KEY=zz-not-a-real-secret-zz\n")
	names := []string{
		".env", ".env.production", ".env.prod", ".env.staging", ".env.development", ".env.dev", ".env.test", ".env.testing",
		".env.local", ".env.ci", ".env.ci-2", ".env.e2e", ".env.production.local", ".env.development.local", ".env.example",
		".env.sample", ".env.dist", ".env.template", ".env.test.example", ".env.local.sample", "api/.env.integration",
	}
	for _, name := range names {
		want := ""
		if dotenv.DevOnly(name) {
			want = stack.ScopeDev
		}
		for _, d := range []struct {
			det  detect.Detector
			read bool
			kind string
		}{{dbconfig.DotEnv, true, stack.KindDatastore}, {docs.EnvSecrets, !dotenv.Template(name), stack.KindFact}} {
			if d.det.Match(name) != d.read {
				t.Errorf("%s: %s reads it: %v, want %v", name, d.det.Name, !d.read, d.read)
				continue
			}
			if !d.read {
				continue
			}
			sigs, err := detecttest.Detect(d.det, name, data)
			if err != nil {
				t.Fatalf("%s %s: %v", d.det.Name, name, err)
			}
			if len(sigs) == 0 {
				t.Errorf("%s: %s gives nothing", name, d.det.Name)
			}
			for _, s := range sigs {
				if s.Kind == d.kind && s.Scope != want {
					t.Errorf("%s: %s gives scope %q, dotenv.DevOnly says %q", name, d.det.Name, s.Scope, want)
				}
			}
		}
	}
}

// TestEnvironmentNames holds every detector that scopes by an
// environment's name to one vocabulary (detectors/internal/envname): the
// same name is development-only for a dotenv file, a Spring profile, a
// Rails environment, a Mix config file, a Compose profile or file and a
// Dockerfile variant, or for none of them.
func TestEnvironmentNames(t *testing.T) {
	names := []string{"dev", "development", "test", "tests", "testing", "local", "ci", "e2e", "integration", "it", "bench",
		"staging", "production", "prod", "qa", "demo", "production-local", "ci-2"}
	type input struct {
		det       detect.Detector
		path, src string
	}
	for _, n := range names {
		want := ""
		if envname.Dev(n) {
			want = stack.ScopeDev
		}
		for _, in := range []input{
			{dbconfig.DotEnv, ".env." + n, "DATABASE_URL=postgres://db/app\n"},
			{dbconfig.Spring, "application-" + n + ".properties", "spring.datasource.url=jdbc:postgresql://db/app\n"},
			{dbconfig.Rails, "config/database.yml", n + ":\n  adapter: postgresql\n"},
			{elixir.ConfigDetector, "config/" + n + ".exs", "config :a, A.Repo, adapter: Ecto.Adapters.Postgres\n"},
			{compose.Detector, "compose.yaml", "services:\n  db:\n    image: postgres:16\n    profiles: [" + n + "]\n"},
			{compose.Detector, "docker-compose." + n + ".yml", "services:\n  db:\n    image: postgres:16\n"},
			{dockerfile.Detector, "Dockerfile." + n, "FROM postgres:16\n"},
		} {
			sigs, err := detecttest.Detect(in.det, in.path, []byte(in.src))
			if err != nil || len(sigs) == 0 {
				t.Fatalf("%s %s: %v %v", in.det.Name, in.path, sigs, err)
			}
			for _, s := range sigs {
				if (s.Kind == stack.KindDatastore || s.Kind == stack.KindImage) && s.Scope != want {
					t.Errorf("%s %s: %s %s has scope %q, envname.Dev(%q) says %q", in.det.Name, in.path, s.Kind, s.Name, s.Scope, n, want)
				}
			}
		}
	}
}

// TestDependencyGroups holds the detectors that scope dependencies by
// their group's name to one vocabulary (envname.DevGroup): a Bundler
// group, a PEP 621 extra and a requirements file of the same name are
// development-only alike (Bundler's own local, tools and features groups
// aside).
func TestDependencyGroups(t *testing.T) {
	for _, n := range []string{"development", "test", "tests", "ci", "lint", "linter", "docs", "documentation", "typing",
		"qa", "debug", "bench", "benchmark", "e2e", "coverage", "rubocop", "production", "postgres", "all", "default", "server", "prod-debug"} {
		want := ""
		if envname.DevGroup(n) {
			want = stack.ScopeDev
		}
		for _, in := range []struct {
			det       detect.Detector
			path, src string
		}{
			{ruby.GemfileDetector, "Gemfile", "source \"https://rubygems.org\"\ngroup :" + n + " do\n  gem \"pry\"\nend\n"},
			{python.Pyproject, "pyproject.toml", "[project]\nname = \"a\"\n[project.optional-dependencies]\n" + n + " = [\"pytest\"]\n"},
			{python.Requirements, "requirements-" + n + ".txt", "pytest\n"},
		} {
			sigs, err := detecttest.Detect(in.det, in.path, []byte(in.src))
			if err != nil {
				t.Fatalf("%s %s: %v", in.det.Name, in.path, err)
			}
			found := false
			for _, s := range sigs {
				if s.Kind == stack.KindPackage && (s.Name == "pry" || s.Name == "pytest") {
					found = true
					if s.Scope != want {
						t.Errorf("%s %q: %s has scope %q, envname.DevGroup says %q", in.det.Name, n, s.Name, s.Scope, want)
					}
				}
			}
			if !found {
				t.Errorf("%s %q: no package signal in %+v", in.det.Name, n, sigs)
			}
		}
	}
}
