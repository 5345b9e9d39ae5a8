package rules

import (
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// CommittedSecrets fires for secret-looking keys in committed .env files.
var CommittedSecrets = rule.Rule{
	Info: rule.Info{
		ID:        "security/committed-secrets",
		Title:     "Secrets committed in an environment file",
		Criterion: rule.CriterionSecurity,
		Severity:  rule.SeverityError,
		Effort:    rule.EffortLow,
		Doc: "A `.env` file in the repository with keys such as `DB_PASSWORD`, `API_KEY` or " +
			"`SECRET_KEY` puts credentials in every clone, fork and CI log, for as long as the history " +
			"lives.\n\n" +
			"The rule needs no profile. It fires for each secret-looking key of a committed `.env` file " +
			"(not `.env.example` or `.env.sample` templates). stacklint never reads or prints the values: " +
			"only key names and lines.",
		Remediation: "Remove the file from the repository and add it to `.gitignore`, rotate every " +
			"credential it held (it stays in the history), commit a `.env.example` with empty values " +
			"instead, and load real secrets from the platform's secret store.",
	},
	Check: checkCommittedSecrets,
}

func checkCommittedSecrets(ctx *rule.Context) []rule.Finding {
	var out []rule.Finding
	for _, f := range ctx.Facts(stack.FactCommittedSecret) {
		key := f.Attr("key")
		ev := rule.FactEvidence(f, "secret-looking key "+key)
		out = append(out, rule.Finding{
			Message:  "`" + f.File + "` is committed with the secret-looking key " + key + " (" + ev.String() + ").",
			Evidence: []stack.Evidence{ev},
			Subject:  f.File + "|" + key,
		})
	}
	return out
}
