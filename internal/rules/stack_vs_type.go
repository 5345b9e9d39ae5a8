package rules

import (
	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// StackVsType fires when the primary framework is not among the stacks
// suited to the declared project type.
var StackVsType = rule.Rule{
	Info: rule.Info{
		ID:        "fit/stack-vs-type",
		Title:     "Framework unsuited to the project type",
		Criterion: rule.CriterionFit,
		Severity:  rule.SeverityWarning,
		Effort:    rule.EffortHigh,
		Doc: "Each kind of project rewards different strengths: an MVP needs speed of delivery, an " +
			"API-first product contract-driven routing and validation, e-commerce a mature ORM, " +
			"transactions and an admin, a high-load SaaS an efficient concurrent runtime.\n\n" +
			"The rule applies when `project.type` is declared. It fires when the primary web framework " +
			"is outside the stacks suited to that type:\n\n" +
			"- `mvp`: Node.js with NestJS (or Express, Fastify), Django, FastAPI, Rails, Laravel;\n" +
			"- `api-first`: NestJS, Express, Fastify, FastAPI, Spring Boot, ASP.NET Core, Go routers " +
			"(Gin, Echo, Fiber, chi), Rust's Actix Web and Axum;\n" +
			"- `ecommerce`: Django, Spring Boot, ASP.NET Core, Laravel, Rails;\n" +
			"- `high-load-saas`: Spring Boot, ASP.NET Core, Go and Rust services, Node.js (NestJS, Express, " +
			"Fastify), Quarkus, Micronaut, Vert.x;\n" +
			"- `internal-tool`: the organisation's standard stacks, checked by `fit/org-standard`.",
		Remediation: "For new services, prefer a framework suited to the project type; for an existing " +
			"one, record why it was chosen (an ADR) and waive the rule with that reason.",
		NeedsProfile: true,
	},
	Uses:  rule.Uses{IDs: compiledConcurrent},
	Check: checkStackVsType,
}

var suitedFrameworks = map[string][]string{
	profile.TypeMVP:          {"nestjs", "express", "fastify", "django", "fastapi", "rails", "laravel"},
	profile.TypeAPIFirst:     {"nestjs", "express", "fastify", "fastapi", "spring-boot", "aspnet-core", "gin", "echo", "fiber", "chi", "actix-web", "axum"},
	profile.TypeEcommerce:    {"django", "spring-boot", "aspnet-core", "laravel", "rails"},
	profile.TypeHighLoadSaaS: {"spring-boot", "aspnet-core", "gin", "echo", "fiber", "chi", "nestjs", "express", "fastify", "quarkus", "micronaut", "vertx", "actix-web", "axum"},
}

func checkStackVsType(ctx *rule.Context) []rule.Finding {
	typ := ctx.P().Project.Type
	suited, ok := suitedFrameworks[typ]
	if !ok {
		return nil
	}
	fw, ok := ctx.PrimaryFramework()
	if !ok || inIDs(suited, fw.ID) {
		return nil
	}
	if typ == profile.TypeHighLoadSaaS {
		// Go and Rust serve high load with any router: their runtimes are
		// the efficient concurrent runtime the type asks for.
		if lang, ok := ctx.PrimaryLanguage(); ok && inIDs(compiledConcurrent, lang.ID) {
			return nil
		}
	}
	var names []string
	for _, id := range suited {
		if e, ok := ctx.Entry(id); ok {
			names = append(names, e.Name)
		} else if n, ok := displayNames[id]; ok {
			names = append(names, n)
		} else {
			names = append(names, id)
		}
	}
	msg, brief := twoWays(func(at func(stack.Technology) string) string {
		return "The profile declares " + typeName(typ) + " " + ctx.Cite("project.type") + ", but its primary framework is " +
			at(fw) + "; frameworks suited to " + typeName(typ) + " include " + rule.JoinAnd(names) + "."
	})
	return []rule.Finding{{
		Message:      msg,
		Brief:        brief,
		Technologies: []string{fw.ID},
		Evidence:     rule.TechEvidence(fw, 2),
		Profile:      []rule.ProfileRef{ctx.Ref("project.type")},
		Component:    componentOf(fw),
		Subject:      fw.ID,
	}}
}

// compiledConcurrent are the languages whose runtimes suit a high-load
// SaaS whatever web framework serves it.
var compiledConcurrent = []string{"go", "rust"}

// displayNames names the suited frameworks when the catalog lacks them.
var displayNames = map[string]string{
	"nestjs": "NestJS", "express": "Express", "fastify": "Fastify", "django": "Django", "fastapi": "FastAPI",
	"rails": "Rails", "laravel": "Laravel", "spring-boot": "Spring Boot", "aspnet-core": "ASP.NET Core",
	"gin": "Gin", "echo": "Echo", "fiber": "Fiber", "chi": "chi", "quarkus": "Quarkus", "micronaut": "Micronaut",
	"vertx": "Vert.x", "actix-web": "Actix Web", "axum": "Axum",
}
