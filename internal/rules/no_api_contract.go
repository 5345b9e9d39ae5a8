package rules

import (
	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// NoAPIContract fires when an API-first project has no API contract.
var NoAPIContract = rule.Rule{
	Info: rule.Info{
		ID:        "fit/no-api-contract",
		Title:     "API-first without an API contract",
		Criterion: rule.CriterionFit,
		Severity:  rule.SeverityWarning,
		Effort:    rule.EffortMedium,
		Doc: "For an API-first product the contract is the product: clients, SDKs, mocks, tests and " +
			"documentation come from it, and breaking changes are caught by diffing it.\n\n" +
			"The rule applies when `project.type = \"api-first\"`. It fires when the repository has no " +
			"contract document (an OpenAPI/Swagger file, `.proto` files, a GraphQL schema, AsyncAPI) and " +
			"no library that generates or serves one (categories `api-docs` and `api`: springdoc, " +
			"@nestjs/swagger, drf-spectacular, Swashbuckle, GraphQL and gRPC servers; FastAPI counts, it " +
			"publishes OpenAPI itself).",
		Remediation: "Write or generate an OpenAPI description (or a GraphQL schema, or .proto files), " +
			"commit it, and check it in CI for breaking changes.",
		NeedsProfile: true,
	},
	Uses:  rule.Uses{IDs: contractIDs, Categories: contractCategories},
	Check: checkNoAPIContract,
}

// contractCategories are API styles and their documentation tooling.
var contractCategories = []string{"api-docs", "api"}

var contractIDs = []string{"openapi", "graphql", "grpc", "protobuf", "fastapi", "springdoc", "nestjs-swagger", "drf-spectacular", "swashbuckle", "asyncapi", "trpc"}

func checkNoAPIContract(ctx *rule.Context) []rule.Finding {
	if ctx.P().Project.Type != profile.TypeAPIFirst {
		return nil
	}
	if len(ctx.Facts(stack.FactAPIContract)) > 0 || len(present(ctx, contractIDs, contractCategories...)) > 0 {
		return nil
	}
	var ev []stack.Evidence
	serves := " but"
	if fw, ok := ctx.PrimaryFramework(); ok {
		ev = rule.TechEvidence(fw, 1)
		serves = " " + fw.Name + " serves the API"
		if w := rule.Where(ev); w != "" {
			serves += " (" + w + ")"
		}
		serves += ", but"
	}
	return []rule.Finding{{
		Message: "The project is declared API-first " + ctx.Cite("project.type") + "," + serves + " there is no API contract: " +
			"no OpenAPI, GraphQL schema, .proto or AsyncAPI file, and no library that generates one.",
		Evidence: ev,
		Profile:  []rule.ProfileRef{ctx.Ref("project.type")},
		Subject:  "contract",
	}}
}
