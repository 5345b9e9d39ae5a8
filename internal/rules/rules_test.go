package rules

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/rules/rulestest"
	"github.com/stacklint/stacklint/internal/stack"
)

type tc struct {
	name    string
	rule    rule.Rule
	techs   []techSpec
	facts   []stack.Signal
	profile string
	// want lists substrings every one of which the first finding's message
	// must contain; nil means the rule must not fire.
	want     []string
	severity rule.Severity
	count    int      // expected findings when > 0 (default 1 when want != nil)
	refs     []string // profile keys the first finding must cite, as "key@line"
	evidence string   // first evidence "file:line"
	// fix lists substrings the first finding's remediation must contain.
	fix []string
	// evidenceCount, when > 0, is how many locations the first finding lists.
	evidenceCount int
}

type techSpec struct {
	id       string
	where    []string
	versions []string
	optional bool
}

// opt marks a technology as only optionally declared (package extras).
func opt(s techSpec) techSpec { s.optional = true; return s }

func T(id string, where ...string) techSpec { return techSpec{id: id, where: where} }
func TV(id, version string, where ...string) techSpec {
	return techSpec{id: id, where: where, versions: []string{version}}
}

var F = rulestest.Fact

func TestRules(t *testing.T) {
	cat := rulestest.Catalog(t)
	for _, c := range cases() {
		t.Run(c.rule.ID+"/"+c.name, func(t *testing.T) {
			var techs []stack.Technology
			for _, s := range c.techs {
				t := rulestest.Tech(cat, s.id, s.where, s.versions...)
				t.Optional = s.optional
				techs = append(techs, t)
			}
			ctx := rulestest.Context(t, rulestest.Stack(techs, c.facts...), c.profile)
			res := rule.Run(ctx, []rule.Rule{c.rule})
			if c.want == nil {
				if len(res.Findings) != 0 {
					t.Fatalf("want no finding, got %d: %s", len(res.Findings), res.Findings[0].Message)
				}
				return
			}
			want := c.count
			if want == 0 {
				want = 1
			}
			if len(res.Findings) != want {
				var msgs []string
				for _, f := range res.Findings {
					msgs = append(msgs, f.Message)
				}
				t.Fatalf("want %d findings, got %d (statuses %+v): %q", want, len(res.Findings), res.Statuses, msgs)
			}
			f := res.Findings[0]
			t.Log(f.Message)
			for _, g := range res.Findings {
				// Evidence is listed by the reporters' "Seen:" line;
				// a message names it in prose and never repeats that list.
				if strings.Contains(g.Message, "Seen:") {
					t.Errorf("message %q repeats the evidence list (\"Seen:\")", g.Message)
				}
			}
			for _, s := range c.want {
				if !strings.Contains(f.Message, s) {
					t.Errorf("message %q\n does not contain %q", f.Message, s)
				}
			}
			for _, s := range c.fix {
				if !strings.Contains(f.Remediation, s) {
					t.Errorf("remediation %q\n does not contain %q", f.Remediation, s)
				}
			}
			if c.evidenceCount > 0 && len(f.Evidence) != c.evidenceCount {
				t.Errorf("evidence %v: want %d locations", f.Evidence, c.evidenceCount)
			}
			sev := c.severity
			if sev == rule.SeverityNone {
				sev = c.rule.Severity
			}
			if f.Severity != sev {
				t.Errorf("severity = %v, want %v", f.Severity, sev)
			}
			if f.RuleID != c.rule.ID || f.Title != c.rule.Title || f.Remediation == "" || len(f.Fingerprint) != 64 {
				t.Errorf("finding not filled in: %+v", f)
			}
			for _, r := range c.refs {
				key, line, _ := strings.Cut(r, "@")
				found := false
				for _, p := range f.Profile {
					if p.Key == key && p.File == ".stacklint.toml" && (line == "" || line == strconv.Itoa(p.Line)) {
						found = true
					}
				}
				if !found {
					t.Errorf("finding does not cite %s; cites %+v", r, f.Profile)
				}
			}
			if c.evidence != "" {
				if e, ok := f.Location(); !ok || e.String() != c.evidence {
					t.Errorf("first evidence = %v, want %s", f.Evidence, c.evidence)
				}
			}
		})
	}
}

const highLoad = `
[project]
type = "high-load-saas"

[load]
peak_rps = 20000
concurrency = "high"
`

func cases() []tc {
	return []tc{
		// scalability/no-scaling-plan
		{name: "fires on one replica", rule: NoScalingPlan,
			techs:   []techSpec{T("flask", "requirements.txt:1")},
			facts:   []stack.Signal{F(stack.FactReplicas, "docker-compose.yml:3", "workload", "web", "count", "1")},
			profile: "[load]\npeak_rps = 20000\n",
			want:    []string{"Peak load of 20,000 rps is declared (.stacklint.toml:2)", "nothing scales past one server", "web (docker-compose.yml:3) is declared with a single replica"},
			refs:    []string{"load.peak_rps@2"}, evidence: "docker-compose.yml:3"},
		{name: "fires on high-load type", rule: NoScalingPlan, profile: highLoad,
			want: []string{"high-load SaaS (.stacklint.toml:3)"}},
		{name: "silent with autoscaler", rule: NoScalingPlan, profile: highLoad,
			facts: []stack.Signal{F(stack.FactAutoscaling, "k8s/hpa.yaml:1", "kind", "hpa")}},
		{name: "silent with replicas", rule: NoScalingPlan, profile: highLoad,
			facts: []stack.Signal{F(stack.FactReplicas, "k8s/deploy.yaml:6", "workload", "api", "count", "3")}},
		{name: "silent with scaling plan", rule: NoScalingPlan, profile: highLoad,
			facts: []stack.Signal{F(stack.FactScalingPlan, "docs/scaling.md:1", "title", "Scaling")}},
		{name: "silent under low load", rule: NoScalingPlan, profile: "[load]\npeak_rps = 50\n"},
		{name: "not applicable without profile", rule: NoScalingPlan},

		// scalability/single-node-state
		{name: "fires on an in-process cache with replicas", rule: SingleNodeState, profile: "[project]\ntype = \"mvp\"\n",
			techs: []techSpec{T("node-cache", "package.json:12")},
			facts: []stack.Signal{F(stack.FactReplicas, "compose.yml:5", "workload", "web", "count", "2")},
			want:  []string{"runs on several servers (compose.yml:5)", "keeps cache or session state inside one process"}},
		{name: "silent with a shared cache", rule: SingleNodeState, profile: highLoad,
			techs: []techSpec{T("node-cache", "package.json:12"), T("redis", "package.json:13")}},
		{name: "an embedded system of record is another rule's", rule: SingleNodeState, profile: highLoad,
			techs: []techSpec{T("sqlite", "app/settings.py:40")}},

		// time-to-market/over-engineered
		{name: "error: services, broker and orchestrator for tens of rps and three people", rule: OverEngineered,
			profile: "[project]\ntype = \"api-first\"\n[load]\npeak_rps = 30\n[team]\nsize = 3\n",
			techs:   []techSpec{T("kafka", "docker-compose.yml:40"), T("kubernetes", "k8s/cart.yaml:1"), T("istio", "k8s/mesh.yaml:1")},
			facts: []stack.Signal{
				F(stack.FactService, "docker-compose.yml:3", "name", "cart", "build", "src/cart"),
				F(stack.FactService, "docker-compose.yml:9", "name", "checkout", "build", "src/checkout"),
				F(stack.FactService, "docker-compose.yml:15", "name", "payment", "build", "src/payment"),
				F(stack.FactService, "docker-compose.yml:21", "name", "shipping", "build", "src/shipping"),
				F(stack.FactService, "docker-compose.yml:27", "name", "postgres", "image", "postgres:16"),
			},
			want: []string{"The profile declares a peak of 30 rps (.stacklint.toml:4) and a team of 3 (.stacklint.toml:6)",
				"deploys 4 services of its own (cart, checkout, payment and shipping), more than 3 (max_services_small_team)",
				"max_services_small_team), and runs Kafka (docker-compose.yml:40) as a message broker, Istio (k8s/mesh.yaml:1) as a service mesh and Kubernetes (k8s/cart.yaml:1) as a container orchestrator",
				"one modest server handles this load"},
			severity: rule.SeverityError, refs: []string{"load.peak_rps@4", "team.size@6"}},
		{name: "warning: a broker for a small team at undeclared load", rule: OverEngineered,
			profile: "[project]\ntype = \"ecommerce\"\n[team]\nsize = 4\n",
			techs:   []techSpec{T("rabbitmq", "docker-compose.yml:12"), T("postgresql", "docker-compose.yml:4")},
			want:    []string{"a team of 4 (.stacklint.toml:4)", "runs RabbitMQ (docker-compose.yml:12) as a message broker", "a small team ships and operates one deployable faster"}},
		{name: "silent at high declared load", rule: OverEngineered,
			profile: "[project]\ntype = \"high-load-saas\"\n[load]\npeak_rps = 20000\n[team]\nsize = 12\n",
			techs:   []techSpec{T("kafka", "docker-compose.yml:40"), T("kubernetes", "k8s/api.yaml:1")}},
		{name: "silent for a small team with one deployable", rule: OverEngineered,
			profile: "[load]\npeak_rps = 30\n[team]\nsize = 3\n",
			techs:   []techSpec{T("postgresql", "docker-compose.yml:4"), T("redis", "docker-compose.yml:9")},
			facts: []stack.Signal{F(stack.FactService, "docker-compose.yml:1", "name", "api", "build", "."),
				// Kubernetes add-ons are installed, not the team's own services.
				F(stack.FactService, "k8s/ingress.yaml:300", "name", "ingress-nginx-controller", "image", "registry.k8s.io/ingress-nginx/controller:v1.10.0"),
				F(stack.FactService, "k8s/ingress.yaml:400", "name", "ingress-nginx-admission-create", "image", "registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.4.0"),
				F(stack.FactService, "k8s/ingress.yaml:500", "name", "ingress-nginx-admission-patch", "image", "registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.4.0")}},
		{name: "one server run five times is one deployable", rule: OverEngineered,
			profile: "[team]\nsize = 3\n",
			facts: []stack.Signal{
				F(stack.FactService, "docker/docker-compose.yml:3", "name", "lemmy", "build", ".", "dockerfile", "docker/Dockerfile"),
				F(stack.FactService, "docker/federation/docker-compose.yml:60", "name", "lemmy-alpha", "build", ".", "dockerfile", "docker/Dockerfile"),
				F(stack.FactService, "docker/federation/docker-compose.yml:70", "name", "lemmy-beta", "build", ".", "dockerfile", "docker/Dockerfile"),
				F(stack.FactService, "docker/federation/docker-compose.yml:80", "name", "lemmy-gamma", "build", ".", "dockerfile", "docker/Dockerfile"),
				F(stack.FactService, "docker/federation/docker-compose.yml:55", "name", "lemmy-alpha-ui", "image", "dessalines/lemmy-ui:0.19.14"),
				F(stack.FactService, "docker/federation/docker-compose.yml:65", "name", "lemmy-beta-ui", "image", "dessalines/lemmy-ui:0.19.14"),
				F(stack.FactService, "docker/federation/docker-compose.yml:75", "name", "lemmy-gamma-ui", "image", "dessalines/lemmy-ui:0.19.14"),
			}},
		{name: "override fragments are not deployables", rule: OverEngineeredMVP, profile: "[project]\ntype = \"mvp\"\n[team]\nsize = 3\n",
			facts: []stack.Signal{
				F(stack.FactService, "compose.yml:49", "name", "backend", "source", "compose", "build", ".", "dockerfile", "backend/Dockerfile"),
				F(stack.FactService, "compose.yml:20", "name", "db", "source", "compose", "image", "postgres:18"),
				F(stack.FactService, "compose.yml:34", "name", "adminer", "source", "compose", "image", "adminer"),
				F(stack.FactService, "compose.deploy.yml:3", "name", "proxy", "source", "compose"),
				F(stack.FactService, "compose.deploy.yml:34", "name", "db", "source", "compose"),
				F(stack.FactService, "compose.deploy.yml:37", "name", "adminer", "source", "compose"),
				F(stack.FactService, "compose.deploy.yml:47", "name", "backend", "source", "compose"),
			}},
		{name: "an orchestrator the profile declares is not over-engineering", rule: OverEngineered,
			profile: "[team]\nsize = 4\n[infrastructure]\nhosting = \"kubernetes\"\n",
			techs:   []techSpec{T("kubernetes", "k8s/api.yaml:1"), T("postgresql", "k8s/db.yaml:4")}},
		{name: "an orchestrator for a load above one server is not over-engineering", rule: OverEngineered,
			profile: "[load]\npeak_rps = 5000\n[team]\nsize = 4\n",
			techs:   []techSpec{T("kubernetes", "contrib/k8s/manifest.yml:3")}},
		{name: "the broker still counts beside a declared orchestrator", rule: OverEngineered,
			profile: "[team]\nsize = 4\n[infrastructure]\nhosting = \"kubernetes\"\n",
			techs:   []techSpec{T("kubernetes", "k8s/api.yaml:1"), T("rabbitmq", "k8s/mq.yaml:1")},
			want:    []string{"runs RabbitMQ (k8s/mq.yaml:1) as a message broker. Each piece"}},
		{name: "silent for an MVP, which has its own rule", rule: OverEngineered,
			profile: "[project]\ntype = \"mvp\"\n[team]\nsize = 3\n",
			techs:   []techSpec{T("kafka", "package.json:14")}},

		// scalability/embedded-database
		{name: "fires on sqlite under declared load", rule: EmbeddedDatabase, profile: highLoad,
			techs: []techSpec{T("sqlite", "app/settings.py:40")},
			want:  []string{"The system of record is SQLite (app/settings.py:40), an embedded database", "the project is declared a high-load SaaS (.stacklint.toml:3)"},
			refs:  []string{"project.type@3"}, evidence: "app/settings.py:40"},
		{name: "fires on e-commerce", rule: EmbeddedDatabase, profile: "[project]\ntype = \"ecommerce\"\n",
			techs: []techSpec{T("h2", "src/main/resources/application-prod.yml:4"), T("spring-boot", "pom.xml:20")},
			want:  []string{"The system of record is H2", "declared an e-commerce project (.stacklint.toml:2)"}},
		{name: "error with several instances, no profile needed", rule: EmbeddedDatabase,
			techs:    []techSpec{T("sqlite", "go.mod:50")},
			facts:    []stack.Signal{F(stack.FactReplicas, "k8s/deploy.yaml:6", "workload", "api", "count", "3")},
			want:     []string{"the repository runs several instances (k8s/deploy.yaml:6)", "every instance would hold its own copy"},
			severity: rule.SeverityError},
		{name: "silent with a server database", rule: EmbeddedDatabase, profile: highLoad,
			techs: []techSpec{T("postgresql", "docker-compose.yml:9"), T("flyway", "pom.xml:30")}},
		{name: "silent when a server database is an interchangeable provider", rule: EmbeddedDatabase, profile: highLoad,
			techs: []techSpec{T("sqlite", "go.mod:50"), T("postgresql", "go.mod:23")}},
		{name: "silent with sqlite at low load", rule: EmbeddedDatabase, profile: "[load]\npeak_rps = 10\n",
			techs: []techSpec{T("sqlite", "app/settings.py:40")}},
		{name: "silent for an internal tool on one instance", rule: EmbeddedDatabase, profile: "[project]\ntype = \"internal-tool\"\n",
			techs: []techSpec{T("sqlite", "app/settings.py:40")}},
		{name: "silent when sqlite is only optional", rule: EmbeddedDatabase, profile: highLoad,
			techs: []techSpec{opt(T("sqlite", "pyproject.toml:30")), T("mongodb", "pyproject.toml:8")}},

		// concurrency/blocking-runtime
		{name: "fires on flask sync workers", rule: BlockingRuntime, profile: highLoad,
			techs: []techSpec{T("flask", "requirements.txt:2")},
			facts: []stack.Signal{F(stack.FactProcess, "Dockerfile:7", "command", "gunicorn -w 4 app:app", "server", "gunicorn", "worker_class", "sync", "workers", "4", "role", "web")},
			want:  []string{"Flask under gunicorn sync workers (Dockerfile:7 `gunicorn -w 4 app:app`) serves 4 requests at a time", "concurrency is declared high (.stacklint.toml:7)"},
			refs:  []string{"load.concurrency@7"}, evidence: "Dockerfile:7"},
		{name: "fires on django without process info", rule: BlockingRuntime, profile: highLoad,
			techs: []techSpec{T("django", "requirements.txt:1")},
			want:  []string{"Django (requirements.txt:1) is synchronous"}},
		{name: "silent with gevent workers", rule: BlockingRuntime, profile: highLoad,
			techs: []techSpec{T("flask", "requirements.txt:2")},
			facts: []stack.Signal{F(stack.FactProcess, "Procfile:1", "command", "gunicorn -k gevent app:app", "server", "gunicorn", "worker_class", "gevent")}},
		{name: "silent with a job queue", rule: BlockingRuntime, profile: highLoad,
			techs: []techSpec{T("django", "requirements.txt:1"), T("celery", "requirements.txt:2")}},
		{name: "silent with async framework", rule: BlockingRuntime, profile: highLoad,
			techs: []techSpec{T("fastapi", "pyproject.toml:8")}},
		{name: "silent at low concurrency", rule: BlockingRuntime, profile: "[load]\nconcurrency = \"low\"\n",
			techs: []techSpec{T("flask", "requirements.txt:2")}},

		// concurrency/cpu-on-event-loop
		{name: "fires on sharp in node", rule: CPUOnEventLoop, profile: "[project]\ntype = \"api-first\"\n",
			techs: []techSpec{T("nodejs", "package.json:1"), T("express", "package.json:10"), T("sharp", "package.json:12")},
			want:  []string{"sharp (package.json:12)", "single event loop"}, evidence: "package.json:12"},
		{name: "fires on declared cpu_heavy", rule: CPUOnEventLoop, profile: "[load]\ncpu_heavy = true\n",
			techs: []techSpec{T("nodejs", "package.json:1")},
			want:  []string{"CPU-heavy work is declared (.stacklint.toml:2)"}, refs: []string{"load.cpu_heavy@2"}},
		{name: "silent with worker pool", rule: CPUOnEventLoop, profile: "[load]\ncpu_heavy = true\n",
			techs: []techSpec{T("nodejs", "package.json:1"), T("sharp", "package.json:12"), T("piscina", "package.json:13")}},
		{name: "silent in python", rule: CPUOnEventLoop, profile: "[load]\ncpu_heavy = true\n",
			techs: []techSpec{T("python", "pyproject.toml:1")}},

		// data/model-mismatch
		{name: "fires on ecommerce on mongodb", rule: ModelMismatch, profile: "[project]\ntype = \"ecommerce\"\n[data]\nconsistency = \"strong\"\n",
			techs: []techSpec{T("mongodb", "package.json:14")},
			want:  []string{"strong consistency (.stacklint.toml:4)", "e-commerce project (.stacklint.toml:2)", "MongoDB (package.json:14), the only database, lacks multi-record transactions"},
			refs:  []string{"data.consistency@4", "project.type@2"}},
		{name: "fires on relational shape in document store", rule: ModelMismatch, profile: "[data]\nshape = \"relational\"\n",
			techs: []techSpec{T("mongodb", "package.json:14")},
			want:  []string{"a relational model (it is document)"}},
		{name: "silent on postgres", rule: ModelMismatch, profile: "[project]\ntype = \"ecommerce\"\n",
			techs: []techSpec{T("postgresql", "docker-compose.yml:4", "src/db.ts:3"), T("mongodb", "x/package.json:3")},
		},
		{name: "silent on a cqrs read model in a document store", rule: ModelMismatch, profile: "[project]\ntype = \"ecommerce\"\n[data]\nconsistency = \"strong\"\n",
			techs: []techSpec{T("postgresql", "orders/build.gradle:10"), T("flyway", "orders/build.gradle:11"),
				T("mongodb", "history/build.gradle:8", "history-api/build.gradle:8", "docker-compose.yml:20")}},
		{name: "fires on a document system of record beside a cache", rule: ModelMismatch, profile: "[data]\nconsistency = \"strong\"\n",
			techs: []techSpec{T("mongodb", "package.json:14"), T("redis", "package.json:15")},
			want:  []string{"the system of record MongoDB (package.json:14), the only database, lacks multi-record transactions"}},
		{name: "silent when eventual", rule: ModelMismatch, profile: "[data]\nconsistency = \"eventual\"\n",
			techs: []techSpec{T("mongodb", "package.json:14")}},

		// data/no-migrations
		{name: "fires on postgres without migrations", rule: NoMigrations,
			techs: []techSpec{T("postgresql", "docker-compose.yml:4")},
			want:  []string{"PostgreSQL (docker-compose.yml:4) is used with no schema migration tool"}},
		{name: "every database without migrations is one finding", rule: NoMigrations,
			techs: []techSpec{T("nodejs", "package.json:1"), T("postgresql", "docker-compose.yml:4"), T("mysql", "docker-compose.yml:12")},
			want:  []string{"MySQL (docker-compose.yml:12) and PostgreSQL (docker-compose.yml:4) are used with no schema migration tool"},
			fix:   []string{"Version the schema of MySQL and PostgreSQL with Prisma Migrate"}, evidenceCount: 2},
		{name: "silent with SQL migration files", rule: NoMigrations,
			techs: []techSpec{T("postgresql", "docker-compose.yml:4"), T("sql-migrations", "store/migration/postgres/0001_init.sql")}},
		{name: "silent with flyway", rule: NoMigrations,
			techs: []techSpec{T("postgresql", "docker-compose.yml:4"), T("flyway", "pom.xml:30")}},
		{name: "silent with typeorm", rule: NoMigrations,
			techs: []techSpec{T("postgresql", "docker-compose.yml:4"), T("typeorm", "package.json:9")}},
		{name: "silent on mongodb", rule: NoMigrations,
			techs: []techSpec{T("mongodb", "package.json:14")}},

		// data/too-many-stores
		{name: "fires for a small team", rule: TooManyStores, profile: "[team]\nsize = 3\n",
			techs: []techSpec{T("postgresql", "a:1"), T("mongodb", "b:1"), T("redis", "c:1")},
			want:  []string{"3 datastores (PostgreSQL, MongoDB and Redis)", "a team of 3 (.stacklint.toml:2)", "more than 2 (max_stores_small_team)"}, refs: []string{"team.size@2"}},
		{name: "forks count once, observability not at all", rule: TooManyStores, profile: "[team]\nsize = 3\n",
			techs: []techSpec{T("postgresql", "a:1"), T("redis", "c:1"), T("valkey", "compose.yml:9"), T("prometheus", "compose.yml:20"), T("grafana", "compose.yml:30")}},
		{name: "forks named with their store", rule: TooManyStores, profile: "[team]\nsize = 3\n",
			techs: []techSpec{T("postgresql", "a:1"), T("mongodb", "b:1"), T("redis", "c:1"), T("valkey", "compose.yml:9")},
			want:  []string{"3 datastores (PostgreSQL, MongoDB and Redis (with Valkey))"}},
		{name: "optional stores said and not counted", rule: TooManyStores, profile: "[team]\nsize = 3\n",
			techs: []techSpec{T("postgresql", "a:1"), T("mongodb", "b:1"), T("redis", "c:1"), opt(T("elasticsearch", "pyproject.toml:30"))},
			want:  []string{"3 datastores (PostgreSQL, MongoDB and Redis)", "Not counted, as only optional dependencies declare them: Elasticsearch."}},
		{name: "optional stores alone stay under the limit", rule: TooManyStores, profile: "[team]\nsize = 3\n",
			techs: []techSpec{T("postgresql", "a:1"), T("redis", "c:1"), opt(T("mongodb", "pyproject.toml:30")), opt(T("cassandra", "pyproject.toml:31"))}},
		{name: "interchangeable providers count once", rule: TooManyStores, profile: "[team]\nsize = 3\n",
			techs: []techSpec{T("sqlite", "go.mod:50"), T("mysql", "go.mod:14"), T("postgresql", "go.mod:23"), T("redis", "x/go.mod:3")}},
		{name: "silent for a bigger team", rule: TooManyStores, profile: "[team]\nsize = 12\n",
			techs: []techSpec{T("postgresql", "a:1"), T("mongodb", "b:1"), T("redis", "c:1")}},
		{name: "threshold overridden", rule: TooManyStores, profile: "[team]\nsize = 3\n[rules.thresholds]\nmax_stores_small_team = 3\n",
			techs: []techSpec{T("postgresql", "a:1"), T("mongodb", "b:1"), T("redis", "c:1")}},

		// talent/rare-stack
		{name: "fires on elixir", rule: RareStack, profile: "[team]\nskills = [\"typescript\"]\nhiring = true\n",
			techs: []techSpec{T("elixir", "mix.exs:1"), T("phoenix", "mix.exs:20")},
			want: []string{"Elixir, the primary language (mix.exs:1), is used by 2.1% of developers", "Phoenix, the primary framework (mix.exs:20)",
				"below the 5% threshold", "plans to hire (.stacklint.toml:3)"},
			fix: []string{"own Elixir and Phoenix"}, evidenceCount: 2},
		{name: "threshold lowered", rule: RareStack, profile: "[rules.thresholds]\nrare_talent_share = 1.0\n",
			techs: []techSpec{T("elixir", "mix.exs:1"), T("phoenix", "mix.exs:20")}},
		{name: "silent on typescript", rule: RareStack, profile: "[team]\nsize = 4\n",
			techs: []techSpec{T("nodejs", "package.json:1"), T("express", "package.json:8")}},

		// talent/skills-gap
		{name: "fires on elixir for a typescript team", rule: SkillsGap, profile: "[team]\nskills = [\"typescript\", \"postgresql\"]\n",
			techs: []techSpec{T("elixir", "mix.exs:1"), T("phoenix", "mix.exs:20"), T("postgresql", "config/dev.exs:3")},
			want:  []string{"Elixir (mix.exs:1) and Phoenix (mix.exs:20) are primary technologies of the stack outside the team's skills", "team.skills (.stacklint.toml:2) lists typescript and postgresql"},
			refs:  []string{"team.skills@2"}, fix: []string{"add `\"elixir\", \"phoenix\"` to `team.skills`"}},
		{name: "a team knowing none of the primary stack is an error", rule: SkillsGap, profile: "[team]\nskills = [\"python\"]\n",
			techs:    []techSpec{T("elixir", "mix.exs:1"), T("phoenix", "mix.exs:20"), T("postgresql", "config/dev.exs:3")},
			want:     []string{"The team knows none of the primary stack: Elixir (mix.exs:1), Phoenix (mix.exs:20) and PostgreSQL (config/dev.exs:3) (primary language, primary framework and primary database)"},
			severity: rule.SeverityError},
		{name: "typescript skill covers nodejs and implied framework", rule: SkillsGap, profile: "[team]\nskills = [\"typescript\", \"express\", \"postgresql\"]\n",
			techs: []techSpec{T("nodejs", "package.json:1"), T("express", "package.json:8"), T("postgresql", "docker-compose.yml:4")}},
		{name: "a team knowing one of interchangeable database providers is covered", rule: SkillsGap,
			profile: "[team]\nskills = [\"go\", \"postgresql\"]\n",
			techs:   []techSpec{T("go", "go.mod:3"), T("mysql", "go.mod:14"), T("postgresql", "go.mod:23"), T("sqlite", "go.mod:50")}},
		{name: "a team knowing none of the providers has a gap", rule: SkillsGap,
			profile: "[team]\nskills = [\"go\"]\n",
			techs:   []techSpec{T("go", "go.mod:3"), T("mysql", "go.mod:14"), T("postgresql", "go.mod:23"), T("sqlite", "go.mod:50")},
			want:    []string{"is a primary technology of the stack outside the team's skills"}},
		{name: "the primary language is the primary framework's, not the front end's", rule: SkillsGap,
			profile: "[team]\nskills = [\"python\", \"django\", \"postgresql\"]\n",
			techs: []techSpec{T("python", "requirements.txt:1"), T("django", "requirements.txt:2"),
				T("nodejs", "static/a/package.json:1", "static/b/package.json:1", "static/c/package.json:1")}},
		{name: "silent without skills", rule: SkillsGap, profile: "[team]\nsize = 2\n",
			techs: []techSpec{T("elixir", "mix.exs:1")}},

		// ecosystem/end-of-life
		{name: "fires past eol", rule: EndOfLife,
			techs:    []techSpec{TV("nodejs", "~16.14", "package.json:5")},
			want:     []string{"Node.js 16 (package.json:5, declared \"~16.14\") reached end of life on 2023-09-11", "Node.js 24 is supported", "source: https://endoflife.date/nodejs"},
			severity: rule.SeverityError, evidence: "package.json:5"},
		{name: "open range floor is only a notice", rule: EndOfLife,
			techs:    []techSpec{TV("nodejs", ">=16", "package.json:5")},
			want:     []string{"Node.js range \">=16\" (package.json:5) allows Node.js 16, past end of life on 2023-09-11; raise the floor to 22"},
			severity: rule.SeverityNotice, evidence: "package.json:5"},
		{name: "lowest version counts", rule: EndOfLife,
			techs:    []techSpec{{id: "python", where: []string{"Dockerfile:1"}, versions: []string{"3.12-slim", "3.8.10"}}},
			want:     []string{"Python 3.8", "2024-10-07"},
			severity: rule.SeverityError},
		{name: "notice near eol", rule: EndOfLife,
			techs:    []techSpec{TV("nodejs", "^22.1.0", "package.json:5")},
			want:     []string{"reaches end of life on 2027-04-30, in 154 days"},
			severity: rule.SeverityNotice},
		{name: "silent when supported", rule: EndOfLife,
			techs: []techSpec{TV("nodejs", "24-alpine", "Dockerfile:1"), TV("postgresql", "16.2", "compose.yml:3")}},
		{name: "silent without version", rule: EndOfLife,
			techs: []techSpec{T("nodejs", "package.json:1")}},

		// ecosystem/deprecated-package
		{name: "fires on request", rule: DeprecatedPackage,
			techs: []techSpec{T("npm-request", "package.json:11")},
			want:  []string{"request (package.json:11) is deprecated: request is deprecated since 2020"}},
		{name: "silent on express", rule: DeprecatedPackage,
			techs: []techSpec{T("express", "package.json:11")}},

		// ecosystem/hand-rolled
		{name: "fires without validation", rule: HandRolled, profile: "[project]\ntype = \"api-first\"\n",
			techs: []techSpec{T("nodejs", "package.json:1"), T("express", "package.json:9")},
			want:  []string{"declared API-first (.stacklint.toml:2)", "no request validation library"}},
		{name: "fires without router", rule: HandRolled, profile: "[project]\ntype = \"api-first\"\n",
			techs: []techSpec{T("go", "go.mod:3")},
			want:  []string{"no web framework or router and no request validation library"}},
		{name: "silent with zod", rule: HandRolled, profile: "[project]\ntype = \"api-first\"\n",
			techs: []techSpec{T("nodejs", "package.json:1"), T("express", "package.json:9"), T("zod", "package.json:10")}},
		{name: "silent with fastapi", rule: HandRolled, profile: "[project]\ntype = \"api-first\"\n",
			techs: []techSpec{T("python", "pyproject.toml:1"), T("fastapi", "pyproject.toml:9")}},
		{name: "silent for other types", rule: HandRolled, profile: "[project]\ntype = \"mvp\"\n",
			techs: []techSpec{T("go", "go.mod:3")}},

		// security/no-auth-standard
		{name: "fires on bare express", rule: NoAuthStandard, profile: "[project]\ntype = \"api-first\"\n",
			techs: []techSpec{T("nodejs", "package.json:1"), T("express", "package.json:9")},
			want:  []string{"Express (package.json:9) serves requests, but no recognised authentication library"}},
		{name: "silent with passport", rule: NoAuthStandard, profile: "[project]\ntype = \"api-first\"\n",
			techs: []techSpec{T("express", "package.json:9"), T("passport", "package.json:10")}},
		{name: "silent with django", rule: NoAuthStandard, profile: "[project]\ntype = \"ecommerce\"\n",
			techs: []techSpec{T("django", "requirements.txt:1")}},

		// security/container-root
		{name: "fires without USER", rule: ContainerRoot,
			facts: []stack.Signal{F(stack.FactContainerUser, "Dockerfile:1", "user", "", "root", "true", "stage", "")},
			want:  []string{"The final stage of Dockerfile sets no USER", "(Dockerfile:1)"}, evidence: "Dockerfile:1"},
		{name: "fires on USER root", rule: ContainerRoot,
			facts: []stack.Signal{F(stack.FactContainerUser, "api/Dockerfile:12", "user", "root", "root", "true", "stage", "runtime")},
			want:  []string{"The final stage (runtime) of api/Dockerfile runs as USER root"}},
		{name: "unnamed final stage: no stage number in the message", rule: ContainerRoot,
			facts: []stack.Signal{F(stack.FactContainerUser, "svc/Dockerfile:31", "user", "", "root", "true", "stage", "1")},
			want:  []string{"The final stage of svc/Dockerfile sets no USER, so the container runs as root (svc/Dockerfile:31)."}},
		{name: "every root container is one finding", rule: ContainerRoot,
			facts: []stack.Signal{F(stack.FactContainerUser, "api/Dockerfile:12", "user", "root", "root", "true", "stage", "runtime"),
				F(stack.FactContainerUser, "web/Dockerfile:3", "user", "", "root", "true", "stage", "0"),
				F(stack.FactContainerUser, "ok/Dockerfile:9", "user", "app", "root", "false")},
			want:          []string{"2 Dockerfiles build images whose container runs as root: api/Dockerfile:12 runs as USER root and web/Dockerfile:3 sets no USER."},
			fix:           []string{"`api/Dockerfile` and `web/Dockerfile`"},
			evidenceCount: 2},
		{name: "silent with non-root user", rule: ContainerRoot,
			facts: []stack.Signal{F(stack.FactContainerUser, "Dockerfile:9", "user", "app", "root", "false")}},

		{name: "silent when root only drops privileges (su-exec, gosu)", rule: ContainerRoot,
			facts: []stack.Signal{F(stack.FactContainerUser, "scripts/Dockerfile:43", "user", "root", "root", "true", "stage", "monolithic", "privilege_drop", "su-exec")}},

		// security/unpinned-image
		{name: "one image", rule: UnpinnedImage,
			facts: []stack.Signal{F(stack.FactUnpinnedImage, "compose.yml:4", "image", "postgres")},
			want:  []string{"The image `postgres` (compose.yml:4) is not pinned"}, fix: []string{"`postgres:<version>`"}},
		{name: "all unpinned images are one finding", rule: UnpinnedImage,
			facts: []stack.Signal{F(stack.FactUnpinnedImage, "Dockerfile:1", "image", "node:latest"), F(stack.FactUnpinnedImage, "compose.yml:4", "image", "redis"),
				F(stack.FactUnpinnedImage, "compose.yml:9", "image", "postgres"), F(stack.FactUnpinnedImage, "worker/Dockerfile:1", "image", "node:latest")},
			want:          []string{"4 image references in 3 files are not pinned", "`node:latest` (Dockerfile:1), `redis` (compose.yml:4)"},
			fix:           []string{"`node:<version>`", "`redis:<version>`", "`postgres:<version>`"},
			evidenceCount: 4},
		{name: "a Skaffold artifact's placeholder is not unpinned", rule: UnpinnedImage,
			facts: []stack.Signal{F(stack.FactBuiltImage, "skaffold.yaml:7", "image", "emailservice"), F(stack.FactUnpinnedImage, "k8s/email.yaml:46", "image", "emailservice"),
				F(stack.FactUnpinnedImage, "src/api/Dockerfile:30", "image", "gcr.io/distroless/static")},
			want: []string{"The image `gcr.io/distroless/static` (src/api/Dockerfile:30) is not pinned"}, evidenceCount: 1},
		{name: "silent when pinned", rule: UnpinnedImage,
			facts: []stack.Signal{F(stack.FactBaseImage, "Dockerfile:1", "image", "node", "tag", "20-alpine")}},

		// security/committed-secrets
		{name: "fires on .env key", rule: CommittedSecrets,
			facts: []stack.Signal{F(stack.FactCommittedSecret, ".env:3", "key", "DB_PASSWORD")},
			want:  []string{"`.env` is committed with the secret-looking key DB_PASSWORD (.env:3)"}, evidence: ".env:3"},
		{name: "one finding per file, with every key", rule: CommittedSecrets,
			facts: []stack.Signal{F(stack.FactCommittedSecret, ".env:3", "key", "DB_PASSWORD"), F(stack.FactCommittedSecret, ".env:7", "key", "API_KEY"),
				F(stack.FactCommittedSecret, "svc/.env:1", "key", "SECRET_KEY")},
			want:  []string{"`.env` is committed with 2 secret-looking keys: DB_PASSWORD (.env:3) and API_KEY (.env:7)."},
			count: 2, evidenceCount: 2},
		{name: "silent without secrets", rule: CommittedSecrets,
			techs: []techSpec{T("nodejs", "package.json:1")}},

		// compliance/no-audit-trail
		{name: "fires without logging", rule: NoAuditTrail, profile: "[compliance]\nstandards = [\"pci-dss\", \"gdpr\"]\n",
			techs: []techSpec{T("express", "package.json:9")},
			want:  []string{"PCI-DSS and GDPR compliance is declared (.stacklint.toml:2)"}, refs: []string{"compliance.standards@2"}},
		{name: "silent with logging", rule: NoAuditTrail, profile: "[compliance]\nstandards = [\"soc2\"]\n",
			techs: []techSpec{T("express", "package.json:9"), T("winston", "package.json:12")}},
		{name: "silent without standards", rule: NoAuditTrail, profile: "[team]\nsize = 2\n",
			techs: []techSpec{T("express", "package.json:9")}},

		// time-to-market/over-engineered-mvp
		{name: "fires on kubernetes and kafka", rule: OverEngineeredMVP, profile: "[project]\ntype = \"mvp\"\n[team]\nsize = 3\n",
			techs: []techSpec{T("kubernetes", "deploy/k8s/deployment.yaml:1"), T("terraform", "infra/main.tf:7"), T("kafka", "package.json:14")},
			want:  []string{"The profile declares an MVP (.stacklint.toml:2) for a team of 3 (.stacklint.toml:4)", "runs Kubernetes (deploy/k8s/deployment.yaml:1), Terraform (infra/main.tf:7) and Kafka (package.json:14)"},
			refs:  []string{"project.type@2", "team.size@4"}},
		{name: "fires on too many services", rule: OverEngineeredMVP, profile: "[project]\ntype = \"mvp\"\n",
			facts: []stack.Signal{
				F(stack.FactService, "compose.yml:2", "name", "api", "build", "./api"),
				F(stack.FactService, "compose.yml:8", "name", "worker", "build", "./worker"),
				F(stack.FactService, "compose.yml:14", "name", "billing", "build", "./billing"),
				F(stack.FactService, "compose.yml:20", "name", "notifier", "build", "./notifier"),
				F(stack.FactService, "compose.yml:26", "name", "db", "image", "postgres:16"),
			},
			want: []string{"deploys 4 services of its own, more than 3 (mvp_max_services): api, billing, notifier and worker"}},
		{name: "silent on a simple mvp", rule: OverEngineeredMVP, profile: "[project]\ntype = \"mvp\"\n",
			techs: []techSpec{T("docker", "Dockerfile:1"), T("postgresql", "compose.yml:9")},
			facts: []stack.Signal{F(stack.FactService, "compose.yml:2", "name", "api", "build", "."), F(stack.FactService, "compose.yml:9", "name", "db", "image", "postgres:16")}},
		{name: "silent for high-load", rule: OverEngineeredMVP, profile: highLoad,
			techs: []techSpec{T("kubernetes", "deploy/k8s/deployment.yaml:1")}},

		// cost/heavy-infrastructure
		{name: "fires on low budget with elasticsearch", rule: HeavyInfrastructure, profile: "[infrastructure]\nbudget = \"low\"\n",
			techs: []techSpec{T("elasticsearch", "docker-compose.yml:20"), T("postgresql", "docker-compose.yml:4")},
			want:  []string{"a low budget (.stacklint.toml:2)", "runs Elasticsearch (docker-compose.yml:20)"}, refs: []string{"infrastructure.budget@2"}},
		{name: "fires on managed databases", rule: HeavyInfrastructure, profile: "[project]\ntype = \"internal-tool\"\n",
			facts: []stack.Signal{
				F(stack.FactManagedService, "infra/main.tf:3", "resource", "aws_db_instance.main", "engine", "postgres", "provider", "aws"),
				F(stack.FactManagedService, "infra/main.tf:20", "resource", "aws_docdb_cluster.docs", "engine", "docdb", "provider", "aws"),
			},
			want: []string{"an internal tool (.stacklint.toml:2)", "2 managed databases (docdb and postgres: infra/main.tf:3, infra/main.tf:20)"}},
		{name: "silent with a big budget", rule: HeavyInfrastructure, profile: "[infrastructure]\nbudget = \"high\"\n[team]\nsize = 30\n",
			techs: []techSpec{T("kafka", "package.json:3"), T("kubernetes", "k8s/a.yaml:1")}},
		{name: "silent on cheap stack", rule: HeavyInfrastructure, profile: "[infrastructure]\nbudget = \"low\"\n",
			techs: []techSpec{T("postgresql", "compose.yml:4"), T("redis", "compose.yml:9")}},

		// business/undocumented-decisions
		{name: "fires on long lifetime", rule: UndocumentedDecisions, profile: "[project]\nlifetime_years = 5\n",
			want: []string{"A lifetime of 5 years is declared (.stacklint.toml:2)", "no architecture decision records"}, refs: []string{"project.lifetime_years@2"}},
		{name: "fires on ecommerce", rule: UndocumentedDecisions, profile: "[project]\ntype = \"ecommerce\"\n",
			want: []string{"declares an e-commerce project (.stacklint.toml:2)"}},
		{name: "silent with ADRs", rule: UndocumentedDecisions, profile: "[project]\nlifetime_years = 5\n",
			facts: []stack.Signal{F(stack.FactADR, "docs/adr/0001-use-postgres.md:1", "title", "Use PostgreSQL")}},
		{name: "silent for short-lived mvp", rule: UndocumentedDecisions, profile: "[project]\ntype = \"mvp\"\nlifetime_years = 1\n"},

		// fit/stack-vs-type
		{name: "fires on flask for ecommerce", rule: StackVsType, profile: "[project]\ntype = \"ecommerce\"\n",
			techs: []techSpec{T("flask", "requirements.txt:2")},
			want:  []string{"declares an e-commerce project (.stacklint.toml:2)", "primary framework is Flask (requirements.txt:2)", "suited to an e-commerce project include Django, Spring Boot"}},
		{name: "silent on nestjs for api-first", rule: StackVsType, profile: "[project]\ntype = \"api-first\"\n",
			techs: []techSpec{T("nestjs", "package.json:7")}},
		{name: "silent on go for high-load", rule: StackVsType, profile: highLoad,
			techs: []techSpec{T("go", "go.mod:3"), T("phoenix", "other/mix.exs:1")}},
		{name: "silent on rust's actix web for high-load", rule: StackVsType, profile: highLoad,
			techs: []techSpec{T("rust", "Cargo.toml:1"), T("actix-web", "crates/api/Cargo.toml:59")}},
		{name: "silent for internal tool", rule: StackVsType, profile: "[project]\ntype = \"internal-tool\"\n",
			techs: []techSpec{T("flask", "requirements.txt:2")}},

		// fit/no-api-contract
		{name: "fires without contract", rule: NoAPIContract, profile: "[project]\ntype = \"api-first\"\n",
			techs: []techSpec{T("express", "package.json:9")},
			want:  []string{"declared API-first (.stacklint.toml:2), Express serves the API (package.json:9), but there is no API contract"}},
		{name: "silent with openapi file", rule: NoAPIContract, profile: "[project]\ntype = \"api-first\"\n",
			techs: []techSpec{T("express", "package.json:9")},
			facts: []stack.Signal{F(stack.FactAPIContract, "openapi.yaml:1", "kind", "openapi", "version", "3.1.0")}},
		{name: "silent with fastapi", rule: NoAPIContract, profile: "[project]\ntype = \"api-first\"\n",
			techs: []techSpec{T("fastapi", "pyproject.toml:9")}},

		// fit/no-observability
		{name: "fires on high-load without metrics", rule: NoObservability, profile: highLoad,
			techs: []techSpec{T("express", "package.json:9"), T("sentry", "package.json:10")},
			want:  []string{"declares a high-load SaaS (.stacklint.toml:3)", "no metrics or tracing"}},
		{name: "silent with opentelemetry", rule: NoObservability, profile: highLoad,
			techs: []techSpec{T("express", "package.json:9"), T("opentelemetry", "package.json:11")}},
		{name: "silent for mvp", rule: NoObservability, profile: "[project]\ntype = \"mvp\"\n",
			techs: []techSpec{T("express", "package.json:9")}},

		// fit/org-standard
		{name: "fires off standard", rule: OrgStandard, profile: "[project]\ntype = \"internal-tool\"\n[organization]\nstandard_stacks = [\"typescript+nestjs+postgresql\", \"java+spring-boot+postgresql\"]\n",
			techs: []techSpec{T("python", "pyproject.toml:1"), T("flask", "pyproject.toml:9"), T("postgresql", "compose.yml:3")},
			want:  []string{"standard stacks, typescript+nestjs+postgresql and java+spring-boot+postgresql (.stacklint.toml:4): Python (pyproject.toml:1) and Flask (pyproject.toml:9) are off the standard"},
			refs:  []string{"organization.standard_stacks@4"}},
		{name: "silent on standard", rule: OrgStandard, profile: "[organization]\nstandard_stacks = [\"typescript+nestjs+postgresql\"]\n",
			techs: []techSpec{T("nodejs", "package.json:1"), T("nestjs", "package.json:7"), T("postgresql", "compose.yml:3")}},
		{name: "silent without standards", rule: OrgStandard, profile: "[project]\ntype = \"internal-tool\"\n",
			techs: []techSpec{T("flask", "pyproject.toml:9")}},

		// fit/radar-hold
		{name: "fires on held technology", rule: RadarHold, profile: "[organization]\nhold = [\n  \"cassandra\",\n  \"mongodb\",\n]\n",
			techs: []techSpec{T("mongodb", "package.json:14")},
			want:  []string{"MongoDB (package.json:14) is on the organisation's tech-radar hold ring (.stacklint.toml:4)"},
			refs:  []string{"organization.hold.1@4"}},
		{name: "silent when not held", rule: RadarHold, profile: "[organization]\nhold = [\"cassandra\"]\n",
			techs: []techSpec{T("mongodb", "package.json:14")}},
		{name: "fires on held for the project type", rule: RadarHold,
			profile: "[project]\ntype = \"high-load-saas\"\n[organization]\nadopt = [\"sqlite\"]\n[organization.by_type.high-load-saas]\nhold = [\"sqlite\"]\n",
			techs:   []techSpec{T("sqlite", "go.mod:9")},
			want:    []string{"SQLite (go.mod:9) is on the organisation's hold ring for high-load-saas projects (.stacklint.toml:6)"},
			refs:    []string{"organization.by_type.high-load-saas.hold.0@6", "project.type@2"}},
		{name: "silent when adopted for the project type", rule: RadarHold,
			profile: "[project]\ntype = \"internal-tool\"\n[organization.by_type.internal-tool]\nadopt = [\"sqlite\"]\n[organization.by_type.high-load-saas]\nhold = [\"sqlite\"]\n",
			techs:   []techSpec{T("sqlite", "go.mod:9")}},
		{name: "rollout lowers to a warning", rule: RadarHold,
			profile: "[organization]\nhold = [\"mongodb\"]\n[rules.\"fit/radar-hold\"]\nlevel = \"error\"\nwarn_until = 2099-03-01\n",
			techs:   []techSpec{T("mongodb", "package.json:14")}, severity: rule.SeverityWarning,
			want: []string{"Rollout (.stacklint.toml:5): warning until 2099-03-01, then error."}, refs: []string{"rules.fit/radar-hold.warn_until@5"}},
		{name: "rollout over: at its level", rule: RadarHold,
			profile: "[organization]\nhold = [\"mongodb\"]\n[rules.\"fit/radar-hold\"]\nlevel = \"error\"\nenforce_from = 2020-03-01\n",
			techs:   []techSpec{T("mongodb", "package.json:14")}, severity: rule.SeverityError,
			want: []string{"is on the organisation's tech-radar hold ring (.stacklint.toml:2)."}},

		// fit/radar-assess
		{name: "fires on assess in production", rule: RadarAssess, profile: "[organization]\nassess = [\"kafka\"]\n",
			techs: []techSpec{T("kafka", "package.json:12")},
			want:  []string{"Kafka (package.json:12) runs in production but is on the organisation's tech-radar assess ring (.stacklint.toml:2), and no architecture decision record names it."},
			refs:  []string{"organization.assess.0@2"}},
		{name: "silent with an ADR naming it", rule: RadarAssess, profile: "[organization]\nassess = [\"kafka\"]\n",
			techs: []techSpec{T("kafka", "package.json:12")},
			facts: []stack.Signal{F(stack.FactADR, "docs/adr/0007-event-bus.md:1", "title", "Use Apache Kafka for events")}},
		{name: "an ADR naming another technology does not count", rule: RadarAssess, profile: "[organization]\nassess = [\"go\"]\n",
			techs: []techSpec{T("go", "go.mod:3")},
			facts: []stack.Signal{F(stack.FactADR, "docs/adr/0002-mongodb.md:1", "title", "Use MongoDB and Django")},
			want:  []string{"Go (go.mod:3) runs in production"}},
		{name: "silent for a prototype", rule: RadarAssess, profile: "[project]\nstage = \"prototype\"\n[organization]\nassess = [\"kafka\"]\n",
			techs: []techSpec{T("kafka", "package.json:12")}},
		{name: "silent on trial", rule: RadarAssess, profile: "[organization]\ntrial = [\"kafka\"]\n",
			techs: []techSpec{T("kafka", "package.json:12")}},

		// ops/no-ci
		{name: "fires without CI", rule: NoCI,
			techs: []techSpec{T("nodejs", "package.json:1")},
			want:  []string{"no CI pipeline"}},
		{name: "silent with workflow", rule: NoCI,
			techs: []techSpec{T("nodejs", "package.json:1")},
			facts: []stack.Signal{F(stack.FactCIPipeline, ".github/workflows/ci.yml:1", "system", "github-actions")}},
		{name: "silent with ci technology", rule: NoCI,
			techs: []techSpec{T("nodejs", "package.json:1"), T("github-actions", ".github/workflows/ci.yml:8")}},
	}
}

// TestEveryRuleFiresAndStaysSilent checks that each rule of All has a case
// where it fires and one where it must not.
func TestEveryRuleFiresAndStaysSilent(t *testing.T) {
	fires, silent := map[string]bool{}, map[string]bool{}
	for _, c := range cases() {
		if c.want != nil {
			fires[c.rule.ID] = true
		} else {
			silent[c.rule.ID] = true
		}
	}
	for _, r := range All() {
		if !fires[r.ID] || !silent[r.ID] {
			t.Errorf("%s: fires case %v, silent case %v", r.ID, fires[r.ID], silent[r.ID])
		}
	}
}

func TestValidateAll(t *testing.T) {
	if err := rule.Validate(All()); err != nil {
		t.Fatal(err)
	}
}

func TestNeedsProfile(t *testing.T) {
	noProfile := map[string]bool{
		"security/container-root": true, "security/unpinned-image": true, "security/committed-secrets": true,
		"ecosystem/end-of-life": true, "ecosystem/deprecated-package": true, "data/no-migrations": true, "ops/no-ci": true,
		"scalability/embedded-database": true,
	}
	for _, r := range All() {
		if r.NeedsProfile == noProfile[r.ID] {
			t.Errorf("%s: NeedsProfile = %v", r.ID, r.NeedsProfile)
		}
	}
}

// TestNoProfileRunsOnlyProfileFreeRules runs All without a profile.
func TestNoProfileRunsOnlyProfileFreeRules(t *testing.T) {
	cat := rulestest.Catalog(t)
	st := rulestest.Stack([]stack.Technology{
		rulestest.Tech(cat, "elixir", []string{"mix.exs:1"}),
		rulestest.Tech(cat, "postgresql", []string{"config/prod.exs:4"}),
	}, F(stack.FactContainerUser, "Dockerfile:1", "root", "true"))
	res := rule.Run(rulestest.Context(t, st, ""), All())
	var ids []string
	for _, f := range res.Findings {
		ids = append(ids, f.RuleID)
	}
	want := "data/no-migrations security/container-root ops/no-ci"
	if strings.Join(ids, " ") != want {
		t.Errorf("findings %v, want %s", ids, want)
	}
	if res.NotApplicable != 21 || res.Passed != 5 {
		t.Errorf("not applicable %d, passed %d", res.NotApplicable, res.Passed)
	}
}

func TestComponentOf(t *testing.T) {
	ev := func(file, scope string) stack.Evidence { return stack.Evidence{File: file, Line: 1, Scope: scope} }
	for _, c := range []struct {
		name  string
		comps []string
		ev    []stack.Evidence
		want  string
	}{
		{"one component", []string{"apps/web"}, []stack.Evidence{ev("apps/web/package.json", "runtime")}, "apps/web"},
		{"root only dev", []string{".", "apps/web"},
			[]stack.Evidence{ev("apps/web/Dockerfile", "runtime"), ev("package.json", "dev")}, "apps/web"},
		{"two production components", []string{".", "services/payments"},
			[]stack.Evidence{ev("docker-compose.yml", "runtime"), ev("services/payments/go.mod", "runtime")}, ""},
		{"deepest component wins", []string{".", "apps", "apps/web"},
			[]stack.Evidence{ev("apps/web/Dockerfile", "runtime")}, "apps/web"},
		{"prefix is not a folder", []string{"app", "application"},
			[]stack.Evidence{ev("application/pom.xml", "runtime")}, "application"},
		{"no production evidence, one component", []string{"tools"}, []stack.Evidence{ev("tools/package.json", "dev")}, "tools"},
		{"no production evidence, two components", []string{".", "tools"}, []stack.Evidence{ev("tools/package.json", "dev")}, ""},
		{"no components", nil, []stack.Evidence{ev("package.json", "runtime")}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := componentOf(stack.Technology{Components: c.comps, Evidence: c.ev}); got != c.want {
				t.Errorf("componentOf = %q, want %q", got, c.want)
			}
		})
	}
}
