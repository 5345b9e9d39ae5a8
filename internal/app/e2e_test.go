package app_test

import (
	"bytes"
	"context"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stacklint/stacklint/internal/app"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/report"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/source"
	"github.com/stacklint/stacklint/internal/stack"
)

// The end-to-end fixtures: realistic mini-repositories under
// testdata/repos, each scanned and checked as `stacklint scan` and
// `stacklint check` would, and compared with golden reports under
// testdata/golden. Regenerate with
//
//	go test ./internal/app/ -run E2E -update
//
// and review the diff. The expectations below pin the facts each fixture
// exists to prove, so a wrong golden cannot pass silently.

const (
	reposDir  = "../../testdata/repos"
	goldenDir = "../../testdata/golden"
)

// e2eToday fixes "today" for end-of-life rules.
var e2eToday = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

// expect is what must hold for one fixture repository.
type expect struct {
	// prod must be production technologies (scope runtime).
	prod []string
	// notProd must be absent or not production (dev, non-production).
	notProd []string
	// nonProd must be present with scope non-production (examples, tests).
	nonProd []string
	// dev must be present with scope dev.
	dev []string
	// components are paths that must be components.
	components []string
	// facts are fact names that must be present in production.
	facts []string
	// fires are rule ids that must fire in `check`; quiet must not.
	fires, quiet []string
}

var e2eExpect = map[string]expect{
	// issue 2: one per language ecosystem
	"node-express": {
		prod:       []string{"nodejs", "typescript", "express", "postgresql", "redis", "passport"},
		nonProd:    []string{"sqlite"},
		notProd:    []string{"jest", "sqlite"},
		dev:        []string{"jest"},
		components: []string{".", "examples/sqlite-demo"},
		facts:      []string{stack.FactContainerUser, stack.FactBaseImage},
		quiet:      []string{"security/container-root", "security/unpinned-image", "security/committed-secrets"},
	},
	"node-nestjs-typeorm": {
		prod:    []string{"nodejs", "typescript", "nestjs", "typeorm", "mysql"},
		notProd: []string{"sqlite", "jest"},
	},
	"django-drf-celery": {
		prod:    []string{"python", "django", "celery", "postgresql", "redis", "gunicorn"},
		notProd: []string{"pytest", "sqlite"},
		facts:   []string{stack.FactProcess, stack.FactService},
		quiet:   []string{"data/no-migrations"},
	},
	"fastapi-sqlalchemy-alembic": {
		prod:    []string{"python", "fastapi", "sqlalchemy", "alembic", "postgresql", "uvicorn"},
		notProd: []string{"pytest", "sqlite"},
		dev:     []string{"pytest"},
		quiet:   []string{"data/no-migrations", "security/container-root"},
	},
	"spring-boot-maven": {
		prod:    []string{"java", "spring-boot", "postgresql", "flyway"},
		notProd: []string{"h2"},
		quiet:   []string{"data/no-migrations"},
	},
	"spring-boot-gradle-kts": {
		prod:    []string{"kotlin", "spring-boot", "mysql", "liquibase", "kafka"},
		notProd: []string{"h2"},
	},
	"aspnet-core-efcore": {
		prod:       []string{"csharp", "aspnet-core", "ef-core", "postgresql"},
		components: []string{"src/Shop.Api", "tests/Shop.Api.Tests"},
	},
	"go-gin-gorm": {
		prod:       []string{"go", "gin", "gorm", "postgresql", "redis"},
		nonProd:    []string{"sqlite"},
		notProd:    []string{"sqlite"},
		components: []string{".", "examples/local-sqlite"},
		quiet:      []string{"data/no-migrations", "security/container-root"},
	},
	"laravel": {
		prod: []string{"php", "laravel", "mysql", "redis"},
		// package.json holds only the Vite asset toolchain (devDependencies):
		// Node.js does not run in production.
		notProd: []string{"phpunit", "sqlite", "nodejs"},
	},
	"rails-sidekiq": {
		prod:    []string{"ruby", "rails", "sidekiq", "postgresql", "redis", "puma"},
		notProd: []string{"rspec", "heroku"},
	},
	"polyglot-monorepo": {
		prod:       []string{"go", "pgx", "python", "fastapi", "mongodb", "nodejs", "nextjs", "postgresql", "docker-compose", "github-actions"},
		components: []string{"services/payments", "services/catalog", "apps/web"},
		facts:      []string{stack.FactCIPipeline, stack.FactService},
		quiet:      []string{"ops/no-ci"},
	},

	// issue 3: one per infrastructure family
	"compose-five-services": {
		prod:  []string{"docker-compose", "nginx", "postgresql", "redis", "rabbitmq", "fastify"},
		facts: []string{stack.FactService, stack.FactReplicas, stack.FactHealthcheck},
	},
	"k8s-hpa": {
		prod:  []string{"kubernetes", "kustomize", "go", "echo", "redis"},
		facts: []string{stack.FactAutoscaling, stack.FactReplicas, stack.FactResources, stack.FactRunAsNonRoot, stack.FactHealthcheck},
	},
	"helm-bitnami": {
		prod:       []string{"helm", "postgresql", "redis", "koa", "knex"},
		facts:      []string{stack.FactAutoscaling, stack.FactReplicas},
		components: []string{".", "charts/orders"},
	},
	"terraform-aws": {
		prod:  []string{"terraform", "postgresql", "redis", "sqs", "aws-ecs"},
		facts: []string{stack.FactAutoscaling, stack.FactManagedService},
	},
	"serverless-app": {
		prod:  []string{"serverless-framework", "aws-lambda", "dynamodb", "nodejs"},
		facts: []string{stack.FactAutoscaling},
	},
	"heroku-procfile": {
		prod:  []string{"heroku", "nodejs", "express", "postgresql", "redis", "knex"},
		facts: []string{stack.FactProcess},
	},
	"adr-scaling-plan": {
		prod:  []string{"go", "chi", "pgx", "postgresql"},
		facts: []string{stack.FactADR, stack.FactScalingPlan, stack.FactRunbook, stack.FactSecurityPolicy},
	},

	// issue 4: a repository paired with a profile
	"over-engineered-mvp": {
		prod:  []string{"nestjs", "kafka", "kubernetes", "helm", "terraform", "postgresql"},
		fires: []string{"time-to-market/over-engineered-mvp", "cost/heavy-infrastructure"},
	},
	"high-load-saas": {
		prod:  []string{"python", "flask", "postgresql", "gunicorn"},
		fires: []string{"scalability/no-scaling-plan", "concurrency/blocking-runtime", "fit/no-observability", "business/undocumented-decisions"},
	},
	"ecommerce-document-store": {
		prod:    []string{"nodejs", "express", "mongodb", "mongoose", "heroku"},
		notProd: []string{"postgresql"},
		fires:   []string{"data/model-mismatch", "fit/stack-vs-type"},
	},
	"rare-talent-elixir": {
		prod:  []string{"elixir", "phoenix", "ecto", "postgresql"},
		fires: []string{"talent/rare-stack", "talent/skills-gap", "fit/org-standard"},
	},
}

// TestE2EFixtures scans and checks every repository under testdata/repos
// and compares the reports with their goldens.
func TestE2EFixtures(t *testing.T) {
	entries, err := os.ReadDir(reposDir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	for name := range e2eExpect {
		if !slices.Contains(names, name) {
			t.Errorf("expectations for %s but no testdata/repos/%s", name, name)
		}
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			exp, ok := e2eExpect[name]
			if !ok {
				t.Errorf("testdata/repos/%s has no entry in e2eExpect: pin what it proves", name)
			}
			dir := filepath.Join(reposDir, name)
			root := path.Join("testdata/repos", name)
			fsys, err := source.Dir(dir)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()

			// scan
			res, err := app.ScanFS(ctx, fsys, app.ScanOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var scan bytes.Buffer
			if err := report.ScanJSON(&scan, res.Stack, report.ScanMeta{Root: root, Version: "test"}); err != nil {
				t.Fatal(err)
			}
			detecttest.GoldenBytes(t, filepath.Join(goldenDir, "scan", name+".json"), scan.Bytes())
			checkStack(t, res.Stack, exp)

			// check
			opts := app.CheckOptions{FS: fsys, Root: root, Today: e2eToday, FailOn: rule.SeverityError}
			if _, err := os.Stat(filepath.Join(dir, profile.FileName)); err == nil {
				opts.ProfilePath, opts.ProfileName = filepath.Join(dir, profile.FileName), profile.FileName
			} else if len(exp.fires) > 0 {
				t.Errorf("rules expected to fire but %s has no %s", name, profile.FileName)
			}
			cres, err := app.Check(ctx, opts)
			if err != nil {
				t.Fatal(err)
			}
			cres.Report.Version = "test"
			var text, js bytes.Buffer
			if err := report.CheckText(&text, cres.Report, report.TextOptions{}); err != nil {
				t.Fatal(err)
			}
			if err := report.CheckJSON(&js, cres.Report); err != nil {
				t.Fatal(err)
			}
			detecttest.GoldenBytes(t, filepath.Join(goldenDir, "check", name+".txt"), text.Bytes())
			detecttest.GoldenBytes(t, filepath.Join(goldenDir, "check", name+".json"), js.Bytes())
			fired := map[string]bool{}
			for _, f := range cres.Report.Findings {
				fired[f.RuleID] = true
			}
			for _, id := range exp.fires {
				if !fired[id] {
					t.Errorf("rule %s did not fire; findings: %v", id, keys(fired))
				}
			}
			for _, id := range exp.quiet {
				if fired[id] {
					t.Errorf("rule %s fired but must not", id)
				}
			}
		})
	}
}

func checkStack(t *testing.T, st *stack.Stack, exp expect) {
	t.Helper()
	for _, id := range exp.prod {
		if tech, ok := st.Tech(id); !ok {
			t.Errorf("production technology %s missing", id)
		} else if !tech.Production() {
			t.Errorf("%s has scope %s, want runtime (evidence %v)", id, tech.Scope, tech.Evidence)
		}
	}
	for _, id := range exp.notProd {
		if st.Has(id) {
			tech, _ := st.Tech(id)
			t.Errorf("%s must not be production; evidence %v", id, tech.Evidence)
		}
	}
	for _, id := range exp.nonProd {
		if tech, ok := st.Tech(id); !ok || tech.Scope != stack.ScopeNonProduction {
			t.Errorf("%s: want scope non-production, got %q (present %v)", id, tech.Scope, ok)
		}
	}
	for _, id := range exp.dev {
		if tech, ok := st.Tech(id); !ok || tech.Scope != stack.ScopeDev {
			t.Errorf("%s: want scope dev, got %q (present %v)", id, tech.Scope, ok)
		}
	}
	for _, c := range exp.components {
		if !slices.ContainsFunc(st.Components, func(x stack.Component) bool { return x.Path == c }) {
			t.Errorf("component %s missing", c)
		}
	}
	for _, f := range exp.facts {
		if len(st.FactsNamed(f)) == 0 {
			t.Errorf("fact %s missing", f)
		}
	}
	for _, d := range st.Diagnostics {
		t.Errorf("unexpected diagnostic %s", d)
	}
	if len(st.Production()) == 0 {
		t.Error("no production technology")
	}
}

func keys(m map[string]bool) string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}
