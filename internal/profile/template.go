package profile

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/stacklint/stacklint/internal/stack"
)

// Hosting ids recognised by DetectHosting, by hosting kind.
var (
	serverlessIDs = []string{"aws-lambda", "lambda", "serverless", "serverless-framework", "aws-sam", "google-cloud-functions", "azure-functions", "cloudflare-workers", "vercel", "netlify"}
	paasIDs       = []string{"heroku", "fly", "fly-io", "render", "railway", "app-engine", "google-app-engine", "cloud-run", "elastic-beanstalk", "azure-app-service", "digitalocean-app-platform"}
	containerIDs  = []string{"docker-compose", "ecs", "aws-ecs", "nomad"}
)

// DetectHosting returns infrastructure.hosting as the repository's
// deployment evidence shows it, or "" when nothing shows where it runs:
// "kubernetes" for Kubernetes manifests, Helm charts or autoscalers,
// "serverless" for function configurations, "paas" for Heroku, Fly.io,
// Render, App Engine and the like, "containers" for a production Compose
// file or a container service (ECS, Nomad). A Dockerfile alone builds an
// image but does not say where it runs, and a docs site's hosting
// (Netlify or Vercel under docs/, website/...) is not the product's.
func DetectHosting(st *stack.Stack) string {
	h, _ := HostingEvidence(st)
	return h
}

// HostingEvidence is DetectHosting with the evidence that decided it
// ("charts/api/Chart.yaml:1"), "" and "" when there is none.
func HostingEvidence(st *stack.Stack) (hosting, where string) {
	if st == nil {
		return "", ""
	}
	find := func(ids []string, cats ...string) string {
		for _, t := range st.Production() {
			if !contains(ids, t.ID) && !contains(cats, t.Category) {
				continue
			}
			for _, e := range t.Evidence {
				if (e.Scope == "" || e.Scope == stack.ScopeRuntime) && !docsSite(e.File) && !e.Implied() {
					return e.String()
				}
			}
		}
		return ""
	}
	autoscaler := func(kinds ...string) string {
		for _, f := range st.FactsNamed(stack.FactAutoscaling) {
			if contains(kinds, f.Attr("kind")) && !docsSite(f.File) {
				return stack.Evidence{File: f.File, Line: f.Line}.String()
			}
		}
		return ""
	}
	for _, c := range []struct {
		hosting string
		where   func() string
	}{
		{"kubernetes", func() string { return find([]string{"kubernetes", "helm", "kustomize", "argocd"}, "orchestration") }},
		{"kubernetes", func() string { return autoscaler("hpa", "keda") }},
		{"serverless", func() string { return find(serverlessIDs, "serverless") }},
		{"serverless", func() string { return autoscaler("serverless") }},
		{"paas", func() string { return find(paasIDs, "paas") }},
		{"paas", func() string { return autoscaler("paas", "cloud-run") }},
		{"containers", func() string { return find(containerIDs) }},
	} {
		if w := c.where(); w != "" {
			return c.hosting, w
		}
	}
	return "", ""
}

// docsSite reports whether a file belongs to a documentation site, whose
// hosting says nothing about where the product runs.
func docsSite(file string) bool {
	for _, part := range strings.Split(file, "/")[:max(strings.Count(file, "/"), 0)] {
		switch strings.ToLower(part) {
		case "docs", "doc", "documentation", "website", "site", "www", "book", "mkdocs", "docusaurus", "storybook":
			return true
		}
	}
	return false
}

// SkillsFrom lists the ids of the production languages, frameworks and
// databases of a stack, for team.skills.
func SkillsFrom(st *stack.Stack) []string {
	if st == nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, t := range st.Production() {
		ok := t.Layer == stack.LayerLanguage || t.Layer == stack.LayerFramework ||
			(t.Layer == stack.LayerData && (t.Category == "database" || t.Category == "cache"))
		if ok && !seen[t.ID] {
			seen[t.ID] = true
			out = append(out, t.ID)
		}
	}
	sort.Strings(out)
	return out
}

// Template returns the commented .stacklint.toml that `stacklint init`
// writes from the detected stack. It never silences a rule by guessing:
// team.skills is a commented suggestion (the production languages,
// frameworks and databases), and infrastructure.hosting is set only from
// deployment evidence (see HostingEvidence), else commented with why. Every other key is present as a comment with
// its allowed values. The result parses with Parse.
func Template(st *stack.Stack) []byte {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	list := func(vs []string) string { return strings.Join(vs, " | ") }
	quoted := func(vs []string) string {
		q := make([]string, len(vs))
		for i, v := range vs {
			q[i] = strconv.Quote(v)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}

	w("# stacklint project profile: what this project is, so `stacklint check` can tell")
	w("# where the stack fights it. Every key is optional; uncomment what applies.")
	w("# Rules that read a key only run when it is declared. Docs: stacklint explain RULE")
	w("")
	w("[project]")
	w("# What is being built: %s", list(ProjectTypes))
	w("# type = \"api-first\"")
	w("# How many years the product is expected to live (3+ expects decision records).")
	w("# lifetime_years = 3")
	w("# Where the product is: %s", list(Stages))
	w("# stage = \"production\"")
	w("")
	w("[load]")
	w("# Expected peak requests per second.")
	w("# peak_rps = 500")
	w("# How fast load grows: %s", list(Growths))
	w("# growth = \"steady\"")
	w("# Requests in flight at once: %s", list(Concurrencies))
	w("# concurrency = \"medium\"")
	w("# 99th-percentile latency target, in milliseconds.")
	w("# latency_p99_ms = 300")
	w("# Websockets, streaming or live updates.")
	w("# realtime = false")
	w("# Requests do CPU-bound work (image, video, ML, crypto).")
	w("# cpu_heavy = false")
	w("")
	w("[data]")
	w("# Consistency the business needs: %s", list(Consistencies))
	w("# consistency = \"strong\"")
	w("# Shape of the data: %s", list(Shapes))
	w("# shape = \"relational\"")
	w("# Ad-hoc reporting and analytics over the data.")
	w("# reporting = false")
	w("")
	w("[team]")
	w("# Engineers working on it.")
	w("# size = 4")
	w("# Technology ids the team knows well (catalog ids, see `stacklint scan`).")
	skills := SkillsFrom(st)
	if len(skills) > 0 {
		w("# Suggested from the detected stack, left commented so that a skills gap is not")
		w("# hidden by default: uncomment it keeping only what the team really knows.")
		w("# skills = %s", quoted(skills))
	} else {
		w("# skills = [\"typescript\", \"postgresql\"]")
	}
	w("# The team plans to hire for this stack.")
	w("# hiring = false")
	w("")
	w("[compliance]")
	w("# Standards the product must meet: %s", list(Standards))
	w("# standards = [\"gdpr\"]")
	w("")
	w("[infrastructure]")
	w("# Where it runs: %s", list(Hostings))
	switch hosting, where := HostingEvidence(st); {
	case hosting != "":
		w("# Detected from deployment files (%s).", where)
		w("hosting = %q", hosting)
	case st != nil:
		w("# Left commented: no deployment file (Kubernetes, Helm, serverless, PaaS, production")
		w("# Compose) says where it runs; a Dockerfile alone does not.")
		w("# hosting = \"containers\"")
	default:
		w("# hosting = \"containers\"")
	}
	w("# Infrastructure budget: %s", list(Budgets))
	w("# budget = \"medium\"")
	w("")
	w("[organization]")
	w("# The organisation's approved stacks, each as technology ids joined by \"+\".")
	w("# standard_stacks = [\"typescript+nestjs+postgresql\", \"java+spring-boot+postgresql\"]")
	w("# Tech radar rings (technology ids); anything on hold is reported.")
	w("# adopt = [\"postgresql\"]")
	w("# trial = []")
	w("# assess = []")
	w("# hold = [\"mongodb\"]")
	w("# Or the radar file the organisation keeps (BYOR CSV or JSON, Zalando config.json,")
	w("# Backstage JSON, AOE Markdown), relative to this file; never a URL. Rings for one")
	w("# project type go in [organization.by_type.<type>] tables.")
	w("# radar = \"platform/tech-radar.csv\"")
	w("")
	w("[compare]")
	w("# What `stacklint compare` scores: framework ids to compare (default: the current stack")
	w("# and NestJS, Express, Django, FastAPI, Spring Boot, ASP.NET Core, Gin, Laravel, Rails).")
	w("# candidates = [\"nestjs\", \"fastapi\", \"spring-boot\"]")
	w("")
	w("[compare.weights]")
	w("# How much each criterion counts, 0 (ignore) to %d; unset ones keep the defaults", MaxWeight)
	w("# for the project type (`stacklint compare --help` lists them). Criteria: %s.", strings.Join(CompareCriteria, ", "))
	w("# scalability = 3")
	w("")
	w("[rules]")
	w("# Per-rule level: %s, e.g.", list(RuleLevels))
	w("# \"talent/rare-stack\" = \"warning\"")
	w("# \"ops/no-ci\" = \"off\"")
	w("")
	w("[rules.thresholds]")
	w("# The numbers rules compare against (defaults shown).")
	for _, s := range ThresholdSpecs {
		w("# %s", s.Doc)
		w("# %s = %s", s.Key, s.DefaultString())
	}
	w("")
	w("# Waivers accept a finding, for a reason, optionally for some paths and until a date.")
	w("# An expired waiver stops applying and is reported itself.")
	w("# [[waivers]]")
	w("# rule = \"security/unpinned-image\"")
	w("# paths = [\"docker/dev/**\"]")
	w("# reason = \"development image, never deployed\"")
	w("# expires = 2027-06-30")
	return []byte(b.String())
}
