package rules

import (
	"github.com/stacklint/stacklint/internal/rule"
)

// NoAuthStandard fires when a web service has no recognised authentication
// library or identity provider.
var NoAuthStandard = rule.Rule{
	Info: rule.Info{
		ID:        "security/no-auth-standard",
		Title:     "Web service without a standard authentication library",
		Criterion: rule.CriterionSecurity,
		Severity:  rule.SeverityWarning,
		Effort:    rule.EffortMedium,
		Doc: "Authentication written from scratch is where password storage, token validation and " +
			"session fixation bugs live. A maintained library or an identity provider has had those " +
			"found and fixed.\n\n" +
			"The rule applies when a profile is declared. It fires when the production stack has a web " +
			"framework but nothing of category `auth` (Passport, Spring Security, Devise, django-allauth, " +
			"Authlib, an OIDC/JWT library, Auth0, Keycloak, Cognito, Firebase Auth...) and the framework " +
			"has no built-in authentication (Django, Laravel, ASP.NET Core Identity, Phoenix's generators " +
			"count).",
		Remediation: "Use the ecosystem's standard authentication library or an identity provider " +
			"(OIDC), and keep credentials and tokens out of hand-written code.",
		NeedsProfile: true,
	},
	Uses:  rule.Uses{IDs: concat(authIDs, builtinAuth), Categories: []string{"auth"}},
	Check: checkNoAuthStandard,
}

var (
	builtinAuth = []string{"django", "laravel", "aspnet-core", "phoenix", "rails", "adonisjs", "symfony"}
	authIDs     = []string{"passport", "spring-security", "devise", "django-allauth", "authlib", "jsonwebtoken", "jose", "next-auth", "auth0", "keycloak", "cognito", "firebase-auth", "clerk", "supabase-auth", "oauth2-proxy", "pyjwt", "python-jose", "golang-jwt", "omniauth", "lucia", "better-auth"}
)

func checkNoAuthStandard(ctx *rule.Context) []rule.Finding {
	fw, ok := ctx.PrimaryFramework()
	if !ok {
		return nil
	}
	if len(present(ctx, authIDs, "auth")) > 0 || len(present(ctx, builtinAuth)) > 0 {
		return nil
	}
	return []rule.Finding{{
		Message: techAt(fw) + " serves requests, but no recognised authentication library or identity " +
			"provider is in the stack.",
		Brief:        fw.Name + " serves requests, but no recognised authentication library or identity provider is in the stack.",
		Technologies: []string{fw.ID},
		Evidence:     rule.TechEvidence(fw, 2),
		Profile:      ctx.Refs("project.type"),
		Component:    componentOf(fw),
		Subject:      fw.ID,
	}}
}
