package rules

import (
	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/rule"
)

// HandRolled fires when an API-first service has no web framework or no
// validation library: routing or input checking written by hand.
var HandRolled = rule.Rule{
	Info: rule.Info{
		ID:        "ecosystem/hand-rolled",
		Title:     "API plumbing written by hand",
		Criterion: rule.CriterionEcosystem,
		Severity:  rule.SeverityNotice,
		Effort:    rule.EffortMedium,
		Doc: "An API-first product lives on its routing and input validation. Hand-written routers and " +
			"validators miss edge cases a maintained library has fixed long ago, and every new " +
			"developer has to learn them.\n\n" +
			"The rule applies when `project.type = \"api-first\"`. It fires when the production stack has " +
			"no web framework or router (category `web-framework`), or no validation library (category " +
			"`validation`: Zod, Joi, class-validator, Pydantic, Hibernate Validator, FluentValidation...) " +
			"unless the framework validates requests itself (FastAPI, Django REST framework, Spring Boot, " +
			"ASP.NET Core, Rails, Laravel, Phoenix).",
		Remediation: "Use the ecosystem's standard router and a schema validation library, ideally one " +
			"that also generates the API contract (FastAPI, NestJS with class-validator and Swagger, " +
			"Zod with an OpenAPI generator).",
		NeedsProfile: true,
	},
	Uses:  rule.Uses{IDs: validatingFrameworks, Categories: []string{"validation"}},
	Check: checkHandRolled,
}

var validatingFrameworks = []string{"fastapi", "django-rest-framework", "spring-boot", "aspnet-core", "rails", "laravel", "phoenix", "litestar", "django-ninja", "quarkus", "micronaut", "symfony"}

func checkHandRolled(ctx *rule.Context) []rule.Finding {
	if ctx.P().Project.Type != profile.TypeAPIFirst {
		return nil
	}
	lang, ok := ctx.PrimaryLanguage()
	if !ok {
		return nil
	}
	fws := ctx.WebFrameworks()
	var missing []string
	if len(fws) == 0 {
		missing = append(missing, "no web framework or router")
	}
	if len(ctx.ByCategory("validation")) == 0 && len(present(ctx, validatingFrameworks)) == 0 {
		missing = append(missing, "no request validation library")
	}
	if len(missing) == 0 {
		return nil
	}
	msg := "The project is declared API-first " + ctx.Cite("project.type") + ", but its " + lang.Name +
		" stack (" + rule.Where(rule.TechEvidence(lang, 2)) + ") has " + rule.JoinAnd(missing) + "."
	brief := "The project is declared API-first " + ctx.Cite("project.type") + ", but its " + lang.Name +
		" stack has " + rule.JoinAnd(missing) + "."
	return []rule.Finding{{Message: msg, Brief: brief, Technologies: []string{lang.ID}, Evidence: rule.TechEvidence(lang, 2), Profile: []rule.ProfileRef{ctx.Ref("project.type")}, Subject: lang.ID}}
}
