package rules

import (
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// NoCI fires when the repository has no CI configuration.
var NoCI = rule.Rule{
	Info: rule.Info{
		ID:        "ops/no-ci",
		Title:     "No continuous integration",
		Criterion: rule.CriterionFit,
		Severity:  rule.SeverityWarning,
		Effort:    rule.EffortLow,
		Doc: "Without CI, nothing checks that the main branch builds and passes its tests, and every " +
			"release depends on someone's laptop.\n\n" +
			"The rule needs no profile. It fires when the repository has no CI pipeline definition " +
			"(GitHub Actions workflows, `.gitlab-ci.yml`, a Jenkinsfile, CircleCI, Azure Pipelines, " +
			"Bitbucket Pipelines...) and nothing of category `ci-cd` in the stack.",
		Remediation: "Add a pipeline that builds, tests and lints every push and pull request (for GitHub, " +
			"a workflow under `.github/workflows/`), and run stacklint in it.",
	},
	Uses:  rule.Uses{Categories: []string{"ci-cd"}},
	Check: checkNoCI,
}

func checkNoCI(ctx *rule.Context) []rule.Finding {
	if ctx.Stack == nil || len(ctx.Stack.Technologies) == 0 && len(ctx.Stack.Components) == 0 {
		return nil // nothing was detected: not a software repository we understand
	}
	if len(ctx.Facts(stack.FactCIPipeline)) > 0 {
		return nil
	}
	for _, t := range ctx.Stack.Technologies {
		if t.Category == "ci-cd" && t.Scope != stack.ScopeNonProduction {
			return nil
		}
	}
	return []rule.Finding{{
		Message: "The repository has no CI pipeline: no GitHub Actions workflow, .gitlab-ci.yml, Jenkinsfile " +
			"or other CI configuration was found.",
		Subject: "ci",
	}}
}
