package report

import (
	"fmt"
	"time"

	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// Hand-made checks for the report tests: a TypeScript shop declared as an
// MVP that grew Kubernetes and Kafka.

func ev(file string, line int, detail string) stack.Evidence {
	return stack.Evidence{File: file, Line: line, Detail: detail, Scope: stack.ScopeRuntime}
}

func tech(id, name string, layer stack.Layer, version string, evs ...stack.Evidence) stack.Technology {
	t := stack.Technology{ID: id, Name: name, Layer: layer, Category: "x", Scope: stack.ScopeRuntime, Components: []string{"apps/api"}, Evidence: evs}
	if version != "" {
		t.Versions = []string{version}
	}
	return t
}

func fixtureStack() *stack.Stack {
	ts := []stack.Technology{
		tech("typescript", "TypeScript", stack.LayerLanguage, "^5.3.3", ev("apps/api/package.json", 30, "npm package typescript ^5.3.3")),
		tech("nodejs", "Node.js", stack.LayerLanguage, "20-alpine", ev("apps/api/Dockerfile", 1, "image node:20-alpine")),
		tech("nestjs", "NestJS", stack.LayerFramework, "^10.3.0", ev("apps/api/package.json", 12, "npm package @nestjs/core ^10.3.0")),
		tech("postgresql", "PostgreSQL", stack.LayerData, "16", ev("docker-compose.yml", 8, "image postgres:16")),
		tech("typeorm", "TypeORM", stack.LayerData, "^0.3.20", ev("apps/api/package.json", 20, "npm package typeorm ^0.3.20")),
		tech("docker", "Docker", stack.LayerInfrastructure, "", ev("apps/api/Dockerfile", 0, "")),
		tech("kubernetes", "Kubernetes", stack.LayerInfrastructure, "", ev("deploy/k8s/deployment.yaml", 1, "Deployment api")),
		tech("helm", "Helm", stack.LayerInfrastructure, "", ev("charts/app/Chart.yaml", 1, "chart app")),
		tech("kafka", "Kafka", stack.LayerSupporting, "", ev("apps/api/package.json", 14, "npm package kafkajs ^2.2.4")),
		tech("github-actions", "GitHub Actions", stack.LayerSupporting, "", ev(".github/workflows/ci.yml", 0, "")),
		// Not production: must not show in the stack table.
		{ID: "sqlite", Name: "SQLite", Layer: stack.LayerData, Scope: stack.ScopeNonProduction, Evidence: []stack.Evidence{{File: "examples/demo/db.ts", Line: 3}}},
	}
	return &stack.Stack{
		Technologies: ts,
		Components: []stack.Component{
			{Path: "apps/api", Manifests: []string{"apps/api/package.json"}, Technologies: []string{"typescript", "nodejs", "nestjs", "typeorm", "kafka"}},
			{Path: "examples/demo", Manifests: []string{"examples/demo/package.json"}, Technologies: []string{"sqlite"}, NonProduction: true},
		},
		FilesScanned: 42,
	}
}

func fixtureRules() []rule.Info {
	mk := func(id, title, crit string, sev rule.Severity, needs bool) rule.Info {
		return rule.Info{
			ID: id, Title: title, Criterion: crit, Severity: sev, NeedsProfile: needs,
			Doc:         fmt.Sprintf("Why %s matters: it costs the team time later.\n\nHow it decides: it reads the stack and the profile.", id),
			Remediation: "Fix " + id + " as its documentation says.",
		}
	}
	return []rule.Info{
		mk("scalability/no-scaling-plan", "No plan for scaling beyond one server", rule.CriterionScalability, rule.SeverityError, true),
		mk("data/no-migrations", "Relational database without migrations", rule.CriterionData, rule.SeverityWarning, false),
		mk("ecosystem/deprecated-package", "Deprecated package", rule.CriterionEcosystem, rule.SeverityNotice, false),
		mk("security/unpinned-image", "Unpinned container image", rule.CriterionSecurity, rule.SeverityWarning, false),
		mk("security/container-root", "Container runs as root", rule.CriterionSecurity, rule.SeverityWarning, false),
		mk("time-to-market/over-engineered-mvp", "Over-engineered MVP", rule.CriterionTimeToMarket, rule.SeverityError, true),
		mk("business/undocumented-decisions", "No architecture decision records", rule.CriterionBusiness, rule.SeverityNotice, true),
		mk("ops/no-ci", "No CI configuration", rule.CriterionFit, rule.SeverityWarning, false),
	}
}

func prof(key, value string, line int) rule.ProfileRef {
	return rule.ProfileRef{Key: key, Value: value, File: ".stacklint.toml", Line: line}
}

func fixtureFindings() []rule.Finding {
	return []rule.Finding{
		{
			RuleID: "time-to-market/over-engineered-mvp", Title: "Over-engineered MVP", Criterion: rule.CriterionTimeToMarket,
			Severity: rule.SeverityError,
			Message:  "The profile says `mvp` for a team of 3 (.stacklint.toml:2), and the stack runs Kubernetes, Helm and Kafka.",
			Evidence: []stack.Evidence{
				ev("deploy/k8s/deployment.yaml", 1, "Deployment api"), ev("charts/app/Chart.yaml", 1, "chart app"),
				ev("apps/api/package.json", 14, "npm package kafkajs ^2.2.4"),
			},
			Profile:     []rule.ProfileRef{prof("project.type", `"mvp"`, 2), prof("team.size", "3", 9)},
			Remediation: "Ship on one container platform (PaaS or Compose) and a managed queue until the product has users.\n\nKeep Kubernetes for when it pays.",
			Fingerprint: "time-to-market/over-engineered-mvp:.", New: true,
		},
		{
			RuleID: "scalability/no-scaling-plan", Title: "No plan for scaling beyond one server", Criterion: rule.CriterionScalability,
			Severity:    rule.SeverityError,
			Message:     "Peak load of 20,000 rps is declared (.stacklint.toml:6), but nothing scales past one server: no replicas above 1, no autoscaler, no written scaling plan.",
			Profile:     []rule.ProfileRef{prof("load.peak_rps", "20000", 6)},
			Remediation: "Run 2+ replicas behind a load balancer with an autoscaler, or write docs/scaling.md.",
			Fingerprint: "scalability/no-scaling-plan:.",
		},
		{
			RuleID: "security/unpinned-image", Title: "Unpinned container image", Criterion: rule.CriterionSecurity,
			Severity:    rule.SeverityWarning,
			Message:     "The base image `node:latest` is not pinned | a rebuild can pull a different <major> version.",
			Evidence:    []stack.Evidence{ev("apps/api/Dockerfile", 1, "FROM node:latest")},
			Remediation: "Pin a tag (`node:20.11-alpine`) or a digest.",
			Component:   "apps/api", Fingerprint: "security/unpinned-image:apps/api:node",
		},
		{
			RuleID: "data/no-migrations", Title: "Relational database without migrations", Criterion: rule.CriterionData,
			Severity:    rule.SeverityWarning,
			Message:     "PostgreSQL is used through TypeORM (apps/api/package.json:20) and no migration tool or folder was found.",
			Evidence:    []stack.Evidence{ev("apps/api/package.json", 20, "npm package typeorm ^0.3.20"), ev("docker-compose.yml", 8, "image postgres:16")},
			Remediation: "Use TypeORM migrations (`typeorm migration:generate`) and run them in CI.",
			Component:   "apps/api", Fingerprint: "data/no-migrations:apps/api", New: true,
		},
		{
			RuleID: "ecosystem/deprecated-package", Title: "Deprecated package", Criterion: rule.CriterionEcosystem,
			Severity:    rule.SeverityNotice,
			Message:     "request is deprecated since 2020; @types/request and @nestjs/axios show it is still wired in.",
			Evidence:    []stack.Evidence{ev("apps/api/package.json", 18, "npm package request ^2.88.2")},
			Remediation: "Move to the built-in fetch or undici.",
			Component:   "apps/api", Fingerprint: "ecosystem/deprecated-package:apps/api:request",
		},
		{
			RuleID: "business/undocumented-decisions", Title: "No architecture decision records", Criterion: rule.CriterionBusiness,
			Severity:    rule.SeverityNotice,
			Message:     "The product is meant to live 5 years (.stacklint.toml:3) and no architecture decision record was found.",
			Profile:     []rule.ProfileRef{prof("project.lifetime_years", "5", 3)},
			Remediation: "Write the first ADRs under docs/adr/ (one page each: context, decision, consequences).",
			Fingerprint: "business/undocumented-decisions:.",
		},
	}
}

func fixtureWaived() []Waived {
	return []Waived{{
		Finding: rule.Finding{
			RuleID: "security/container-root", Title: "Container runs as root", Criterion: rule.CriterionSecurity,
			Severity: rule.SeverityWarning, Message: "The final stage of apps/api/Dockerfile runs as root.",
			Evidence: []stack.Evidence{ev("apps/api/Dockerfile", 12, "no USER")}, Component: "apps/api",
			Remediation: "Add `USER node`.", Fingerprint: "security/container-root:apps/api",
		},
		Reason: "The entrypoint drops to uid 1000 | see ADR-7", Expires: "2026-12-31", File: ".stacklint.toml", Line: 40,
	}}
}

func fixtureDiff() *StackDiff {
	return &StackDiff{
		BaseRef: "origin/main",
		Added: []stack.Technology{
			tech("kafka", "Kafka", stack.LayerSupporting, "", ev("apps/api/package.json", 14, "npm package kafkajs ^2.2.4")),
			tech("helm", "Helm", stack.LayerInfrastructure, "", ev("charts/app/Chart.yaml", 1, "chart app")),
		},
		Removed:  []stack.Technology{tech("redis", "Redis", stack.LayerData, "7", ev("docker-compose.yml", 12, "image redis:7"))},
		Upgraded: []VersionChange{{Tech: tech("nestjs", "NestJS", stack.LayerFramework, "^10.3.0", ev("apps/api/package.json", 12, "npm package @nestjs/core ^10.3.0")), From: "10.2", To: "10.3"}},
	}
}

// fullCheck is a declared-profile check with findings of every severity,
// repository- and file-level, and a waived one.
func fullCheck() *Check {
	return &Check{
		Root: "./shop", Version: "1.2.0", Stack: fixtureStack(), Findings: fixtureFindings(), Rules: fixtureRules(), Today: fixtureToday,
		Passed: 14, NotApplicable: 0, Waived: fixtureWaived(),
		Profile:  ProfileSummary{Path: ".stacklint.toml", Declared: true, Headline: "MVP · peak 20,000 rps · team of 3: typescript, postgresql"},
		FailOn:   rule.SeverityError,
		ExitCode: 1,
	}
}

// diffCheck is fullCheck against a base, with links to the head commit.
func diffCheck() *Check {
	c := fullCheck()
	c.Diff = fixtureDiff()
	c.Links = &Links{RepoURL: "https://github.com/acme/shop", Commit: "0123456789abcdef0123456789abcdef01234567"}
	return c
}

// cleanCheck is a healthy repository.
func cleanCheck() *Check {
	return &Check{
		Root: ".", Version: "1.2.0", Stack: fixtureStack(), Rules: fixtureRules(), Today: fixtureToday, Passed: 20,
		Profile: ProfileSummary{Path: ".stacklint.toml", Declared: true, Headline: "API-first · peak 500 rps"},
		FailOn:  rule.SeverityError,
	}
}

// noProfileCheck ran with the embedded default: only profile-free rules.
func noProfileCheck() *Check {
	fs := fixtureFindings()
	var kept []rule.Finding
	for _, f := range fs {
		if len(f.Profile) == 0 {
			kept = append(kept, f)
		}
	}
	return &Check{
		Root: ".", Version: "dev", Stack: fixtureStack(), Findings: kept, Rules: fixtureRules(), Today: fixtureToday,
		Passed: 8, NotApplicable: 12, FailOn: rule.SeverityWarning, ExitCode: 1,
	}
}

// fixtureToday is the date of the fixture checks (waiver expiries).
var fixtureToday = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
