package rules

import (
	"os"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/resolve"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/rules/rulestest"
	"github.com/stacklint/stacklint/internal/stack"
)

// TestScenarios runs All with the example profiles of testdata/profiles on
// stacks shaped like the repositories they describe.
func TestScenarios(t *testing.T) {
	cat := rulestest.Catalog(t)
	tech := func(id string, where ...string) stack.Technology { return rulestest.Tech(cat, id, where) }
	healthy := []stack.Signal{
		F(stack.FactCIPipeline, ".github/workflows/ci.yml:1", "system", "github-actions"),
		F(stack.FactContainerUser, "Dockerfile:12", "user", "app", "root", "false"),
	}
	cases := []struct {
		profile string
		techs   []stack.Technology
		facts   []stack.Signal
		want    []string
	}{
		{
			profile: "over-engineered-mvp.toml",
			techs: []stack.Technology{
				tech("nodejs", "package.json:1"), tech("nestjs", "package.json:9"), tech("passport", "package.json:11"),
				tech("postgresql", "package.json:12"), tech("typeorm", "package.json:13"), tech("kafka", "package.json:14"),
				tech("kubernetes", "deploy/k8s/deployment.yaml:1"), tech("helm", "charts/app/Chart.yaml:1"),
				tech("terraform", "infra/main.tf:7"), tech("docker", "Dockerfile:1"),
			},
			facts: append([]stack.Signal{F(stack.FactReplicas, "deploy/k8s/deployment.yaml:6", "workload", "api", "count", "2")}, healthy...),
			want: []string{
				// cost/heavy-infrastructure does not repeat Kafka and Kubernetes.
				"error time-to-market/over-engineered-mvp",
			},
		},
		{
			profile: "high-load-saas.toml",
			techs: []stack.Technology{
				tech("python", "pyproject.toml:1"), tech("flask", "pyproject.toml:9"), tech("authlib", "pyproject.toml:10"),
				tech("postgresql", "docker-compose.yml:12"), tech("alembic", "pyproject.toml:11"), tech("docker", "Dockerfile:1"),
			},
			facts: append([]stack.Signal{
				F(stack.FactReplicas, "docker-compose.yml:3", "workload", "web", "count", "1"),
				F(stack.FactProcess, "Dockerfile:7", "command", "gunicorn -w 4 app:app", "server", "gunicorn", "worker_class", "sync", "workers", "4"),
			}, healthy...),
			want: []string{
				"error scalability/no-scaling-plan",
				"warning concurrency/blocking-runtime",
				"warning fit/no-observability",
				"warning fit/stack-vs-type Flask",
				"notice business/undocumented-decisions",
			},
		},
		{
			profile: "ecommerce-document-store.toml",
			techs: []stack.Technology{
				tech("nodejs", "package.json:1"), tech("express", "package.json:8"), tech("passport", "package.json:9"),
				tech("mongodb", "package.json:10"), tech("winston", "package.json:11"),
			},
			facts: append([]stack.Signal{F(stack.FactADR, "docs/adr/0001.md:1")}, healthy...),
			want: []string{
				"error data/model-mismatch",
				"warning fit/stack-vs-type",
			},
		},
		{
			profile: "rare-talent-elixir.toml",
			techs: []stack.Technology{
				tech("elixir", "mix.exs:1"), tech("phoenix", "mix.exs:24"), tech("postgresql", "config/runtime.exs:8"),
				tech("opentelemetry", "mix.exs:30"),
			},
			facts: append([]stack.Signal{
				F(stack.FactAPIContract, "priv/openapi.yaml:1", "kind", "openapi"),
				F(stack.FactADR, "docs/adr/0001-use-elixir.md:1"),
			}, healthy...),
			want: []string{
				"warning talent/rare-stack Elixir, the primary language (mix.exs:1), is used by 2.1% of developers (Stack Overflow Developer Survey 2024); Phoenix",
				// The skills gap is about the technologies the rare-stack
				// finding above places and explains: it names them and refers.
				"warning talent/skills-gap Elixir and Phoenix are primary technologies of the stack outside the team's skills: " +
					"team.skills (.stacklint.toml:14) lists typescript, nestjs and postgresql. See talent/rare-stack above for Elixir and Phoenix.",
				"warning fit/org-standard",
				"warning fit/stack-vs-type The profile declares an API-first project (.stacklint.toml:6), but its primary framework is Phoenix; " +
					"frameworks suited to an API-first project include NestJS, Express, Fastify, FastAPI, Spring Boot, ASP.NET Core, Gin, Echo, " +
					"Fiber, chi, Actix Web and Axum. See talent/rare-stack above for Phoenix.",
			},
		},
	}
	for _, c := range cases {
		t.Run(c.profile, func(t *testing.T) {
			src, err := os.ReadFile("../../testdata/profiles/" + c.profile)
			if err != nil {
				t.Fatal(err)
			}
			p, err := profile.Parse(".stacklint.toml", src)
			if err != nil {
				t.Fatal(err)
			}
			st := rulestest.Stack(c.techs, c.facts...)
			resolve.Datastores(st, cat)
			ctx := &rule.Context{Stack: st, Profile: p, Catalog: cat, Today: rulestest.Today}
			res := rule.Run(ctx, All())
			var got []string
			for _, f := range res.Findings {
				got = append(got, f.Severity.String()+" "+f.RuleID+" | "+f.Message)
			}
			if len(got) != len(c.want) {
				t.Fatalf("got %d findings:\n%s\nwant:\n%s", len(got), strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
			for i, w := range c.want {
				sevID, detail, _ := strings.Cut(strings.Replace(w, " ", "\x00", 1), " ")
				sevID = strings.Replace(sevID, "\x00", " ", 1)
				if !strings.HasPrefix(got[i], sevID+" | ") || !strings.Contains(got[i], detail) {
					t.Errorf("finding %d = %s\nwant %s", i, got[i], w)
				}
			}
			if res.Passed+len(res.Statuses)-res.Passed != len(All()) {
				t.Errorf("statuses %d", len(res.Statuses))
			}
		})
	}
}

// TestRealCatalog runs every rule against the embedded catalog, whatever
// it holds today, to catch rules that trip over real entries.
func TestRealCatalog(t *testing.T) {
	cat, err := catalog.Default()
	if err != nil {
		t.Skipf("embedded catalog does not load: %v", err)
	}
	var techs []stack.Technology
	for _, e := range cat.Entries() {
		techs = append(techs, rulestest.Tech(cat, e.ID, []string{"manifest:1"}, "1.0", "20", "3.8"))
	}
	src, err := os.ReadFile("../../testdata/profiles/high-load-saas.toml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := profile.Parse(".stacklint.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	ctx := &rule.Context{Stack: rulestest.Stack(techs), Profile: p, Catalog: cat, Today: rulestest.Today}
	res := rule.Run(ctx, All())
	for _, f := range res.Findings {
		if f.Message == "" || f.Fingerprint == "" {
			t.Errorf("incomplete finding %+v", f)
		}
	}
}
